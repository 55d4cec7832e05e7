package io.productionmanager.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A change to one job as a poll cycle or retry decides it, applied only if the job is still at
 * {@code expectedVersion}. A null field leaves the stored value as it is; {@code state} equal to the
 * current state updates the fields without a state change (and without an event).
 *
 * @param reason event text for the history (defaults to the failure reason or scheduler state)
 * @param use    what the run used, stored with the attempt when the run ends (null: unknown)
 */
public record JobUpdate(
        String jobId,
        long expectedVersion,
        JobState state,
        String slurmState,
        Integer exitCode,
        String failureReason,
        Instant startedAt,
        Instant finishedAt,
        Instant nextAttemptAt,
        Integer attempt,
        Double timeoutHours,
        Double memoryGb,
        String reason,
        ResourceUse use) {

    public JobUpdate {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(state, "state");
    }

    /** An update moving {@code job} (at the version it was read) to {@code state}; add details with the withers. */
    public static JobUpdate of(Job job, JobState state) {
        return new JobUpdate(job.id(), job.version(), state, null, null, null, null, null, null, null, null, null, null, null);
    }

    public JobUpdate withSlurmState(String value) {
        return new JobUpdate(jobId, expectedVersion, state, value, exitCode, failureReason, startedAt, finishedAt,
                nextAttemptAt, attempt, timeoutHours, memoryGb, reason, use);
    }

    public JobUpdate withExitCode(Integer value) {
        return new JobUpdate(jobId, expectedVersion, state, slurmState, value, failureReason, startedAt, finishedAt,
                nextAttemptAt, attempt, timeoutHours, memoryGb, reason, use);
    }

    public JobUpdate withFailureReason(String value) {
        return new JobUpdate(jobId, expectedVersion, state, slurmState, exitCode, value, startedAt, finishedAt,
                nextAttemptAt, attempt, timeoutHours, memoryGb, reason, use);
    }

    public JobUpdate withStartedAt(Instant value) {
        return new JobUpdate(jobId, expectedVersion, state, slurmState, exitCode, failureReason, value, finishedAt,
                nextAttemptAt, attempt, timeoutHours, memoryGb, reason, use);
    }

    public JobUpdate withFinishedAt(Instant value) {
        return new JobUpdate(jobId, expectedVersion, state, slurmState, exitCode, failureReason, startedAt, value,
                nextAttemptAt, attempt, timeoutHours, memoryGb, reason, use);
    }

    public JobUpdate withNextAttemptAt(Instant value) {
        return new JobUpdate(jobId, expectedVersion, state, slurmState, exitCode, failureReason, startedAt, finishedAt,
                value, attempt, timeoutHours, memoryGb, reason, use);
    }

    /** Sets the attempt number and the per-job resource overrides (null overrides leave them unchanged). */
    public JobUpdate withAttempt(int value, Double newTimeoutHours, Double newMemoryGb) {
        return new JobUpdate(jobId, expectedVersion, state, slurmState, exitCode, failureReason, startedAt, finishedAt,
                nextAttemptAt, value, newTimeoutHours, newMemoryGb, reason, use);
    }

    public JobUpdate withReason(String value) {
        return new JobUpdate(jobId, expectedVersion, state, slurmState, exitCode, failureReason, startedAt, finishedAt,
                nextAttemptAt, attempt, timeoutHours, memoryGb, value, use);
    }

    public JobUpdate withUse(ResourceUse value) {
        return new JobUpdate(jobId, expectedVersion, state, slurmState, exitCode, failureReason, startedAt, finishedAt,
                nextAttemptAt, attempt, timeoutHours, memoryGb, reason, value);
    }
}
