package io.productionmanager.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.productionmanager.executor.AccountingUnavailableException;
import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.SchedulerUnavailableException;
import io.productionmanager.executor.SubmitRejectedException;
import io.productionmanager.executor.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maps what SLURM commands print (captured for real) to executor results and exceptions, using stand-in commands. */
class SlurmExecutorErrorMappingTest {

    @TempDir
    Path dir;

    private Path script;
    private final SchedulerCallStats stats = new SchedulerCallStats();

    @BeforeEach
    void writeScript() throws IOException {
        script = Files.writeString(dir.resolve("batch_0000.sh"), "#!/bin/bash\ntrue\n");
    }

    private SlurmExecutor executor(SlurmCommands commands, Duration timeout) {
        return new SlurmExecutor(commands, timeout, stats);
    }

    private SlurmExecutor executor(SlurmCommands commands) {
        return executor(commands, Duration.ofSeconds(10));
    }

    private static SlurmCommands missing() {
        return new SlurmCommands("/nonexistent/sbatch", "/nonexistent/squeue", "/nonexistent/sacct",
                "/nonexistent/scancel", "/nonexistent/sinfo");
    }

    @Test
    void unreachable_controller_in_squeue_is_scheduler_unavailable_and_counted_as_error() {
        FakeSlurmCommand squeue = FakeSlurmCommand.create(dir, "squeue", "",
                SlurmFixtures.read("squeue-controller-down.err"), 1);

        assertThatThrownBy(() -> executor(missing().withSqueue(squeue.path())).queue(List.of("1")))
                .isInstanceOf(SchedulerUnavailableException.class)
                .hasMessageContaining("Unable to contact slurm controller (connect failure)");
        assertThat(stats.get("squeue").calls()).isEqualTo(1);
        assertThat(stats.get("squeue").errors()).isEqualTo(1);
    }

    @Test
    void streamed_queue_gives_the_tasks_of_the_arrays_asked_for_and_maps_errors_like_the_list_form() {
        FakeSlurmCommand squeue = FakeSlurmCommand.create(dir, "squeue", SlurmFixtures.read("squeue-r.txt"), "", 0);
        SlurmExecutor executor = executor(missing().withSqueue(squeue.path()));
        List<String> streamed = new java.util.ArrayList<>();
        executor.queue(List.of("3", "4"), (arrayId, task, t) -> streamed.add(arrayId + "_" + task + " " + t.state()));
        assertThat(streamed).containsExactlyElementsOf(executor.queue(List.of("3", "4")).stream()
                .map(t -> t.slurmId() + " " + t.state()).toList()).hasSize(10);
        assertThat(stats.get("squeue").calls()).isEqualTo(2);
        assertThat(stats.get("squeue").errors()).isZero();

        FakeSlurmCommand gone = FakeSlurmCommand.create(dir, "squeue-gone", "",
                SlurmFixtures.read("squeue-invalid-job-id.err"), 1);
        List<String> none = new java.util.ArrayList<>();
        executor(missing().withSqueue(gone.path())).queue(List.of("7"), (arrayId, task, t) -> none.add(arrayId));
        assertThat(none).as("every array left the queue: an empty answer").isEmpty();

        FakeSlurmCommand down = FakeSlurmCommand.create(dir, "squeue-down", "",
                SlurmFixtures.read("squeue-controller-down.err"), 1);
        assertThatThrownBy(() -> executor(missing().withSqueue(down.path())).queue(List.of("1"), (a, task, t) -> { }))
                .isInstanceOf(SchedulerUnavailableException.class)
                .hasMessageContaining("Unable to contact slurm controller (connect failure)");

        FakeSlurmCommand garbled = FakeSlurmCommand.create(dir, "squeue-garbled", "1_0|no-state\n", "", 0);
        assertThatThrownBy(() -> executor(missing().withSqueue(garbled.path())).queue(List.of("1"), (a, task, t) -> { }))
                .isInstanceOf(SchedulerUnavailableException.class)
                .hasMessageContaining("unexpected squeue output: squeue output line 1");
    }

    @Test
    void a_command_that_hangs_past_the_timeout_is_destroyed_and_reported_unavailable() {
        FakeSlurmCommand squeue = FakeSlurmCommand.hanging(dir, "squeue");
        SlurmExecutor executor = executor(missing().withSqueue(squeue.path()), Duration.ofMillis(500));

        assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                assertThatThrownBy(() -> executor.queue(List.of("1")))
                        .isInstanceOf(SchedulerUnavailableException.class)
                        .hasMessageContaining("did not answer within 500 ms"));
        assertThat(stats.get("squeue").errors()).isEqualTo(1);
    }

    @Test
    void sbatch_failing_to_reach_the_controller_is_an_outage_not_a_refusal() {
        FakeSlurmCommand sbatch = FakeSlurmCommand.create(dir, "sbatch", "",
                SlurmFixtures.read("sbatch-controller-down.err"), 1);

        assertThatThrownBy(() -> executor(missing().withSbatch(sbatch.path())).submitArray(script, "pm_x_b0000", 4))
                .isInstanceOf(SchedulerUnavailableException.class)
                .hasMessageContaining("Unable to contact slurm controller");
    }

    @Test
    void sbatch_refusals_keep_slurms_own_message() {
        for (String fixture : List.of("sbatch-bad-partition.err", "sbatch-bad-array.err", "sbatch-too-many-cpus.err",
                "sbatch-bad-time.err", "sbatch-no-shebang.err")) {
            String stderr = SlurmFixtures.read(fixture);
            FakeSlurmCommand sbatch = FakeSlurmCommand.create(dir, "sbatch-" + fixture, "", stderr,
                    fixture.equals("sbatch-bad-time.err") ? 255 : 1);
            String lastLine = stderr.strip().lines().reduce((a, b) -> b).orElseThrow()
                    .replace("sbatch: error: ", "");

            assertThatThrownBy(() -> executor(missing().withSbatch(sbatch.path())).submitArray(script, "pm_x", 1))
                    .as(fixture).isInstanceOf(SubmitRejectedException.class)
                    .hasMessageContaining(lastLine).hasMessageNotContaining("sbatch: error:");
        }
        assertThatThrownBy(() -> executor(missing().withSbatch(
                FakeSlurmCommand.create(dir, "sbatch", "", SlurmFixtures.read("sbatch-bad-partition.err"), 1).path()))
                .submitArray(script, "pm_x", 1))
                .hasMessageStartingWith("invalid partition specified: nosuch Batch job submission failed: "
                        + "Invalid partition name specified");
    }

    @Test
    void sbatch_ids_lose_their_cluster_suffix_and_arguments_are_an_array() {
        FakeSlurmCommand sbatch = FakeSlurmCommand.create(dir, "sbatch",
                SlurmFixtures.read("sbatch-parsable-cluster.txt"), "", 0);

        String id = executor(missing().withSbatch(sbatch.path())).submitArray(script, "pm_x_b0000", 4);

        assertThat(id).isEqualTo("21");
        assertThat(sbatch.arguments()).containsExactly("--parsable", script.toAbsolutePath().toString());
        assertThat(stats.get("sbatch").calls()).isEqualTo(1);
        assertThat(stats.get("sbatch").errors()).isZero();
    }

    @Test
    void squeue_is_called_once_for_all_arrays_and_its_collapsed_rows_are_expanded() {
        FakeSlurmCommand squeue = FakeSlurmCommand.create(dir, "squeue",
                SlurmFixtures.read("squeue-collapsed.txt"), "", 0);

        List<TaskStatus> tasks = executor(missing().withSqueue(squeue.path())).queue(List.of("3", "4", "3"));

        assertThat(squeue.arguments()).containsExactly("-h", "-r", "-j", "3,4", "-o", "%i|%j|%T|%r");
        assertThat(tasks).as("only the arrays asked for").extracting(TaskStatus::arrayId).containsOnly("3", "4");
        assertThat(tasks).filteredOn(t -> t.arrayId().equals("3")).hasSize(6);
    }

    @Test
    void squeue_saying_every_id_is_invalid_means_an_empty_queue() {
        FakeSlurmCommand squeue = FakeSlurmCommand.create(dir, "squeue", "",
                SlurmFixtures.read("squeue-invalid-job-id.err"), 1);

        assertThat(executor(missing().withSqueue(squeue.path())).queue(List.of("999999"))).isEmpty();
        assertThat(stats.get("squeue").errors()).isZero();
    }

    @Test
    void empty_id_lists_call_nothing() {
        SlurmExecutor executor = executor(missing());

        assertThat(executor.queue(List.of())).isEmpty();
        assertThat(executor.accounting(List.of(), Instant.EPOCH)).isEmpty();
        executor.cancel(List.of());
        assertThat(stats.snapshot()).isEmpty();
    }

    @Test
    void ids_that_could_be_read_as_options_are_refused() {
        assertThatThrownBy(() -> executor(missing()).queue(List.of("-t")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'-t'");
        assertThatThrownBy(() -> executor(missing()).cancel(List.of("260_3", "--me")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'--me'");
    }

    @Test
    void sacct_gets_a_utc_start_time_and_its_rows_are_parsed() {
        FakeSlurmCommand sacct = FakeSlurmCommand.create(dir, "sacct", SlurmFixtures.read("sacct-steps.txt"), "", 0);

        List<TaskStatus> tasks = executor(missing().withSacct(sacct.path()))
                .accounting(List.of("2"), Instant.parse("2026-11-24T14:35:31.750Z"));

        assertThat(sacct.arguments()).containsExactly("-n", "-P", "--starttime", "2026-11-24T14:35:31",
                "-j", "2", "--format=" + SacctParser.FORMAT);
        assertThat(tasks).extracting(TaskStatus::slurmId).containsExactly("2_0", "2_1", "2_2", "2_3");
        assertThat(tasks.get(0).state()).isEqualTo(SchedulerState.FAILED);
    }

    @Test
    void accounting_disabled_or_slurmdbd_down_is_accounting_unavailable() {
        FakeSlurmCommand disabled = FakeSlurmCommand.create(dir, "sacct-off", "",
                "sacct: error: Slurm accounting storage is disabled\n", 1);
        FakeSlurmCommand dbdDown = FakeSlurmCommand.create(dir, "sacct-dbd", "",
                SlurmFixtures.read("sacct-slurmdbd-down.err"), 1);

        for (FakeSlurmCommand sacct : List.of(disabled, dbdDown)) {
            assertThatThrownBy(() -> executor(missing().withSacct(sacct.path())).accounting(List.of("2"), Instant.EPOCH))
                    .isInstanceOf(AccountingUnavailableException.class);
        }
    }

    @Test
    void find_by_job_name_merges_queue_and_accounting_without_duplicates() {
        FakeSlurmCommand squeue = FakeSlurmCommand.create(dir, "squeue", "37\n37\n", "", 0);
        FakeSlurmCommand sacct = FakeSlurmCommand.create(dir, "sacct",
                "25_0\n25_[1-11]\n37_0\n37_[8-11]\n40\n40.batch\n", "", 0);

        List<String> ids = executor(missing().withSqueue(squeue.path()).withSacct(sacct.path()))
                .findByJobName("pm_x_b0000", Instant.parse("2026-11-24T00:00:00Z"));

        assertThat(ids).containsExactly("37", "25", "40");
        assertThat(squeue.arguments()).containsExactly("-h", "-t", "all", "-n", "pm_x_b0000", "-o", "%F");
        assertThat(sacct.arguments()).contains("--name", "pm_x_b0000", "--format=JobID");
    }

    @Test
    void find_by_job_name_falls_back_to_the_queue_without_accounting() {
        FakeSlurmCommand squeue = FakeSlurmCommand.create(dir, "squeue", "37\n", "", 0);
        FakeSlurmCommand sacct = FakeSlurmCommand.create(dir, "sacct", "",
                "sacct: error: Slurm accounting storage is disabled\n", 1);

        assertThat(executor(missing().withSqueue(squeue.path()).withSacct(sacct.path()))
                .findByJobName("pm_x_b0000", Instant.EPOCH)).containsExactly("37");
    }

    @Test
    void cancel_passes_every_id_as_its_own_argument_and_ignores_unknown_ones() {
        FakeSlurmCommand scancel = FakeSlurmCommand.create(dir, "scancel", "",
                "scancel: error: Kill job error on job id 2: Job/step already completing or completed\n", 1);

        executor(missing().withScancel(scancel.path())).cancel(List.of("2", "37_4"));

        assertThat(scancel.arguments()).containsExactly("2", "37_4");
    }

    @Test
    void ping_is_false_when_the_controller_is_down_or_sinfo_is_missing() {
        FakeSlurmCommand down = FakeSlurmCommand.create(dir, "sinfo", "",
                SlurmFixtures.read("sinfo-controller-down.err"), 1);
        FakeSlurmCommand up = FakeSlurmCommand.create(dir, "sinfo-up", "up\nup\n", "", 0);

        assertThat(executor(missing().withSinfo(down.path())).ping()).isFalse();
        assertThat(executor(missing()).ping()).isFalse();
        assertThat(executor(missing().withSinfo(up.path())).ping()).isTrue();
        assertThat(stats.get("sinfo").calls()).isEqualTo(3);
        assertThat(stats.get("sinfo").errors()).isEqualTo(2);
    }

    @Test
    void a_missing_command_is_scheduler_unavailable() {
        assertThatThrownBy(() -> executor(missing()).queue(List.of("1")))
                .isInstanceOf(SchedulerUnavailableException.class).hasMessageContaining("/nonexistent/squeue");
    }
}
