package io.productionmanager.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration shipped in config/ is valid, and the schemas bundled in the jar are the same files. */
class ProjectConfigTest {

    private final Path config = ConfigFixtures.projectDir().resolve("config");
    private final ConfigResolver resolver = new ConfigResolver(config);

    @Test
    void the_seed_example_validates_for_nersc() {
        ResolvedConfig r = resolver.resolve(config.resolve("examples/seed_example.yaml").toString(), "nersc", Map.of());
        assertThat(r.config().name()).isEqualTo("production_identifier");
        assertThat(r.config().science().jobCount()).isEqualTo(8000);
        // the production's 24 h beats the nersc cpu_intensive override's 12 h
        assertThat(r.config().execution().timeoutHours()).isEqualTo(24.0);
        assertThat(r.config().resources().account()).isEqualTo("m4943");
        assertThat(r.config().resources().qos()).isEqualTo("regular");
        assertThat(r.config().execution().executor()).isEqualTo("slurm");
    }

    @Test
    void config_productions_ships_one_tiny_production_that_runs_on_this_machine_for_any_machine() throws Exception {
        try (var files = Files.list(config.resolve("productions"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("tiny.yaml");
        }
        for (String machine : new String[] {"local", "nersc"}) {
            ResolvedConfig tiny = resolver.resolve("tiny", machine, Map.of());
            assertThat(tiny.config().science().jobCount()).as(machine).isEqualTo(4);
            assertThat(tiny.config().execution().executor()).as(machine).isEqualTo("local");
            assertThat(tiny.config().execution().autoSubmit()).as("staged only until a user submits").isFalse();
        }
    }

    @Test
    void the_examples_validate_for_both_machines() {
        for (String machine : new String[] {"local", "nersc"}) {
            assertThat(resolver.resolve(config.resolve("examples/alpha.yaml").toString(), machine, Map.of())
                    .config().science().jobCount()).isEqualTo(40_000);
        }
        assertThat(resolver.resolve(config.resolve("examples/production_template.yaml").toString(), "nersc", Map.of())
                .config().name()).isEqualTo("my_production");
    }

    @Test
    void on_nersc_a_production_memory_request_beats_the_memory_intensive_override(@org.junit.jupiter.api.io.TempDir Path tmp) {
        Path copy = ConfigFixtures.copyOfProjectConfig(tmp);
        ConfigFixtures.write(copy.resolve("productions/big.yaml"), """
                production: {name: big}
                science: {redshifts: [1.0], realizations: {count: 2}}
                execution: {job_type: memory_intensive}
                resources: {memory_gb: 128}
                """);
        ResolvedConfig r = new ConfigResolver(copy).resolve("big", "nersc", Map.of());
        assertThat(r.config().resources().memoryGb()).isEqualTo(128.0);
        assertThat(r.sources()).containsEntry("resources.memory_gb", "config/productions/big.yaml");
        assertThat(r.config().execution().timeoutHours()).isEqualTo(12.0);
        assertThat(r.sources()).containsEntry("execution.timeout_hours", "config/defaults/nersc.yaml");
    }

    @Test
    void the_local_machine_runs_the_mock_generator() {
        ResolvedConfig r = resolver.resolve("tiny", "local", Map.of());
        assertThat(r.config().execution().executor()).isEqualTo("local");
        assertThat(r.config().execution().command()).containsExactly("java", "-cp", "{app_jar}",
                "io.productionmanager.mock.MockCatalogGenerator", "--realization", "{realization}", "--redshift", "{redshift}",
                "--output", "{output}", "--attempt", "{attempt}");
        assertThat(r.config().resources().account()).isNull();
        assertThat(r.config().resources().partition()).isEqualTo("debug");
    }

    @Test
    void no_command_is_built_in_so_a_production_without_one_on_nersc_has_none_and_a_warning() {
        String alpha = config.resolve("examples/alpha.yaml").toString();
        ResolvedConfig r = resolver.resolve(alpha, "nersc", Map.of());
        assertThat(r.config().execution().command()).isEmpty();
        assertThat(r.sources()).doesNotContainKey("execution.command");
        assertThat(r.warnings()).singleElement().satisfies(w -> {
            assertThat(w.field()).isEqualTo("execution.command");
            assertThat(w.file()).isEqualTo(Path.of("config/examples/alpha.yaml"));
            assertThat(w.message()).startsWith("required for machine 'nersc' (executor slurm)");
        });
        assertThat(resolver.resolve(alpha, "local", Map.of()).warnings()).isEmpty();
    }

    @Test
    void the_toy_generators_productions_declare_its_datasets() {
        for (String file : new String[] {"productions/tiny.yaml", "examples/alpha.yaml",
                "examples/seed_example.yaml", "examples/production_template.yaml"}) {
            ResolvedConfig r = resolver.resolve(config.resolve(file).toString(), "local", Map.of());
            assertThat(r.config().outputs().validation().requiredDatasets()).as(file)
                    .containsExactly("x", "y", "z", "magnitude");
        }
    }

    @Test
    void the_schemas_bundled_on_the_classpath_are_the_files_in_config_schemas() throws Exception {
        for (String name : new String[] {"production_schema.yaml", "machine_schema.yaml"}) {
            try (var bundled = ProjectConfigTest.class.getResourceAsStream("/schemas/" + name)) {
                assertThat(bundled).as("bundled " + name).isNotNull();
                assertThat(new String(bundled.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).as(name)
                        .isEqualTo(Files.readString(config.resolve("schemas").resolve(name)));
            }
        }
    }
}
