package io.productionmanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.TaskStatus;
import io.productionmanager.poll.Outcome;
import io.productionmanager.poll.Reconciler;
import io.productionmanager.poll.TrackedJob;
import io.productionmanager.store.JobState;

/**
 * Found by the daemon-kill run on the real SLURM: while an array splits, accounting can show a
 * COMPLETED row without an exit code for a task that is still running. Such a row must not fail the
 * job for a missing output; the task's own record, the queue or its exit marker decide.
 */
class CollapsedAccountingRowTest {

    private static final Instant NOW = Instant.parse("2026-11-24T15:13:22.511Z");

    @TempDir
    Path tmp;

    private TrackedJob job(JobState state) {
        return new TrackedJob("r0005_z0.500", 3, state, "273_0", tmp.resolve("catalogs/r0005/mock_z0.500.hdf5"),
                tmp.resolve("logs/batch_0005_0"), 1);
    }

    private final Reconciler reconciler = new Reconciler(
            output -> Files.isRegularFile(output) ? null : "MISSING (" + output + ": no such file)", Duration.ofMinutes(30));

    private static TaskStatus row(int task, SchedulerState state, String raw, Integer exitCode) {
        return new TaskStatus("273", task, state, raw, exitCode, 0, "", "pm_relkill_b0005",
                NOW.minusSeconds(1), state.isFinished() ? NOW : null);
    }

    @Test
    void a_completed_row_without_exit_code_for_a_task_the_queue_lists_as_running_makes_it_running() {
        List<Outcome> out = reconciler.reconcile(List.of(job(JobState.QUEUED)),
                List.of(row(0, SchedulerState.RUNNING, "RUNNING", null)),
                List.of(row(0, SchedulerState.COMPLETED, "COMPLETED", null)), NOW, new HashMap<>());

        assertThat(out).singleElement().satisfies(o -> assertThat(o.to()).isEqualTo(JobState.RUNNING));
    }

    @Test
    void a_completed_row_without_exit_code_and_without_exit_marker_waits_for_the_next_cycle() {
        Map<String, Instant> missing = new HashMap<>();
        List<Outcome> out = reconciler.reconcile(List.of(job(JobState.RUNNING)), List.of(),
                List.of(row(0, SchedulerState.COMPLETED, "COMPLETED", null)), NOW, missing);

        assertThat(out).isEmpty();
    }

    @Test
    void the_tasks_own_completed_record_still_completes_or_fails_it_at_once() throws IOException {
        List<Outcome> missingOutput = reconciler.reconcile(List.of(job(JobState.RUNNING)), List.of(),
                List.of(row(0, SchedulerState.COMPLETED, "COMPLETED", 0)), NOW, new HashMap<>());
        assertThat(missingOutput).singleElement().satisfies(o -> {
            assertThat(o.to()).isEqualTo(JobState.FAILED);
            assertThat(o.reason()).startsWith("INVALID_OUTPUT: MISSING");
        });

        Files.createDirectories(tmp.resolve("catalogs/r0005"));
        Files.writeString(tmp.resolve("catalogs/r0005/mock_z0.500.hdf5"), "x");
        List<Outcome> written = reconciler.reconcile(List.of(job(JobState.RUNNING)), List.of(),
                List.of(row(0, SchedulerState.COMPLETED, "COMPLETED", 0)), NOW, new HashMap<>());
        assertThat(written).singleElement().satisfies(o -> assertThat(o.to()).isEqualTo(JobState.COMPLETED));
    }

    @Test
    void a_completed_row_without_exit_code_is_settled_by_the_exit_marker() throws IOException {
        Files.createDirectories(tmp.resolve("logs"));
        Files.writeString(tmp.resolve("logs/batch_0005_0.exit"),
                "job_id=r0005_z0.500\nattempt=1\nexit=0\nstart=1795533201\nend=1795533202\nhost=vm\n");
        Files.createDirectories(tmp.resolve("catalogs/r0005"));
        Files.writeString(tmp.resolve("catalogs/r0005/mock_z0.500.hdf5"), "x");

        List<Outcome> out = reconciler.reconcile(List.of(job(JobState.RUNNING)), List.of(),
                List.of(row(0, SchedulerState.COMPLETED, "COMPLETED", null)), NOW, new HashMap<>());

        assertThat(out).singleElement().satisfies(o -> assertThat(o.to()).isEqualTo(JobState.COMPLETED));
    }
}
