package io.productionmanager.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.TaskStatus;
import io.productionmanager.store.JobState;

class ReconcilerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private final Map<String, Instant> missing = new HashMap<>();
    private Reconciler reconciler;

    @BeforeEach
    void setUp() {
        // an output is valid when the file exists and is not empty
        reconciler = new Reconciler(p -> Files.isRegularFile(p) && p.toFile().length() > 0 ? null : "missing or empty",
                Duration.ofMinutes(10));
    }

    private TrackedJob job(String id, JobState state, String slurmId) {
        return new TrackedJob(id, 1, state, slurmId, dir.resolve(id + ".hdf5"), dir.resolve("batch_0000_" + slurmId.split("_")[1]), 1);
    }

    private static TaskStatus acct(String array, int task, SchedulerState s, String raw, Integer exit) {
        return new TaskStatus(array, task, s, raw, exit, 0, "", "pm_x_b0000", NOW.minusSeconds(60), NOW.minusSeconds(5));
    }

    private void output(String id) throws IOException {
        Files.writeString(dir.resolve(id + ".hdf5"), "data");
    }

    @Test
    void a_task_running_in_squeue_moves_a_queued_job_to_running() {
        TaskStatus running = new TaskStatus("260", 3, SchedulerState.RUNNING, "RUNNING", null, 0, "", "n", NOW, null);
        List<Outcome> out = reconciler.reconcile(List.of(job("a", JobState.QUEUED, "260_3")), List.of(running), List.of(), NOW, missing);
        assertThat(out).singleElement().satisfies(o -> assertThat(o.to()).isEqualTo(JobState.RUNNING));
    }

    @Test
    void a_pending_task_changes_nothing() {
        TaskStatus pending = new TaskStatus("260", 3, SchedulerState.PENDING, "PENDING", null, 0, "Resources", "n", null, null);
        assertThat(reconciler.reconcile(List.of(job("a", JobState.QUEUED, "260_3")), List.of(pending), List.of(), NOW, missing)).isEmpty();
    }

    @Test
    void completed_with_exit_0_and_a_valid_output_is_completed() throws IOException {
        output("a");
        List<Outcome> out = reconciler.reconcile(List.of(job("a", JobState.RUNNING, "260_0")), List.of(),
                List.of(acct("260", 0, SchedulerState.COMPLETED, "COMPLETED", 0)), NOW, missing);
        assertThat(out).singleElement().satisfies(o -> assertThat(o.to()).isEqualTo(JobState.COMPLETED));
    }

    @Test
    void completed_with_exit_0_but_no_output_is_failed_invalid_output() {
        List<Outcome> out = reconciler.reconcile(List.of(job("a", JobState.RUNNING, "260_0")), List.of(),
                List.of(acct("260", 0, SchedulerState.COMPLETED, "COMPLETED", 0)), NOW, missing);
        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.to()).isEqualTo(JobState.FAILED);
            assertThat(o.cause()).isEqualTo(FailureCause.INVALID_OUTPUT);
            assertThat(o.reason()).startsWith("INVALID_OUTPUT");
        });
    }

    @Test
    void a_timeout_is_a_failure_even_when_the_output_file_exists() throws IOException {
        output("a");
        List<Outcome> out = reconciler.reconcile(List.of(job("a", JobState.RUNNING, "266_0")), List.of(),
                List.of(acct("266", 0, SchedulerState.TIMEOUT, "TIMEOUT", 0)), NOW, missing);
        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.to()).isEqualTo(JobState.FAILED);
            assertThat(o.cause()).isEqualTo(FailureCause.TIMEOUT);
        });
    }

    @Test
    void a_failed_task_keeps_its_exit_code_as_reason() {
        List<Outcome> out = reconciler.reconcile(List.of(job("a", JobState.RUNNING, "260_0")), List.of(),
                List.of(acct("260", 0, SchedulerState.FAILED, "FAILED", 3)), NOW, missing);
        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.reason()).isEqualTo("exit 3");
            assertThat(o.exitCode()).isEqualTo(3);
        });
    }

    @Test
    void a_whole_array_cancelled_row_cancels_every_task_of_that_array() {
        TaskStatus whole = acct("2478", TaskStatus.WHOLE_ARRAY, SchedulerState.CANCELLED, "CANCELLED by 0", 0);
        List<Outcome> out = reconciler.reconcile(List.of(job("a", JobState.QUEUED, "2478_0"), job("b", JobState.QUEUED, "2478_1")),
                List.of(), List.of(whole), NOW, missing);
        assertThat(out).extracting(Outcome::to).containsExactly(JobState.CANCELLED, JobState.CANCELLED);
    }

    @Test
    void without_accounting_the_exit_marker_decides() throws IOException {
        output("a");
        Files.writeString(dir.resolve("batch_0000_0.exit"), "job_id=a exit=0 start=1700000000 end=1700000010\n");
        Files.writeString(dir.resolve("batch_0000_1.exit"), "job_id=b exit=7 start=1700000000 end=1700000010\n");
        List<Outcome> out = reconciler.reconcile(List.of(job("a", JobState.RUNNING, "9_0"), job("b", JobState.RUNNING, "9_1")),
                List.of(), null, NOW, missing);
        assertThat(out).extracting(Outcome::to).containsExactly(JobState.COMPLETED, JobState.FAILED);
        assertThat(out.get(1).reason()).isEqualTo("exit 7");
    }

    @Test
    void a_job_gone_everywhere_is_lost_only_after_the_grace_period() {
        TrackedJob j = job("a", JobState.RUNNING, "300_0");
        assertThat(reconciler.reconcile(List.of(j), List.of(), List.of(), NOW, missing)).isEmpty();
        assertThat(reconciler.reconcile(List.of(j), List.of(), List.of(), NOW.plus(Duration.ofMinutes(9)), missing)).isEmpty();
        List<Outcome> out = reconciler.reconcile(List.of(j), List.of(), List.of(), NOW.plus(Duration.ofMinutes(10)), missing);
        assertThat(out).singleElement().satisfies(o -> assertThat(o.cause()).isEqualTo(FailureCause.LOST));
    }

    @Test
    void a_job_seen_again_resets_its_grace_period() {
        TrackedJob j = job("a", JobState.RUNNING, "300_0");
        TaskStatus running = new TaskStatus("300", 0, SchedulerState.RUNNING, "RUNNING", null, 0, "", "n", NOW, null);
        reconciler.reconcile(List.of(j), List.of(), List.of(), NOW, missing);
        reconciler.reconcile(List.of(j), List.of(running), List.of(), NOW.plus(Duration.ofMinutes(8)), missing);
        assertThat(reconciler.reconcile(List.of(j), List.of(), List.of(), NOW.plus(Duration.ofMinutes(12)), missing))
                .as("missing again only since minute 12").isEmpty();
    }

    @Test
    void node_failure_is_reported_as_such_for_a_free_requeue() {
        List<Outcome> out = reconciler.reconcile(List.of(job("a", JobState.RUNNING, "260_0")), List.of(),
                List.of(acct("260", 0, SchedulerState.NODE_FAIL, "NODE_FAIL", 0)), NOW, missing);
        assertThat(out).singleElement().satisfies(o -> assertThat(o.cause().isFreeRequeue()).isTrue());
    }
}
