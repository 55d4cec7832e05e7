package io.productionmanager.stage;

import io.productionmanager.config.ProductionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static io.productionmanager.testsupport.Configs.aConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptRendererTest {

    @TempDir
    Path tmp;

    private final ScriptRenderer bundled = new ScriptRenderer(null);

    private List<TaskSpec> tasks(int n) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> new TaskSpec(String.format("r%04d_z0.500", i), i, 0.5,
                        tmp.resolve("prod/outputs/r" + i + "/z0.500/catalog.h5"), 0))
                .toList();
    }

    private RenderedBatch render(ProductionConfig cfg, int batch, int n) {
        return bundled.render(cfg, tmp.resolve("prod"), batch, tasks(n), BatchResources.of(cfg), null);
    }

    private static List<String> sbatchLines(Path script) throws IOException {
        return Files.readAllLines(script).stream().filter(l -> l.startsWith("#SBATCH")).toList();
    }

    @Test
    void every_resolved_resource_appears_as_an_sbatch_line() throws Exception {
        ProductionConfig cfg = aConfig().name("cov_mocks").account("m4943").partition("regular").qos("premium")
                .constraint("cpu").nodesPerJob(2).tasksPerNode(4).cpusPerTask(8).gpusPerNode(1)
                .memoryGb(16).timeoutHours(24.0).arrayThrottle(50).build();

        RenderedBatch b = render(cfg, 3, 5);
        Path logs = tmp.resolve("prod/logs").toAbsolutePath();

        assertThat(sbatchLines(b.script())).containsExactly(
                "#SBATCH --job-name=pm_cov_mocks_b0003",
                "#SBATCH --array=0-4%50",
                "#SBATCH --output=" + logs + "/batch_0003/out/%a.out",
                "#SBATCH --error=" + logs + "/batch_0003/err/%a.err",
                "#SBATCH --account=m4943",
                "#SBATCH --partition=regular",
                "#SBATCH --qos=premium",
                "#SBATCH --constraint=cpu",
                "#SBATCH --nodes=2",
                "#SBATCH --ntasks-per-node=4",
                "#SBATCH --cpus-per-task=8",
                "#SBATCH --gpus-per-node=1",
                "#SBATCH --mem=16G",
                "#SBATCH --time=24:00:00");
        assertThat(b.jobName()).isEqualTo("pm_cov_mocks_b0003");
        assertThat(b.arraySpec()).isEqualTo("0-4%50");
        assertThat(b.script()).isEqualTo(logs.resolve("batch_0003/batch_0003.sh"));
        assertThat(b.manifest()).isEqualTo(logs.resolve("batch_0003/batch_0003.tasks"));
        assertThat(b.taskCount()).isEqualTo(5);
        assertThat(Files.readString(b.script())).startsWith("#!/bin/bash\n#SBATCH --job-name=");
    }

    @Test
    void unset_resources_are_absent() throws Exception {
        ProductionConfig cfg = aConfig().account(null).partition("").qos("  ").constraint(null).nodesPerJob(0)
                .tasksPerNode(0).cpusPerTask(0).gpusPerNode(0).memoryGb(0).timeoutHours(0).build();

        RenderedBatch b = render(cfg, 0, 1);

        assertThat(sbatchLines(b.script())).extracting(l -> l.replaceAll("=.*", "")).containsExactly(
                "#SBATCH --job-name", "#SBATCH --array", "#SBATCH --output", "#SBATCH --error");
        assertThat(b.arraySpec()).isEqualTo("0-0");
    }

    @Test
    void retry_batches_carry_their_own_grown_walltime_and_memory() throws Exception {
        ProductionConfig cfg = aConfig().memoryGb(16).timeoutHours(24).build();

        RenderedBatch b = bundled.render(cfg, tmp.resolve("prod"), 41, tasks(2), new BatchResources(36.0, 24.5), null);

        assertThat(sbatchLines(b.script())).contains("#SBATCH --mem=25088M", "#SBATCH --time=36:00:00");
        assertThat(b.resources()).isEqualTo(new BatchResources(36.0, 24.5));
    }

    @Test
    void the_manifest_has_one_tab_separated_line_per_task_in_order() throws Exception {
        RenderedBatch b = render(aConfig().build(), 0, 3);

        List<String> lines = Files.readAllLines(b.manifest());
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).isEqualTo("r0001_z0.500\t1\t0.5\t" + tmp.resolve("prod/outputs/r1/z0.500/catalog.h5") + "\t0");
    }

    @Test
    void the_script_is_executable_and_the_manifest_readable_by_all() throws Exception {
        RenderedBatch b = render(aConfig().build(), 0, 2);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b.script()))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b.manifest()))).isEqualTo("rw-r--r--");
        try (var files = Files.list(b.script().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary files left behind")
                    .containsExactlyInAnyOrder("batch_0000.sh", "batch_0000.tasks", "out", "err", "markers");
        }
    }

    @Test
    void staging_the_same_batch_twice_writes_identical_bytes() throws Exception {
        ProductionConfig cfg = aConfig().partition("regular").memoryGb(8).command("touch", "{output}").build();
        RenderedBatch first = render(cfg, 7, 10);
        byte[] script = Files.readAllBytes(first.script());
        byte[] manifest = Files.readAllBytes(first.manifest());

        RenderedBatch second = new ScriptRenderer(null).render(cfg, tmp.resolve("prod"), 7, tasks(10), BatchResources.of(cfg), null);

        assertThat(second).isEqualTo(first);
        assertThat(Files.readAllBytes(second.script())).isEqualTo(script);
        assertThat(Files.readAllBytes(second.manifest())).isEqualTo(manifest);
    }

    @Test
    void every_generated_script_passes_bash_syntax_check() throws Exception {
        List<ProductionConfig> configs = List.of(
                aConfig().build(),
                aConfig().account("m4943").partition("regular").qos("premium").constraint("cpu").nodesPerJob(2)
                        .tasksPerNode(4).cpusPerTask(8).gpusPerNode(4).memoryGb(1.5).timeoutHours(0.5).arrayThrottle(10).build(),
                aConfig().nodesPerJob(0).tasksPerNode(0).cpusPerTask(0).memoryGb(0).timeoutHours(0).build(),
                aConfig().command("java", "-jar", "{app_jar}", "--r={realization}", "--z={redshift}", "--out={output}",
                        "--id={job_id}", "--attempt={attempt}", "it's \"quoted\" $(not run)", "two\nlines", "").build());
        for (int i = 0; i < configs.size(); i++) {
            RenderedBatch b = bundled.render(configs.get(i), tmp.resolve("prod"), i, tasks(3), BatchResources.of(configs.get(i)),
                    Path.of("/opt/pm/production-manager.jar"));
            BashProcess.Result check = BashProcess.syntaxCheck(b.script());
            assertThat(check.exitCode()).as("bash -n on config %d: %s", i, check.stderr()).isZero();
        }
    }

    @Test
    void the_template_in_config_templates_and_the_bundled_copy_are_identical() throws Exception {
        Path projectDir = Path.of(System.getProperty("pm.project.dir", "."));
        byte[] editable = Files.readAllBytes(projectDir.resolve("config/templates/" + ScriptRenderer.TEMPLATE_NAME));
        byte[] classpath;
        try (InputStream in = ScriptRenderer.class.getClassLoader().getResourceAsStream(ScriptRenderer.BUNDLED_TEMPLATE)) {
            assertThat(in).as("bundled template on the classpath").isNotNull();
            classpath = in.readAllBytes();
        }
        assertThat(new String(classpath, StandardCharsets.UTF_8)).isEqualTo(new String(editable, StandardCharsets.UTF_8));
    }

    @Test
    void an_edited_template_in_the_template_directory_is_used_and_a_missing_one_falls_back_to_the_bundled_copy() throws Exception {
        Path templates = Files.createDirectories(tmp.resolve("config/templates"));
        ScriptRenderer renderer = new ScriptRenderer(templates);
        ProductionConfig cfg = aConfig().build();

        RenderedBatch fallback = renderer.render(cfg, tmp.resolve("prod"), 0, tasks(1), BatchResources.of(cfg), null);
        assertThat(renderer.templateOrigin()).isEqualTo("classpath:templates/slurm_array.sh.ftl");
        assertThat(Files.readString(fallback.script())).contains("mapfile -t -s");

        Files.writeString(templates.resolve(ScriptRenderer.TEMPLATE_NAME),
                "#!/bin/bash\n#SBATCH --job-name=[=jobName]\r\n# site edition: ${HOME} stays bash\n[=command]\n");
        RenderedBatch edited = renderer.render(cfg, tmp.resolve("prod"), 1, tasks(1), BatchResources.of(cfg), null);

        assertThat(renderer.templateOrigin()).isEqualTo(templates.resolve(ScriptRenderer.TEMPLATE_NAME).toString());
        assertThat(Files.readString(edited.script())).isEqualTo(
                "#!/bin/bash\n#SBATCH --job-name=pm_test_prod_b0001\n# site edition: ${HOME} stays bash\n'/bin/true'\n");
    }

    @Test
    void a_broken_template_is_reported_with_its_file_and_line() throws Exception {
        Path templates = Files.createDirectories(tmp.resolve("templates"));
        Path file = templates.resolve(ScriptRenderer.TEMPLATE_NAME);
        Files.writeString(file, "#!/bin/bash\n\n[=noSuchValue]\n");
        ProductionConfig cfg = aConfig().build();

        assertThatThrownBy(() -> new ScriptRenderer(templates).render(cfg, tmp.resolve("prod"), 0, tasks(1), BatchResources.of(cfg), null))
                .isInstanceOf(ScriptTemplateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 3")
                .hasMessageContaining("noSuchValue");
    }

    @Test
    void a_batch_larger_than_max_array_size_or_without_tasks_is_refused() {
        ProductionConfig cfg = aConfig().maxArraySize(2).build();
        assertThatThrownBy(() -> render(cfg, 0, 3)).hasMessageContaining("resources.max_array_size");
        assertThatThrownBy(() -> render(aConfig().build(), 0, 0)).hasMessageContaining("at least one task");
    }

    @Test
    void negative_counts_and_throttles_are_refused_naming_the_field() {
        assertThatThrownBy(() -> render(aConfig().nodesPerJob(-1).build(), 0, 1)).hasMessageContaining("resources.nodes_per_job");
        assertThatThrownBy(() -> render(aConfig().arrayThrottle(-5).build(), 0, 1)).hasMessageContaining("execution.array_throttle");
    }

    @Test
    void batch_numbers_are_four_digits_and_grow_beyond() {
        assertThat(ScriptRenderer.batchLabel(0)).isEqualTo("0000");
        assertThat(ScriptRenderer.batchLabel(42)).isEqualTo("0042");
        assertThat(ScriptRenderer.batchLabel(12345)).isEqualTo("12345");
        assertThat(ScriptRenderer.jobName("cov", 12)).isEqualTo("pm_cov_b0012");
    }

    @Test
    void catalog_params_are_written_as_the_same_json_a_databind_mapper_writes() throws Exception {
        String yaml = """
                magnitude_limit: 24.5
                seed: 42
                big: 12345678901234567890
                survey: 'it''s $(not) `code` \\ " é'
                enabled: true
                nothing: null
                bands: [g, r, 1, 2.5e-3]
                nested: {a: {b: [1, {c: d}]}}
                """;
        java.util.Map<String, Object> params = new org.yaml.snakeyaml.Yaml().load(yaml);
        String expected = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(params);
        assertThat(ScriptRenderer.catalogParamsJson(params)).isEqualTo(expected);
        assertThat(ScriptRenderer.catalogParamsJson(java.util.Map.of())).isEqualTo("{}");
    }
}
