package io.productionmanager.store;

import java.time.Instant;

/**
 * One ended run of a job: where it ran (batch, array task, scheduler id), how it ended, and what it used.
 *
 * @param attempt   the attempt number (a free requeue repeats it in another batch)
 * @param batchId   the batch the run was submitted in
 * @param taskIndex its array task index in that batch
 * @param state     COMPLETED, FAILED or CANCELLED
 * @param use       what it used and reserved ({@link ResourceUse#NONE} when unknown)
 */
public record Attempt(String jobId, int attempt, Long batchId, Integer taskIndex, String slurmId, JobState state,
                      Integer exitCode, String reason, Instant startedAt, Instant finishedAt, ResourceUse use) {
}
