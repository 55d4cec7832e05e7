package io.productionmanager.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each level of precedence beats the one below it, and the sources map names the level that won. */
class ConfigResolverPrecedenceTest {

    private static final String MACHINE = """
            resources:
              account: "m0001"
              partition: "regular"
              memory_gb: 250.0
              cpus_per_task: 2
            job_type_overrides:
              cpu_intensive:
                memory_gb: 240.0
                partition: "shared"
                timeout_hours: 12.0
            execution:
              max_queued: 77
            """;

    private static final String PRODUCTION_HEAD = """
            production:
              name: prec
              version: "v1.0"
            science:
              redshifts: [0.5, 1.0]
              realizations: {count: 4}
            """;

    @TempDir
    Path tmp;

    Path config;

    @BeforeEach
    void setUp() {
        config = tmp.resolve("config");
        ConfigFixtures.write(config.resolve("defaults/site.yaml"), MACHINE);
    }

    private ResolvedConfig resolve(String productionTail, Map<String, String> flags) {
        ConfigFixtures.write(config.resolve("productions/prec.yaml"), PRODUCTION_HEAD + productionTail);
        return new ConfigResolver(config).resolve("prec", "site", flags);
    }

    @Test
    void built_in_defaults_fill_what_nobody_sets() {
        ResolvedConfig r = resolve("", Map.of());
        assertThat(r.config().execution().retryPolicy().timeoutFactor()).isEqualTo(1.5);
        assertThat(r.sources()).containsEntry("execution.retry_policy.timeout_factor", "built-in");
        assertThat(r.config().resources().gpusPerNode()).isZero();
        assertThat(r.sources()).containsEntry("resources.gpus_per_node", "built-in");
    }

    @Test
    void machine_resources_beat_built_in_defaults() {
        ResolvedConfig r = resolve("", Map.of());
        assertThat(r.config().resources().cpusPerTask()).isEqualTo(2);
        assertThat(r.sources()).containsEntry("resources.cpus_per_task", "config/defaults/site.yaml");
        assertThat(r.config().resources().account()).isEqualTo("m0001");
    }

    @Test
    void job_type_override_beats_machine_resources() {
        ResolvedConfig r = resolve("", Map.of());
        assertThat(r.config().resources().memoryGb()).isEqualTo(240.0);
        assertThat(r.config().resources().partition()).isEqualTo("shared");
        assertThat(r.config().execution().timeoutHours()).isEqualTo(12.0);
        assertThat(r.sources()).containsEntry("execution.timeout_hours", "config/defaults/site.yaml");
    }

    @Test
    void machine_execution_defaults_beat_job_type_override_and_built_in() {
        ConfigFixtures.write(config.resolve("defaults/site.yaml"), MACHINE + "  timeout_hours: 20.0\n");
        ResolvedConfig r = resolve("", Map.of());
        assertThat(r.config().execution().timeoutHours()).isEqualTo(20.0);
        assertThat(r.config().execution().maxQueued()).isEqualTo(77);
        assertThat(r.sources()).containsEntry("execution.max_queued", "config/defaults/site.yaml");
    }

    @Test
    void production_resources_beat_the_job_type_override_240_vs_128() {
        ResolvedConfig r = resolve("""
                resources:
                  memory_gb: 128.0
                """, Map.of());
        assertThat(r.config().resources().memoryGb()).isEqualTo(128.0);
        assertThat(r.sources()).containsEntry("resources.memory_gb", "config/productions/prec.yaml");
        // the override's other keys still apply: only what the production sets wins
        assertThat(r.config().resources().partition()).isEqualTo("shared");
        assertThat(r.sources()).containsEntry("resources.partition", "config/defaults/site.yaml");
    }

    @Test
    void production_timeout_beats_the_job_type_override() {
        ResolvedConfig r = resolve("""
                execution:
                  timeout_hours: 3.0
                  max_queued: 5
                """, Map.of());
        assertThat(r.config().execution().timeoutHours()).isEqualTo(3.0);
        assertThat(r.config().execution().maxQueued()).isEqualTo(5);
        assertThat(r.sources()).containsEntry("execution.timeout_hours", "config/productions/prec.yaml");
    }

    @Test
    void command_line_flags_beat_the_production() {
        ResolvedConfig r = resolve("""
                execution:
                  batch_size: 10
                """, Map.of("production.version", "2.0", "execution.batch_size", "20"));
        assertThat(r.config().version()).isEqualTo("2.0");
        assertThat(r.sources()).containsEntry("production.version", "--version");
        assertThat(r.config().execution().batchSize()).isEqualTo(20);
        assertThat(r.sources()).containsEntry("execution.batch_size", "--set execution.batch_size");
    }

    @Test
    void a_bad_flag_value_is_reported_as_a_command_line_problem() {
        ConfigFixtures.write(config.resolve("productions/prec.yaml"), PRODUCTION_HEAD);
        ConfigResolver resolver = new ConfigResolver(config);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> resolver.resolve("prec", "site", Map.of("execution.batch_size", "zero")))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).file()).isNull();
                    assertThat(e.problems().get(0).field()).isEqualTo("execution.batch_size");
                    assertThat(e.problems().get(0).toString())
                            .isEqualTo("command line: execution.batch_size: expected integer, found string 'zero' (set by --set execution.batch_size)");
                });
    }

    @Test
    void relative_base_path_is_pinned_to_the_folder_holding_the_config_directory_and_sha256_is_of_the_file()
            throws Exception {
        ResolvedConfig r = resolve("""
                outputs:
                  base_path: "out/prods"
                """, Map.of());
        Path project = config.toAbsolutePath().normalize().getParent();
        assertThat(project).as("the test's config folder is not the working folder's").isNotEqualTo(Path.of("").toAbsolutePath());
        assertThat(r.config().outputs().basePath()).isEqualTo(project.resolve("out/prods"));
        assertThat(r.tree()).extractingByKey("outputs").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("base_path", project.resolve("out/prods").toString());
        byte[] bytes = Files.readAllBytes(config.resolve("productions/prec.yaml"));
        assertThat(r.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
    }

    @Test
    void the_written_resolved_yaml_reads_back_to_the_same_configuration() throws Exception {
        ResolvedConfig r = resolve("""
                execution:
                  command: "gen --seed {realization} --z '{redshift}' --out {output}"
                """, Map.of("production.version", "v9"));
        Path written = tmp.resolve("production_config.yaml");
        Files.writeString(written, r.toYaml());

        ResolvedConfig back = ResolvedConfig.fromResolvedYaml(written);

        assertThat(back.config()).isEqualTo(r.config());
        assertThat(back.sources()).isEqualTo(r.sources());
        assertThat(back.sha256()).isEqualTo(r.sha256());
        assertThat(back.tree()).isEqualTo(r.tree());
        assertThat(back.config().execution().command())
                .containsExactly("gen", "--seed", "{realization}", "--z", "{redshift}", "--out", "{output}");
    }
}
