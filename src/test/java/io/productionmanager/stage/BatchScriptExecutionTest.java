package io.productionmanager.stage;

import io.productionmanager.config.ProductionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.productionmanager.testsupport.Configs.aConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** Runs generated batch scripts for real, as SLURM or the local executor would, one array task at a time. */
class BatchScriptExecutionTest {

    @TempDir
    Path tmp;

    private Path production() {
        return tmp.resolve("prod");
    }

    private List<TaskSpec> tasks(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> new TaskSpec(String.format("r%04d_z1.250", i), i, 1.25,
                        production().resolve("outputs/r" + String.format("%04d", i) + "/z1.250/catalog.txt"), i % 2))
                .toList();
    }

    private RenderedBatch stage(ProductionConfig cfg, int n) {
        return new ScriptRenderer(null).render(cfg, production(), 5, tasks(n), BatchResources.of(cfg), null);
    }

    private static Map<String, String> marker(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return values;
    }

    private Path markerFile(int task, String kind) {
        return production().resolve("logs/batch_0005/markers/batch_0005_" + task + "." + kind);
    }

    @Test
    void task_k_runs_the_job_on_manifest_line_k_plus_one_and_records_success() throws Exception {
        RenderedBatch b = stage(aConfig().command("touch", "{output}").build(), 4);

        BashProcess.Result run = BashProcess.runTask(b.script(), "2");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(production().resolve("outputs/r0002/z1.250/catalog.txt")).exists();
        assertThat(production().resolve("outputs/r0001")).doesNotExist();
        assertThat(production().resolve("outputs/r0003")).doesNotExist();
        Map<String, String> exit = marker(markerFile(2, "exit"));
        assertThat(exit).containsEntry("job_id", "r0002_z1.250").containsEntry("exit", "0").containsEntry("attempt", "0")
                .containsKeys("start", "end", "host");
        assertThat(Long.parseLong(exit.get("end"))).isGreaterThanOrEqualTo(Long.parseLong(exit.get("start")));
        assertThat(markerFile(2, "start")).as("the .exit marker replaces the .start marker: one marker per task")
                .doesNotExist();
        try (var files = Files.list(production().resolve("logs/batch_0005/markers"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary marker left")
                    .noneMatch(name -> name.contains(".tmp"));
        }
    }

    @Test
    void the_command_sees_the_task_values_as_arguments_and_exported_variables() throws Exception {
        // The command's own shell snippet is a literal argument to sh -c: it runs because the user asked sh to run it.
        ProductionConfig cfg = aConfig().command("/bin/sh", "-c",
                "printf '%s|%s|%s|%s|%s|%s\\n' \"$1\" \"$PM_JOB_ID\" \"$PM_REALIZATION\" \"$PM_REDSHIFT\" \"$PM_ATTEMPT\" \"$PM_OUTPUT\"",
                "sh", "--z={redshift}").build();
        RenderedBatch b = stage(cfg, 3);

        BashProcess.Result run = BashProcess.runTask(b.script(), "1");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo("--z=1.25|r0001_z1.250|1|1.25|1|"
                + production().resolve("outputs/r0001/z1.250/catalog.txt") + "\n");
        assertThat(production().resolve("outputs/r0001/z1.250")).as("output directory created before the command").isDirectory();
    }

    @Test
    void a_failing_command_is_recorded_and_becomes_the_task_exit_code() throws Exception {
        RenderedBatch b = stage(aConfig().command("false").build(), 2);

        BashProcess.Result run = BashProcess.runTask(b.script(), "0");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(marker(markerFile(0, "exit"))).containsEntry("exit", "1").containsEntry("job_id", "r0000_z1.250");
    }

    @Test
    void any_exit_code_of_the_command_is_passed_through() throws Exception {
        RenderedBatch b = stage(aConfig().command("/bin/sh", "-c", "exit 42").build(), 1);

        BashProcess.Result run = BashProcess.runTask(b.script(), "0");

        assertThat(run.exitCode()).isEqualTo(42);
        assertThat(marker(markerFile(0, "exit"))).containsEntry("exit", "42");
    }

    @Test
    void a_task_id_beyond_the_manifest_exits_97_with_a_message_and_runs_nothing() throws Exception {
        RenderedBatch b = stage(aConfig().command("touch", "{output}").build(), 3);

        BashProcess.Result run = BashProcess.runTask(b.script(), "3");

        assertThat(run.exitCode()).isEqualTo(ScriptRenderer.EXIT_BAD_TASK);
        assertThat(run.stderr()).contains("array task 3 is out of range").contains("has 3 tasks (0-2)");
        assertThat(markerFile(3, "start")).doesNotExist();
        assertThat(markerFile(3, "exit")).doesNotExist();
        assertThat(production().resolve("outputs")).doesNotExist();
    }

    @Test
    void a_missing_or_malformed_task_id_exits_97() throws Exception {
        RenderedBatch b = stage(aConfig().command("touch", "{output}").build(), 3);

        for (String bad : new String[] {null, "", "-1", "1;touch x", "abc"}) {
            BashProcess.Result run = BashProcess.runTask(b.script(), bad);
            assertThat(run.exitCode()).as("task id %s", bad).isEqualTo(ScriptRenderer.EXIT_BAD_TASK);
            assertThat(run.stderr()).contains("SLURM_ARRAY_TASK_ID is missing or not an array index");
        }
        assertThat(production().resolve("outputs")).doesNotExist();
    }

    @Test
    void a_rerun_replaces_the_earlier_outcome() throws Exception {
        Path flag = tmp.resolve("fail-once");
        Files.createFile(flag);
        // Fails while the flag exists and removes it, so the second run succeeds.
        RenderedBatch b = stage(aConfig().command("/bin/sh", "-c", "if [ -e \"$1\" ]; then rm \"$1\"; exit 3; fi", "sh",
                flag.toString()).build(), 1);

        assertThat(BashProcess.runTask(b.script(), "0").exitCode()).isEqualTo(3);
        assertThat(marker(markerFile(0, "exit"))).containsEntry("exit", "3");
        assertThat(BashProcess.runTask(b.script(), "0").exitCode()).isZero();
        assertThat(marker(markerFile(0, "exit"))).containsEntry("exit", "0");
    }
}
