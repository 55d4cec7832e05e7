package io.productionmanager.store;

import java.time.Instant;

/**
 * One entry of the append-only history.
 *
 * @param jobId     the job, or null for production- and batch-level events
 * @param batchId   the batch concerned, or null
 * @param fromState previous state (a job state for job events, a batch state for batch events), or null
 * @param toState   new state, or null
 */
public record Event(long id, String jobId, Long batchId, Instant at, EventKind kind, String fromState, String toState,
                    String reason) {
}
