package io.productionmanager.qa;

import java.time.Instant;

/**
 * One entry of a production's history: a job changing state, or a production-level event when {@code jobId} is null.
 *
 * @param jobId     the job, or null for a production-level event
 * @param at        when it happened
 * @param fromState state before, or null
 * @param toState   state after, or null
 * @param reason    why, e.g. {@code "TIMEOUT: walltime 01:00:00 reached"}; may be null
 */
public record ReportEvent(String jobId, Instant at, String fromState, String toState, String reason) {
}
