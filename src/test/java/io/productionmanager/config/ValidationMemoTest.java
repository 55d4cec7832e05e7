package io.productionmanager.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A document that passed a schema passes again without the validator being built; a document with problems,
 * a changed document, another schema or another build is checked, and reports the same problems every time.
 */
class ValidationMemoTest {

    private static final String SCHEMA = """
            type: object
            additionalProperties: false
            required: [name]
            properties:
              name: {type: string, pattern: "^[a-z]+$"}
              size: {type: integer, minimum: 1}
            """;

    @TempDir
    Path tmp;

    private static YamlDocument yaml(String text) {
        return YamlLoader.parse(text, Path.of("doc.yaml"));
    }

    private SchemaValidator validator(ValidationMemo memo) {
        return new SchemaValidator(SCHEMA, Path.of("schema.yaml"), memo);
    }

    private long remembered() throws IOException {
        if (!Files.isDirectory(tmp.resolve("memo"))) {
            return 0;
        }
        try (Stream<Path> files = Files.list(tmp.resolve("memo"))) {
            return files.count();
        }
    }

    @Test
    void a_pass_is_remembered_and_answers_without_building_the_validator() throws IOException {
        ValidationMemo memo = new ValidationMemo(tmp.resolve("memo"), "build 1");
        YamlDocument doc = yaml("name: alpha\nsize: 3\n");
        SchemaValidator first = validator(memo);
        assertThat(first.validate(doc)).isEmpty();
        assertThat(first.built()).isTrue();
        assertThat(remembered()).isEqualTo(1);

        SchemaValidator second = validator(memo);
        assertThat(second.validate(yaml("name: alpha\nsize: 3\n"))).isEmpty();
        assertThat(second.built()).as("answered by the memo").isFalse();

        // the file must hold the whole document: one that holds anything else is no pass
        Path kept;
        try (Stream<Path> files = Files.list(tmp.resolve("memo"))) {
            kept = files.findFirst().orElseThrow();
        }
        Files.writeString(kept, Files.readString(kept).replace("alpha", "gamma"));
        SchemaValidator third = validator(memo);
        assertThat(third.validate(yaml("name: alpha\nsize: 3\n"))).isEmpty();
        assertThat(third.built()).isTrue();
        assertThat(Files.readString(kept)).contains("alpha");
    }

    @Test
    void problems_are_never_remembered_and_reported_every_time() throws IOException {
        ValidationMemo memo = new ValidationMemo(tmp.resolve("memo"), "build 1");
        YamlDocument bad = yaml("name: Alpha\nsize: 0\nextra: 1\n");
        List<ConfigProblem> once = validator(memo).validate(bad);
        List<ConfigProblem> again = validator(memo).validate(bad);
        List<ConfigProblem> without = validator(null).validate(bad);
        assertThat(once).hasSize(3);
        assertThat(again).isEqualTo(once);
        assertThat(without).isEqualTo(once);
        assertThat(remembered()).isZero();
    }

    @Test
    void a_changed_value_or_type_is_checked_again() {
        ValidationMemo memo = new ValidationMemo(tmp.resolve("memo"), "build 1");
        assertThat(validator(memo).validate(yaml("name: alpha\nsize: 3\n"))).isEmpty();

        SchemaValidator v = validator(memo);
        // 3.0 is a float where 3 was an integer: another document to the memo, checked (and passing) again
        assertThat(v.validate(yaml("name: alpha\nsize: 3.0\n"))).isEmpty();
        assertThat(v.built()).isTrue();
        assertThat(validator(memo).validate(yaml("name: alpha\nsize: 3.5\n"))).extracting(ConfigProblem::field)
                .containsExactly("size");
        assertThat(validator(memo).validate(yaml("name: alpha\nsize: -3\n"))).extracting(ConfigProblem::field)
                .containsExactly("size");
    }

    @Test
    void another_schema_or_build_checks_again() {
        YamlDocument doc = yaml("name: alpha\n");
        ValidationMemo build1 = new ValidationMemo(tmp.resolve("memo"), "build 1");
        assertThat(validator(build1).validate(doc)).isEmpty();

        SchemaValidator otherBuild = validator(new ValidationMemo(tmp.resolve("memo"), "build 2"));
        assertThat(otherBuild.validate(doc)).isEmpty();
        assertThat(otherBuild.built()).isTrue();

        SchemaValidator stricter = new SchemaValidator(SCHEMA.replace("required: [name]", "required: [name, size]"),
                Path.of("schema.yaml"), build1);
        assertThat(stricter.validate(doc)).extracting(ConfigProblem::message).containsExactly("required key 'size' is missing");
    }

    @Test
    void a_folder_that_cannot_be_written_only_means_checking_every_time() throws IOException {
        Files.writeString(tmp.resolve("file"), "not a folder");
        ValidationMemo memo = new ValidationMemo(tmp.resolve("file").resolve("memo"), "build 1");
        assertThat(validator(memo).validate(yaml("name: alpha\n"))).isEmpty();
        SchemaValidator again = validator(memo);
        assertThat(again.validate(yaml("name: alpha\n"))).isEmpty();
        assertThat(again.built()).isTrue();
        assertThat(validator(memo).validate(yaml("name: 1\n"))).extracting(ConfigProblem::field).containsExactly("name");
    }
}
