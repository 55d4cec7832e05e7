package io.productionmanager.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text parsed before by the same build is answered from the cache with exactly what the parser gives; any other
 * text, another build, a garbled, cut or unreadable cache file, or a folder that cannot be written means parsing
 * as always; text with problems is never kept.
 */
class ParsedYamlCacheTest {

    private static final String TEXT = """
            # every kind of value the loader makes
            production:
              name: alpha
              count: 3
              big: 3000000000
              huge: 123456789012345678901234567890
              ratio: 0.5
              whole: 3.0
              inf: .inf
              nan: .nan
              yes: true
              no: false
              none: null
              tilde: ~
              empty: ""
              unicode: "żółw ✓ \\ud800 end"
              list: [1, two, 3.5, {a: b}, [], {}]
              nested:
                - x: 1
                  y: [a, b]
                - plain text
              octal: 0o17
              when: 2026-01-01
            zeta: last
            alpha: after zeta
            """;

    @TempDir
    Path tmp;

    private ParsedYamlCache cache(String build) {
        return new ParsedYamlCache(tmp.resolve("parsed"), build);
    }

    private List<Path> kept() throws IOException {
        if (!Files.isDirectory(tmp.resolve("parsed"))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(tmp.resolve("parsed"))) {
            return files.toList();
        }
    }

    /** Every node with its class, in order: two trees that differ in any value, type or order differ here. */
    private static List<String> typed(JsonNode node) {
        List<String> out = new ArrayList<>();
        walk(node, "", out);
        return out;
    }

    private static void walk(JsonNode node, String path, List<String> out) {
        out.add(path + " " + node.getClass().getSimpleName() + " " + (node.isContainerNode() ? "" : node.toString()));
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                walk(f.getValue(), path + "." + f.getKey(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", out);
            }
        }
    }

    private static void assertSame(YamlDocument actual, YamlDocument expected) {
        assertThat(typed(actual.root())).containsExactlyElementsOf(typed(expected.root()));
        assertThat(actual.root()).isEqualTo(expected.root());
        assertThat(actual.valuePositions()).isEqualTo(expected.valuePositions());
        assertThat(actual.keyPositions()).isEqualTo(expected.keyPositions());
        assertThat(actual.file()).isEqualTo(expected.file());
    }

    @Test
    void a_kept_result_is_exactly_what_the_parser_gives() throws IOException {
        ParsedYamlCache cache = cache("build 1");
        YamlDocument parsed = YamlLoader.parseText(TEXT, Path.of("a.yaml"));
        assertThat(cache.find(TEXT, Path.of("a.yaml"))).as("nothing kept yet").isNull();

        YamlDocument first = YamlLoader.parse(TEXT, Path.of("a.yaml"), cache);
        assertSame(first, parsed);
        assertThat(kept()).hasSize(1);

        YamlDocument fromCache = cache.find(TEXT, Path.of("other/b.yaml"));
        assertThat(fromCache).as("answered from the cache").isNotNull();
        assertSame(fromCache, YamlLoader.parseText(TEXT, Path.of("other/b.yaml")));
        assertSame(YamlLoader.parse(TEXT, Path.of("a.yaml"), cache), parsed);
        assertThat(fromCache.root().path("production").path("unicode").textValue()).contains("\ud800");
        assertThat(fromCache.problemAtValue("production.ratio", "m").toString())
                .isEqualTo(parsed.problemAtValue("production.ratio", "m").toString().replace("a.yaml", "other/b.yaml"));
        assertThat(kept()).as("a hit writes nothing").hasSize(1);
    }

    @Test
    void another_text_or_another_build_is_parsed_again() {
        ParsedYamlCache cache = cache("build 1");
        YamlLoader.parse(TEXT, Path.of("a.yaml"), cache);
        String changed = TEXT.replace("count: 3", "count: 4");
        assertThat(cache.find(changed, Path.of("a.yaml"))).isNull();
        assertThat(cache.find(TEXT + " ", Path.of("a.yaml"))).isNull();
        assertThat(cache("build 2").find(TEXT, Path.of("a.yaml"))).isNull();
        YamlDocument doc = YamlLoader.parse(changed, Path.of("a.yaml"), cache);
        assertThat(doc.root().path("production").path("count").intValue()).isEqualTo(4);
        assertThat(cache.find(changed, Path.of("a.yaml"))).isNotNull();
        assertThat(cache.find(TEXT, Path.of("a.yaml"))).as("both kept").isNotNull();
    }

    @Test
    void a_garbled_cut_or_foreign_file_is_no_answer() throws IOException {
        ParsedYamlCache cache = cache("build 1");
        YamlDocument parsed = YamlLoader.parse(TEXT, Path.of("a.yaml"), cache);
        Path file = kept().get(0);
        byte[] good = Files.readAllBytes(file);
        for (int at : new int[] {0, 40, good.length / 2, good.length - 12, good.length - 1}) {
            byte[] bad = good.clone();
            bad[at] ^= 0x10;
            Files.write(file, bad);
            assertThat(cache.find(TEXT, Path.of("a.yaml"))).as("byte " + at + " changed").isNull();
            assertSame(YamlLoader.parse(TEXT, Path.of("a.yaml"), cache), parsed);
            assertThat(Files.readAllBytes(file)).as("parsed and kept again").isEqualTo(good);
        }
        for (byte[] bad : List.of(new byte[0], new byte[] {1, 2, 3}, java.util.Arrays.copyOf(good, good.length - 9),
                java.util.Arrays.copyOf(good, good.length + 1), "garbage that is long enough".getBytes())) {
            Files.write(file, bad);
            assertThat(cache.find(TEXT, Path.of("a.yaml"))).isNull();
            assertSame(YamlLoader.parse(TEXT, Path.of("a.yaml"), cache), parsed);
        }
        Files.delete(file);
        Files.createDirectory(file);
        assertThat(cache.find(TEXT, Path.of("a.yaml"))).as("a folder in its place").isNull();
        assertSame(YamlLoader.parse(TEXT, Path.of("a.yaml"), cache), parsed);
    }

    @Test
    void text_with_problems_is_never_kept_and_reports_the_same_problems() throws IOException {
        ParsedYamlCache cache = cache("build 1");
        for (String bad : List.of("a: 1\na: 2\n", "a: [1, 2\n", "<<: {a: 1}\n", "", "? [a]\n: 1\n")) {
            List<String> first = problems(bad, null);
            List<String> cached = problems(bad, cache);
            List<String> again = problems(bad, cache);
            assertThat(first).as(bad).isNotEmpty();
            assertThat(cached).isEqualTo(first);
            assertThat(again).isEqualTo(first);
        }
        assertThat(kept()).isEmpty();
    }

    private static List<String> problems(String text, ParsedYamlCache cache) {
        try {
            YamlLoader.parse(text, Path.of("bad.yaml"), cache);
            return List.of();
        } catch (ConfigException e) {
            return e.problems().stream().map(Object::toString).toList();
        }
    }

    @Test
    void a_folder_that_cannot_be_written_only_means_parsing_every_time() throws IOException {
        Files.writeString(tmp.resolve("parsed"), "a file where the folder would be");
        ParsedYamlCache cache = cache("build 1");
        YamlDocument parsed = YamlLoader.parseText(TEXT, Path.of("a.yaml"));
        assertSame(YamlLoader.parse(TEXT, Path.of("a.yaml"), cache), parsed);
        assertSame(YamlLoader.parse(TEXT, Path.of("a.yaml"), cache), parsed);
        assertThat(cache.find(TEXT, Path.of("a.yaml"))).isNull();
        assertThatThrownBy(() -> YamlLoader.parse("a: [", Path.of("bad.yaml"), cache)).isInstanceOf(ConfigException.class);
    }
}
