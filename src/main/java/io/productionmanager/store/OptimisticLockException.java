package io.productionmanager.store;

/** A job row was changed by someone else between reading it and writing it (its version moved on). */
public class OptimisticLockException extends RuntimeException {
    public OptimisticLockException(String jobId, long expectedVersion, long actualVersion) {
        super("Job " + jobId + " was changed concurrently: expected version " + expectedVersion
                + " but it is at version " + actualVersion + ".");
    }
}
