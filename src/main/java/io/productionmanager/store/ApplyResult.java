package io.productionmanager.store;

import java.util.List;

/**
 * What applying a list of job updates did: the jobs as now stored, the updates refused (and why),
 * and the batches that finished because their last active job left the queue.
 */
public record ApplyResult(List<Job> applied, List<Rejection> rejected, List<Long> finishedBatchIds) {

    public ApplyResult {
        applied = List.copyOf(applied);
        rejected = List.copyOf(rejected);
        finishedBatchIds = List.copyOf(finishedBatchIds);
    }

    /** Why an update was refused. */
    public enum Reason { UNKNOWN_JOB, ILLEGAL_STATE_CHANGE, STALE_VERSION }

    /** One refused update; nothing of it was written. */
    public record Rejection(String jobId, Reason reason, String message) {
    }
}
