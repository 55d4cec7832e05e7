package io.productionmanager.store;

import java.time.Instant;

/**
 * One job as stored: identity, state, where it runs, how it last ended and its row version.
 *
 * @param batchId         the batch it is staged or submitted in; null while unbatched
 * @param taskIndex       its array task index within that batch
 * @param slurmId         the scheduler's id, {@code <array>_<task>}
 * @param slurmState      the scheduler's last word on it (e.g. {@code TIMEOUT})
 * @param failureReason   why it last failed (kept after a retry until it completes)
 * @param nextAttemptAt   when a FAILED job's automatic retry is due; null if none is planned
 * @param timeoutHours    per-job walltime override (null = the production's)
 * @param memoryGb        per-job memory override (null = the production's)
 * @param version         optimistic-lock version, incremented by every update
 */
public record Job(
        String id,
        int realization,
        double redshift,
        String outputPath,
        JobState state,
        int attempt,
        Long batchId,
        Integer taskIndex,
        String slurmId,
        String slurmState,
        Integer exitCode,
        String failureReason,
        Instant nextAttemptAt,
        Double timeoutHours,
        Double memoryGb,
        Instant startedAt,
        Instant finishedAt,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    Job withState(JobState newState) {
        return new Job(id, realization, redshift, outputPath, newState, attempt, batchId, taskIndex, slurmId, slurmState,
                exitCode, failureReason, nextAttemptAt, timeoutHours, memoryGb, startedAt, finishedAt, createdAt, updatedAt,
                version);
    }

    Job withBatch(Long newBatchId, Integer newTaskIndex, String newSlurmId) {
        return new Job(id, realization, redshift, outputPath, state, attempt, newBatchId, newTaskIndex, newSlurmId, slurmState,
                exitCode, failureReason, nextAttemptAt, timeoutHours, memoryGb, startedAt, finishedAt, createdAt, updatedAt,
                version);
    }

    Job withRun(String newSlurmState, Integer newExitCode, Instant newStartedAt, Instant newFinishedAt) {
        return new Job(id, realization, redshift, outputPath, state, attempt, batchId, taskIndex, slurmId, newSlurmState,
                newExitCode, failureReason, nextAttemptAt, timeoutHours, memoryGb, newStartedAt, newFinishedAt, createdAt,
                updatedAt, version);
    }

    Job withOutcome(String newFailureReason, Instant newNextAttemptAt) {
        return new Job(id, realization, redshift, outputPath, state, attempt, batchId, taskIndex, slurmId, slurmState,
                exitCode, newFailureReason, newNextAttemptAt, timeoutHours, memoryGb, startedAt, finishedAt, createdAt,
                updatedAt, version);
    }

    Job withAttempt(int newAttempt, Double newTimeoutHours, Double newMemoryGb) {
        return new Job(id, realization, redshift, outputPath, state, newAttempt, batchId, taskIndex, slurmId, slurmState,
                exitCode, failureReason, nextAttemptAt, newTimeoutHours, newMemoryGb, startedAt, finishedAt, createdAt,
                updatedAt, version);
    }

    Job withStamp(Instant newUpdatedAt, long newVersion) {
        return new Job(id, realization, redshift, outputPath, state, attempt, batchId, taskIndex, slurmId, slurmState,
                exitCode, failureReason, nextAttemptAt, timeoutHours, memoryGb, startedAt, finishedAt, createdAt,
                newUpdatedAt, newVersion);
    }
}
