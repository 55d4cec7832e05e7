package io.productionmanager.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** YAML parsing keeps positions, types scalars as YAML does, and turns structural mistakes into problems. */
class YamlLoaderTest {

    private static final Path FILE = Path.of("config/productions/x.yaml");

    @Test
    void every_key_and_value_keeps_its_line_and_column() {
        YamlDocument doc = YamlLoader.parse("""
                a:
                  b: 1
                  list: [x, 2.5]
                """, FILE);
        assertThat(doc.keyPosition("a.b")).isEqualTo(new Position(2, 3));
        assertThat(doc.valuePosition("a.b")).isEqualTo(new Position(2, 6));
        assertThat(doc.valuePosition("a.list[1]")).isEqualTo(new Position(3, 13));
        assertThat(doc.root().path("a").path("b").isInt()).isTrue();
        assertThat(doc.root().path("a").path("list").get(1).isDouble()).isTrue();
        assertThat(doc.root().path("a").path("list").get(0).isTextual()).isTrue();
    }

    @Test
    void quoted_numbers_stay_text_and_yaml_integer_forms_are_numbers() {
        YamlDocument doc = YamlLoader.parse("q: \"12\"\nu: 1_000\nh: 0x10\nt: true\nn: ~\n", FILE);
        assertThat(doc.root().get("q").isTextual()).isTrue();
        assertThat(doc.root().get("u").intValue()).isEqualTo(1000);
        assertThat(doc.root().get("h").intValue()).isEqualTo(16);
        assertThat(doc.root().get("t").booleanValue()).isTrue();
        assertThat(doc.root().get("n").isNull()).isTrue();
    }

    @Test
    void duplicate_keys_are_all_reported_with_their_own_lines() {
        assertThatThrownBy(() -> YamlLoader.parse("a: 1\nb: 2\na: 3\nb: 4\n", FILE))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(ConfigProblem::toString)
                        .containsExactly("config/productions/x.yaml:3:1: a: duplicate key 'a' (first defined at line 1)",
                                "config/productions/x.yaml:4:1: b: duplicate key 'b' (first defined at line 2)"));
    }

    @Test
    void empty_files_multiple_documents_and_merge_keys_are_refused() {
        assertThatThrownBy(() -> YamlLoader.parse("# nothing\n", FILE)).hasMessage("config/productions/x.yaml:1:1: the file is empty");
        assertThatThrownBy(() -> YamlLoader.parse("a: 1\n---\nb: 2\n", FILE)).hasMessageContaining(":2:1: malformed YAML");
        assertThatThrownBy(() -> YamlLoader.parse("base: &b {x: 1}\nc:\n  <<: *b\n", FILE))
                .hasMessage("config/productions/x.yaml:3:3: c.<<: merge keys ('<<') are not supported");
    }
}
