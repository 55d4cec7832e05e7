package io.productionmanager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Applying a poll cycle's updates in one transaction: good ones written, bad ones reported, not thrown. */
class JobStoreApplyTest extends StoreTestCase {

    @Test
    void a_mix_of_good_illegal_stale_and_unknown_updates_writes_only_the_good_ones() {
        Job queued = f.aQueuedJob();
        Job running = f.aRunningJob();
        Job completed = f.aCompletedJob();
        Job staleCopy = f.aQueuedJob();
        // someone else moves the job on after we read it
        store.changeState(staleCopy.id(), staleCopy.version(), JobState.RUNNING, "other process");
        long eventsBefore = f.rows("events");
        Instant started = f.clock.advance(Duration.ofMinutes(2));

        ApplyResult result = store.apply(List.of(
                JobUpdate.of(queued, JobState.RUNNING).withSlurmState("RUNNING").withStartedAt(started),
                JobUpdate.of(running, JobState.FAILED).withSlurmState("TIMEOUT").withExitCode(0)
                        .withFailureReason("TIMEOUT after 24.0 h").withFinishedAt(started)
                        .withNextAttemptAt(started.plus(Duration.ofMinutes(10))),
                JobUpdate.of(completed, JobState.RUNNING),
                JobUpdate.of(staleCopy, JobState.COMPLETED),
                new JobUpdate("r9999_z9.999", 0, JobState.RUNNING, null, null, null, null, null, null, null, null, null, null, null)));

        assertThat(result.applied()).extracting(Job::id, Job::state).containsExactly(
                tuple(queued.id(), JobState.RUNNING), tuple(running.id(), JobState.FAILED));
        assertThat(result.rejected()).extracting(ApplyResult.Rejection::jobId, ApplyResult.Rejection::reason).containsExactly(
                tuple(completed.id(), ApplyResult.Reason.ILLEGAL_STATE_CHANGE),
                tuple(staleCopy.id(), ApplyResult.Reason.STALE_VERSION),
                tuple("r9999_z9.999", ApplyResult.Reason.UNKNOWN_JOB));
        assertThat(result.rejected().get(0).message())
                .isEqualTo("Job " + completed.id() + " cannot change state from COMPLETED to RUNNING.");
        assertThat(result.rejected().get(1).message())
                .isEqualTo("Job " + staleCopy.id() + " was changed concurrently: expected version " + staleCopy.version()
                        + " but it is at version " + (staleCopy.version() + 1) + ".");

        Job nowRunning = f.reload(queued);
        assertThat(nowRunning.slurmState()).isEqualTo("RUNNING");
        assertThat(nowRunning.startedAt()).isEqualTo(started);
        Job nowFailed = f.reload(running);
        assertThat(nowFailed.failureReason()).isEqualTo("TIMEOUT after 24.0 h");
        assertThat(nowFailed.exitCode()).isZero();
        assertThat(nowFailed.nextAttemptAt()).isEqualTo(started.plus(Duration.ofMinutes(10)));
        assertThat(f.reload(completed)).isEqualTo(completed);
        assertThat(f.reload(staleCopy).state()).as("the other process's change survives").isEqualTo(JobState.RUNNING);
        assertThat(f.rows("events")).as("one event per applied change, plus the finished batch of the failed job")
                .isEqualTo(eventsBefore + 3);
        assertThat(store.events(running.id())).last().satisfies(e -> {
            assertThat(e.fromState()).isEqualTo("RUNNING");
            assertThat(e.toState()).isEqualTo("FAILED");
            assertThat(e.reason()).isEqualTo("TIMEOUT after 24.0 h");
            assertThat(e.at()).isEqualTo(started);
        });
        assertThat(result.finishedBatchIds()).containsExactly(running.batchId());
    }

    @Test
    void an_update_to_the_same_state_changes_fields_without_an_event() {
        Job running = f.aRunningJob();
        List<Event> history = store.events(running.id());

        ApplyResult result = store.apply(List.of(JobUpdate.of(running, JobState.RUNNING).withSlurmState("COMPLETING")));

        assertThat(result.rejected()).isEmpty();
        Job after = f.reload(running);
        assertThat(after.slurmState()).isEqualTo("COMPLETING");
        assertThat(after.version()).isEqualTo(running.version() + 1);
        assertThat(store.events(running.id())).isEqualTo(history);
    }

    @Test
    void two_updates_of_one_job_in_one_cycle_apply_in_order_and_the_second_needs_the_new_version() {
        Job queued = f.aQueuedJob();

        ApplyResult result = store.apply(List.of(
                JobUpdate.of(queued, JobState.RUNNING),
                new JobUpdate(queued.id(), queued.version() + 1, JobState.COMPLETED, "COMPLETED", 0, null, null, null, null,
                        null, null, null, "exit 0", null)));

        assertThat(result.rejected()).isEmpty();
        assertThat(store.events(queued.id())).extracting(Event::toState).endsWith("RUNNING", "COMPLETED");

        ApplyResult repeated = store.apply(List.of(JobUpdate.of(queued, JobState.RUNNING)));
        assertThat(repeated.rejected()).extracting(ApplyResult.Rejection::reason)
                .containsExactly(ApplyResult.Reason.STALE_VERSION);
    }

    @Test
    void a_job_requeued_by_the_scheduler_leaves_its_batch_and_keeps_its_attempt() {
        Job running = f.aRunningJob();

        ApplyResult result = store.apply(List.of(JobUpdate.of(running, JobState.PENDING).withSlurmState("NODE_FAIL")
                .withReason("NODE_FAIL: requeued without spending an attempt")));

        Job pending = result.applied().get(0);
        assertThat(pending.state()).isEqualTo(JobState.PENDING);
        assertThat(pending.attempt()).isEqualTo(1);
        assertThat(pending.batchId()).isNull();
        assertThat(pending.slurmId()).isNull();
        assertThat(pending.slurmState()).isNull();
        assertThat(store.pendingUnbatched(10)).extracting(Job::id).containsExactly(running.id());
        assertThat(result.finishedBatchIds()).containsExactly(running.batchId());
        assertThat(store.events(running.id())).last().extracting(Event::reason)
                .isEqualTo("NODE_FAIL: requeued without spending an attempt");
    }

    @Test
    void a_completed_job_loses_its_earlier_failure_reason_and_retry_time() {
        Job failed = f.aFailedJob();
        Job withReason = store.apply(List.of(JobUpdate.of(failed, JobState.FAILED).withFailureReason("exit 1")
                .withNextAttemptAt(f.clock.instant()))).applied().get(0);
        Job retried = store.requeueForRetry(withReason.id(), withReason.version(), 2, null, null, "retry 2");
        assertThat(retried.failureReason()).as("kept for the user while retrying").isEqualTo("exit 1");
        Batch batch = f.aStagedBatchOf(retried);
        store.markSubmitting(batch.id(), "t");
        store.markSubmitted(batch.id(), "900");
        Job queued = f.reload(retried);

        Job completed = store.apply(List.of(JobUpdate.of(queued, JobState.COMPLETED).withExitCode(0))).applied().get(0);

        assertThat(completed.failureReason()).isNull();
        assertThat(completed.nextAttemptAt()).isNull();
        assertThat(completed.attempt()).isEqualTo(2);
    }
}
