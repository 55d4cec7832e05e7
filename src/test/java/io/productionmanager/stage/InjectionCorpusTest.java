package io.productionmanager.stage;

import io.productionmanager.config.ProductionConfig;
import io.productionmanager.testsupport.Configs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

import static io.productionmanager.testsupport.Configs.aConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * Hostile text in every string that reaches a batch script is either refused with an error naming the
 * field, or (where arbitrary text is legitimate) passed through as inert data when the script really runs.
 */
class InjectionCorpusTest {

    @TempDir
    Path tmp;

    private Path canary() {
        return tmp.resolve("CANARY");
    }

    /** Each value would create the canary file if any shell evaluated it. */
    private List<String> corpus() {
        String c = canary().toString();
        return List.of(
                "; touch " + c,
                "; rm -rf ~",
                "$(touch " + c + ")",
                "`touch " + c + "`",
                "x\ntouch " + c,
                "x\rtouch " + c,
                "'; touch " + c + "; '",
                "\"; touch " + c + "; \"",
                "\\",
                "x\\",
                "a | touch " + c,
                "a && touch " + c,
                "> " + c,
                "*",
                "${IFS}touch${IFS}" + c,
                "$IFS$(touch " + c + ")$HOME",
                "#",
                "x\ty");
    }

    private RenderedBatch stage(ProductionConfig cfg, List<TaskSpec> tasks, Path appJar) {
        return new ScriptRenderer(null).render(cfg, cfg.productionDir(), 0, tasks, BatchResources.of(cfg), appJar);
    }

    private RenderedBatch stage(ProductionConfig cfg) {
        return stage(cfg, List.of(task(tmp.resolve("prod/test_prod/out/r0/catalog.txt"))), null);
    }

    private static TaskSpec task(Path output) {
        return new TaskSpec("r0000_z0.500", 0, 0.5, output, 0);
    }

    private Configs.Builder base() {
        return aConfig().basePath(tmp.resolve("prod"));
    }

    @Test
    void hostile_resource_strings_are_refused_naming_the_field() {
        List<String> fields = List.of("resources.account", "resources.partition", "resources.qos", "resources.constraint");
        List<BiFunction<Configs.Builder, String, Configs.Builder>> setters = List.of(
                Configs.Builder::account, Configs.Builder::partition, Configs.Builder::qos, Configs.Builder::constraint);
        assertSoftly(soft -> {
            for (int f = 0; f < fields.size(); f++) {
                for (String value : corpus()) {
                    ProductionConfig cfg = setters.get(f).apply(base(), value).build();
                    soft.assertThatThrownBy(() -> stage(cfg)).as("%s = %s", fields.get(f), value)
                            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(fields.get(f));
                }
            }
        });
        assertThat(canary()).doesNotExist();
        assertThat(tmp.resolve("prod")).as("nothing written for a refused batch").doesNotExist();
    }

    @Test
    void hostile_production_names_are_refused_naming_the_field() {
        assertSoftly(soft -> {
            for (String value : corpus()) {
                // The production directory is derived separately here, so only the name itself is under test.
                ProductionConfig cfg = base().name(value).build();
                soft.assertThatThrownBy(() -> new ScriptRenderer(null).render(cfg, tmp.resolve("prod/x"), 0,
                                List.of(task(tmp.resolve("o/c.txt"))), BatchResources.of(cfg), null))
                        .as("name = %s", value).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("name:");
            }
        });
        assertThat(canary()).doesNotExist();
    }

    @Test
    void hostile_base_paths_are_refused_because_sbatch_lines_cannot_quote() {
        assertSoftly(soft -> {
            for (String value : corpus()) {
                ProductionConfig cfg = aConfig().basePath(tmp.resolve("base " + value.replace("\0", ""))).build();
                soft.assertThatThrownBy(() -> stage(cfg)).as("base_path with %s", value)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("outputs.base_path")
                        .hasMessageContaining("#SBATCH");
            }
        });
        assertThatThrownBy(() -> stage(aConfig().basePath(tmp.resolve("with space")).build()))
                .hasMessageContaining("no spaces");
        assertThat(canary()).doesNotExist();
    }

    @Test
    void hostile_job_ids_are_refused() {
        for (String value : corpus()) {
            assertThatThrownBy(() -> new TaskSpec(value, 0, 0.5, tmp.resolve("o"), 0)).as("job id %s", value)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job id");
        }
    }

    @Test
    void hostile_command_words_reach_the_command_as_literal_text_when_the_script_runs() throws Exception {
        for (String value : corpus()) {
            if (value.indexOf('\r') >= 0 || value.contains("${")) {
                // A carriage return cannot be kept; ${NAME} reads as an unknown placeholder: both refused, naming the word.
                assertThatThrownBy(() -> stage(base().command("/bin/echo", value).build()))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("execution.command word 2");
                continue;
            }
            RenderedBatch b = stage(base().command("/bin/echo", value, "[" + value + "]").build());
            assertThat(BashProcess.syntaxCheck(b.script()).exitCode()).as("bash -n with word %s", value).isZero();

            BashProcess.Result run = BashProcess.runTask(b.script(), "0");

            assertThat(run.exitCode()).as("word %s: %s", value, run.stderr()).isZero();
            assertThat(run.stdout()).as("echo printed the literal word").isEqualTo(value + " [" + value + "]\n");
            assertThat(canary()).as("canary after word %s", value).doesNotExist();
        }
    }

    @Test
    void a_hostile_word_in_command_position_is_just_a_command_that_does_not_exist() throws Exception {
        RenderedBatch b = stage(base().command("$(touch " + canary() + ")").build());

        BashProcess.Result run = BashProcess.runTask(b.script(), "0");

        assertThat(run.exitCode()).isEqualTo(127);
        assertThat(canary()).doesNotExist();
    }

    @Test
    void hostile_text_around_placeholders_stays_inert() throws Exception {
        String hostile = "$(touch " + canary() + ")";
        RenderedBatch b = stage(base().command("/bin/echo", hostile + "{job_id}'`{redshift}").build());

        BashProcess.Result run = BashProcess.runTask(b.script(), "0");

        assertThat(run.stdout()).isEqualTo(hostile + "r0000_z0.500'`0.5\n");
        assertThat(canary()).doesNotExist();
    }

    @Test
    void hostile_output_paths_are_data_from_the_manifest_and_only_expanded_in_double_quotes() throws Exception {
        for (String value : corpus()) {
            Path output = tmp.resolve("out").resolve(value.replace("/", "_")).resolve("catalog.txt");
            if (value.contains("\n") || value.contains("\r") || value.contains("\t")) {
                assertThatThrownBy(() -> task(output)).as("output path with %s", value)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output path");
                continue;
            }
            RenderedBatch b = stage(base().command("touch", "{output}").build(), List.of(task(output)), null);

            BashProcess.Result run = BashProcess.runTask(b.script(), "0");

            assertThat(run.exitCode()).as("output path with %s: %s", value, run.stderr()).isZero();
            assertThat(output).as("the file appears at the literal path").exists();
            assertThat(canary()).as("canary after output path %s", value).doesNotExist();
        }
    }

    @Test
    void a_hostile_application_jar_path_is_single_quoted_literal_text() throws Exception {
        Path jar = tmp.resolve("jars/'$(touch " + canary().getFileName() + ")`x`; |&*.jar");
        RenderedBatch b = stage(base().command("/bin/echo", "{app_jar}").build(),
                List.of(task(tmp.resolve("prod/out/c.txt"))), jar);

        BashProcess.Result run = BashProcess.runTask(b.script(), "0");

        assertThat(run.stdout()).isEqualTo(jar + "\n");
        assertThat(canary()).doesNotExist();
        assertThat(Files.exists(tmp.resolve("jars").resolve("CANARY"))).isFalse();
        assertThatThrownBy(() -> stage(base().command("{app_jar}").build(), List.of(task(tmp.resolve("o/c"))),
                tmp.resolve("a\nb.jar"))).hasMessageContaining("application jar path");
    }

    @Test
    void hostile_science_parameters_reach_the_job_as_literal_text_in_placeholders_and_the_environment() throws Exception {
        for (String value : corpus()) {
            Configs.Builder cfg = base().cosmology(value).catalogParams(java.util.Map.of("v", value))
                    .command("/bin/echo", "{cosmology}", "[{param.v}]")
                    .checkCommand("/usr/bin/printenv", "PM_COSMOLOGY", "PM_CATALOG_PARAMS");
            if (value.indexOf('\r') >= 0) {
                // a carriage return cannot be kept in a script: refused, naming the field
                assertThatThrownBy(() -> stage(cfg.build())).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("science.");
                continue;
            }
            RenderedBatch b = stage(cfg.build());
            assertThat(BashProcess.syntaxCheck(b.script()).exitCode()).as("bash -n with value %s", value).isZero();

            BashProcess.Result run = BashProcess.runTask(b.script(), "0");

            String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(java.util.Map.of("v", value));
            assertThat(run.exitCode()).as("value %s: %s", value, run.stderr()).isZero();
            assertThat(run.stdout()).as("placeholders, then the environment the check command sees")
                    .isEqualTo(value + " [" + value + "]\n" + value + "\n" + json + "\n");
            assertThat(canary()).as("canary after value %s", value).doesNotExist();
        }
    }

    @Test
    void hostile_check_command_words_reach_the_check_as_literal_text() throws Exception {
        for (String value : corpus()) {
            if (value.indexOf('\r') >= 0 || value.contains("${")) {
                assertThatThrownBy(() -> stage(base().checkCommand("/bin/echo", value).build()))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("outputs.validation.check_command word 2");
                continue;
            }
            RenderedBatch b = stage(base().command("/bin/true").checkCommand("/bin/echo", value, "[" + value + "]").build());

            BashProcess.Result run = BashProcess.runTask(b.script(), "0");

            assertThat(run.exitCode()).as("word %s: %s", value, run.stderr()).isZero();
            assertThat(run.stdout()).isEqualTo(value + " [" + value + "]\n");
            assertThat(canary()).as("canary after check word %s", value).doesNotExist();
        }
    }
}
