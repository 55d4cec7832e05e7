package io.productionmanager.store;

/** What an entry of the history records. */
public enum EventKind {
    /** Jobs were created (one production-level event per creation, naming the count). */
    JOBS_CREATED,
    /** A job changed state. */
    STATE_CHANGED,
    /** A batch was staged: jobs assigned to an array script. */
    BATCH_STAGED,
    /** A batch is about to be handed to the scheduler. */
    BATCH_SUBMITTING,
    /** The scheduler accepted a batch. */
    BATCH_SUBMITTED,
    /** The scheduler refused a batch; its jobs are unbatched again. */
    BATCH_REJECTED,
    /** A submit that never reached the scheduler was rolled back to staged. */
    BATCH_REVERTED,
    /** All jobs of a batch left the queue. */
    BATCH_FINISHED
}
