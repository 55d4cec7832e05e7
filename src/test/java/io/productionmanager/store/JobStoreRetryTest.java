package io.productionmanager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Automatic retries chosen by time, manual retry and cancel. */
class JobStoreRetryTest extends StoreTestCase {

    private Job failedWithRetryIn(Duration delay) {
        Job failed = f.aFailedJob();
        return store.apply(List.of(JobUpdate.of(failed, JobState.FAILED).withFailureReason("exit 1")
                .withNextAttemptAt(f.clock.instant().plus(delay)))).applied().get(0);
    }

    @Test
    void due_retries_are_the_failed_jobs_whose_time_has_come_earliest_first() {
        Job in10 = failedWithRetryIn(Duration.ofMinutes(10));
        Job in20 = failedWithRetryIn(Duration.ofMinutes(20));
        Job in40 = failedWithRetryIn(Duration.ofMinutes(40));
        Job permanent = f.aFailedJob(); // no next attempt: exhausted or a permanent exit code
        Instant start = f.clock.instant();

        assertThat(store.dueRetries(f.clock.instant(), 10)).isEmpty();
        assertThat(store.dueRetries(start.plus(Duration.ofMinutes(10)), 10)).extracting(Job::id).containsExactly(in10.id());

        f.clock.advance(Duration.ofMinutes(25));
        assertThat(store.dueRetries(f.clock.instant(), 10)).extracting(Job::id).containsExactly(in10.id(), in20.id());
        assertThat(store.dueRetries(f.clock.instant(), 1)).extracting(Job::id).containsExactly(in10.id());

        f.clock.advance(Duration.ofHours(2));
        assertThat(store.dueRetries(f.clock.instant(), 10)).extracting(Job::id)
                .containsExactly(in10.id(), in20.id(), in40.id()).doesNotContain(permanent.id());
    }

    @Test
    void requeue_for_retry_sets_attempt_and_overrides_unbatches_and_is_no_longer_due() {
        Job failed = failedWithRetryIn(Duration.ofMinutes(10));
        f.clock.advance(Duration.ofMinutes(10));

        Job pending = store.requeueForRetry(failed.id(), failed.version(), 2, 36.0, 8.0, "TIMEOUT: retry 2 with 36.0 h");

        assertThat(pending.state()).isEqualTo(JobState.PENDING);
        assertThat(pending.attempt()).isEqualTo(2);
        assertThat(pending.timeoutHours()).isEqualTo(36.0);
        assertThat(pending.memoryGb()).isEqualTo(8.0);
        assertThat(pending.batchId()).isNull();
        assertThat(pending.nextAttemptAt()).isNull();
        assertThat(store.dueRetries(f.clock.instant(), 10)).isEmpty();
        assertThat(store.pendingUnbatched(10)).extracting(Job::id).containsExactly(failed.id());
        assertThat(store.events(failed.id())).last().satisfies(e -> {
            assertThat(e.fromState()).isEqualTo("FAILED");
            assertThat(e.toState()).isEqualTo("PENDING");
            assertThat(e.reason()).isEqualTo("TIMEOUT: retry 2 with 36.0 h");
        });
    }

    @Test
    void requeue_for_retry_keeps_existing_overrides_when_none_are_given() {
        Job failed = failedWithRetryIn(Duration.ZERO);
        Job second = store.requeueForRetry(failed.id(), failed.version(), 2, null, 16.0, "OOM");
        Batch batch = f.aStagedBatchOf(second);
        store.markSubmitting(batch.id(), "t");
        store.markSubmitted(batch.id(), "77");
        Job queued = f.reload(second);
        Job failedAgain = store.apply(List.of(JobUpdate.of(queued, JobState.FAILED))).applied().get(0);

        Job third = store.requeueForRetry(failedAgain.id(), failedAgain.version(), 3, 30.0, null, "TIMEOUT");

        assertThat(third.memoryGb()).isEqualTo(16.0);
        assertThat(third.timeoutHours()).isEqualTo(30.0);
        assertThat(third.attempt()).isEqualTo(3);
    }

    @Test
    void automatic_retry_of_a_job_that_is_not_failed_is_refused() {
        Job cancelled = f.aCancelledJob();

        assertThatThrownBy(() -> store.requeueForRetry(cancelled.id(), cancelled.version(), 2, null, null, "retry"))
                .isInstanceOf(IllegalStateTransitionException.class)
                .hasMessage("Job " + cancelled.id() + " cannot change state from CANCELLED to PENDING.");
        assertThat(f.reload(cancelled)).isEqualTo(cancelled);
    }

    @Test
    void a_completed_job_is_never_retried_only_rerun() {
        Job completed = f.aCompletedJob();

        assertThatThrownBy(() -> store.requeueForRetry(completed.id(), completed.version(), 2, null, null, "retry"))
                .isInstanceOf(IllegalStateTransitionException.class);
        assertThatThrownBy(() -> store.forceRetry(List.of(completed.id()), "retry"))
                .isInstanceOf(IllegalStateTransitionException.class);
        assertThat(store.forceRetryAllFailed("retry")).isEmpty();
        assertThat(f.reload(completed)).isEqualTo(completed);

        Job rerun = store.rerun(java.util.Map.of(completed.id(), "rerun requested by test")).get(0);
        assertThat(rerun.state()).isEqualTo(JobState.PENDING);
        assertThat(rerun.attempt()).isEqualTo(completed.attempt() + 1);
        assertThat(rerun.batchId()).isNull();
        Job running = f.aRunningJob();
        assertThatThrownBy(() -> store.rerun(java.util.Map.of(running.id(), "no")))
                .isInstanceOf(IllegalStateTransitionException.class);
        assertThat(f.reload(running)).isEqualTo(running);
    }

    @Test
    void manual_retry_of_all_failed_jobs_counts_an_attempt_and_leaves_others_alone() {
        Job a = f.aFailedJob();
        Job b = failedWithRetryIn(Duration.ofHours(1));
        Job running = f.aRunningJob();

        List<Job> retried = store.forceRetryAllFailed("retry requested by user");

        assertThat(retried).extracting(Job::id).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(retried).allSatisfy(j -> {
            assertThat(j.state()).isEqualTo(JobState.PENDING);
            assertThat(j.attempt()).isEqualTo(2);
            assertThat(j.nextAttemptAt()).isNull();
        });
        assertThat(f.reload(running)).isEqualTo(running);
        assertThat(store.failedJobs()).isEmpty();
    }

    @Test
    void manual_retry_by_id_takes_failed_and_cancelled_jobs_and_refuses_the_whole_call_for_any_other() {
        Job failed = f.aFailedJob();
        Job cancelled = f.aCancelledJob();
        Job completed = f.aCompletedJob();

        assertThatThrownBy(() -> store.forceRetry(List.of(failed.id(), completed.id()), "user"))
                .isInstanceOf(IllegalStateTransitionException.class)
                .hasMessage("Job " + completed.id() + " cannot change state from COMPLETED to PENDING.");
        assertThat(f.reload(failed)).as("nothing written").isEqualTo(failed);

        List<Job> retried = store.forceRetry(List.of(failed.id(), cancelled.id()), "user");
        assertThat(retried).extracting(Job::state).containsOnly(JobState.PENDING);
    }

    @Test
    void cancel_moves_jobs_to_cancelled_with_an_event_and_finishes_their_batch() {
        Job queued = f.aQueuedJob();
        Job pending = f.aPendingJob();

        List<Job> cancelled = store.cancel(List.of(queued.id(), pending.id()), "cancelled by user");

        assertThat(cancelled).extracting(Job::state).containsOnly(JobState.CANCELLED);
        assertThat(cancelled.get(0).slurmId()).as("kept so the caller can scancel it").isEqualTo(queued.slurmId());
        assertThat(store.events(pending.id())).last().extracting(Event::reason).isEqualTo("cancelled by user");
        assertThat(store.batch(queued.batchId()).orElseThrow().state()).isEqualTo(BatchState.FINISHED);
    }

    @Test
    void cancelling_a_completed_job_fails_the_call_and_cancels_nothing() {
        Job pending = f.aPendingJob();
        Job completed = f.aCompletedJob();

        assertThatThrownBy(() -> store.cancel(List.of(pending.id(), completed.id()), "user"))
                .isInstanceOf(IllegalStateTransitionException.class)
                .hasMessage("Job " + completed.id() + " cannot change state from COMPLETED to CANCELLED.");
        assertThat(f.reload(pending)).isEqualTo(pending);
    }

    @Test
    void cancelling_a_job_a_poll_already_found_cancelled_leaves_it_as_it_is_and_cancels_the_others() {
        Job pending = f.aPendingJob();
        Job cancelledByPoll = f.aCancelledJob();
        int historyBefore = store.events(cancelledByPoll.id()).size();

        List<Job> cancelled = store.cancel(List.of(pending.id(), cancelledByPoll.id()), "user");

        assertThat(cancelled).extracting(Job::id).containsExactly(pending.id());
        assertThat(f.reload(pending).state()).isEqualTo(JobState.CANCELLED);
        assertThat(store.events(cancelledByPoll.id())).as("no second CANCELLED event").hasSize(historyBefore);
    }
}
