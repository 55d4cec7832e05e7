package io.productionmanager.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.SubmitRejectedException;
import io.productionmanager.executor.TaskStatus;
import io.productionmanager.testsupport.SlurmTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The slurm executor against a real SLURM (scripts/slurm-local.sh start); skipped without one, failed in CI. */
class SlurmExecutorIntegrationTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final SlurmExecutor executor = new SlurmExecutor();
    private final String jobName = "pm_it_" + UUID.randomUUID().toString().substring(0, 8);
    private Instant since;
    private String submitted;

    @BeforeEach
    void requireSlurm() {
        SlurmTestSupport.requireSlurm();
        // sacct's window has one-second resolution and the database trails the controller.
        since = clock.instant().minusSeconds(60);
    }

    @AfterEach
    void cancelLeftovers() {
        if (submitted != null) {
            executor.cancel(List.of(submitted));
        }
    }

    private Path script(String extraSbatchLines, int tasks, String body) throws IOException {
        String text = "#!/bin/bash\n"
                + "#SBATCH --job-name=" + jobName + "\n"
                + "#SBATCH --array=0-" + (tasks - 1) + "\n"
                + "#SBATCH --output=" + dir.resolve("task_%a.out") + "\n"
                + extraSbatchLines
                + body;
        return Files.writeString(dir.resolve("batch_0000.sh"), text);
    }

    @Test
    void a_four_task_array_runs_to_completion_and_accounting_shows_every_task_completed() throws IOException {
        Path script = script("", 4, "echo \"task $SLURM_ARRAY_TASK_ID\" > " + dir + "/done_$SLURM_ARRAY_TASK_ID.txt\n");

        submitted = executor.submitArray(script, jobName, 4);

        assertThat(submitted).matches("\\d+");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<TaskStatus> tasks = executor.accounting(List.of(submitted), since);
            assertThat(tasks).extracting(TaskStatus::taskId).containsExactlyInAnyOrder(0, 1, 2, 3);
            assertThat(tasks).allSatisfy(t -> {
                assertThat(t.state()).isEqualTo(SchedulerState.COMPLETED);
                assertThat(t.exitCode()).isZero();
                assertThat(t.signal()).isZero();
                assertThat(t.jobName()).isEqualTo(jobName);
                assertThat(t.start()).isNotNull();
            });
        });
        for (int task = 0; task < 4; task++) {
            assertThat(dir.resolve("done_" + task + ".txt")).hasContent("task " + task);
        }
        assertThat(executor.queue(List.of(submitted))).as("finished tasks leave the queue").isEmpty();
        assertThat(executor.stats().get("sbatch").calls()).isEqualTo(1);
    }

    @Test
    void an_unknown_partition_is_refused_with_slurms_message() throws IOException {
        Path script = script("#SBATCH --partition=no_such_partition\n", 2, "true\n");

        assertThatThrownBy(() -> executor.submitArray(script, jobName, 2))
                .isInstanceOf(SubmitRejectedException.class)
                .hasMessageContaining("Batch job submission failed: Invalid partition name specified");
    }

    @Test
    void find_by_job_name_finds_the_submitted_array() throws IOException {
        Path script = script("#SBATCH --hold\n", 3, "true\n");
        submitted = executor.submitArray(script, jobName, 3);

        assertThat(executor.findByJobName(jobName, since)).containsExactly(submitted);
        assertThat(executor.findByJobName(jobName + "_other", since)).isEmpty();
    }

    @Test
    void a_held_array_is_pending_and_once_cancelled_accounting_shows_every_task_cancelled() throws IOException {
        Path script = script("#SBATCH --hold\n", 4, "true\n");
        submitted = executor.submitArray(script, jobName, 4);

        assertThat(executor.queue(List.of(submitted))).hasSize(4).allSatisfy(t -> {
            assertThat(t.state()).isEqualTo(SchedulerState.PENDING);
            assertThat(t.reason()).isEqualTo("JobHeldUser");
        });

        executor.cancel(List.of(submitted));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(executor.queue(List.of(submitted))).isEmpty();
            List<TaskStatus> tasks = executor.accounting(List.of(submitted), since);
            assertThat(tasks).isNotEmpty().allSatisfy(t -> {
                assertThat(t.state()).isEqualTo(SchedulerState.CANCELLED);
                assertThat(t.exitCode()).as("never ran").isNull();
            });
            // Cancelled before any task started: one collapsed row for all four tasks, or a whole-array row.
            List<Integer> ids = tasks.stream().map(TaskStatus::taskId).sorted().toList();
            assertThat(ids).isIn(List.of(0, 1, 2, 3), List.of(TaskStatus.WHOLE_ARRAY));
        });
    }

    @Test
    void the_scheduler_answers_ping_and_ignores_cancelling_unknown_ids() {
        assertThat(executor.ping()).isTrue();
        executor.cancel(List.of("999999"));
        assertThat(executor.queue(List.of("999999"))).isEmpty();
    }
}
