package io.productionmanager.config;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every file in src/test/resources/invalid-configs is an invalid configuration whose header comments say
 * which problems (line and field path) resolving it must report, and nothing else.
 */
class InvalidConfigTest {

    private static final Path CASES = ConfigFixtures.projectDir().resolve("src/test/resources/invalid-configs");

    @TempDir
    Path tmp;

    static Stream<Path> cases() throws IOException {
        try (Stream<Path> files = Files.list(CASES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reports_exactly_the_expected_problems_at_the_expected_lines(Path caseFile) throws IOException {
        String text = Files.readString(caseFile);
        String stem = ProductionName.stem(caseFile);
        String machine = header(text, "machine").stream().findFirst().orElse("local");
        String installAs = header(text, "install-as").stream().findFirst().orElse("productions/" + stem + ".yaml");
        String resolve = header(text, "resolve").stream().findFirst().orElse(stem);
        List<String> expected = header(text, "expect");
        List<String> messages = header(text, "message");
        assertThat(expected).as("the case states what it expects").isNotEmpty();

        Path config = ConfigFixtures.copyOfProjectConfig(tmp);
        Files.copy(caseFile, config.resolve(installAs));

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigResolver(config).resolve(resolve, machine, Map.of()));

        assertThat(e).as("resolving %s must fail", caseFile.getFileName()).isNotNull();
        List<String> reported = new ArrayList<>();
        for (ConfigProblem p : e.problems()) {
            reported.add(p.line() + " " + (p.field().isEmpty() ? "-" : p.field()));
            if (p.line() > 0) {
                assertThat(p.file()).as("problem file of %s", p).isEqualTo(Path.of("config").resolve(installAs));
                assertThat(p.column()).as("column of %s", p).isPositive();
            } else {
                assertThat(p.file()).as("a problem without a line is not in a file: %s", p).isNull();
            }
        }
        assertThat(reported).as("problems reported: %s", e.getMessage()).containsExactlyElementsOf(expected);
        for (String message : messages) {
            assertThat(e.problems().get(0).message()).contains(message);
        }
    }

    private static List<String> header(String text, String key) {
        List<String> values = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("# " + key + ": ")) {
                values.add(line.substring(key.length() + 4).trim());
            }
        }
        return values;
    }
}
