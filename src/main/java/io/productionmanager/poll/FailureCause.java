package io.productionmanager.poll;

/** Why a job failed; decides how it is retried. */
public enum FailureCause {
    /** Non-zero exit status of the job command. */
    EXIT_CODE,
    /** Killed at its time limit: retried with more time. */
    TIMEOUT,
    /** Killed for memory: retried with more memory. */
    OUT_OF_MEMORY,
    /** The node failed: requeued without spending an attempt. */
    NODE_FAIL,
    /** Preempted by the scheduler: requeued without spending an attempt. */
    PREEMPTED,
    /** Exit status 0 but the output is missing, empty or not a readable catalog. */
    INVALID_OUTPUT,
    /** Gone from the queue and from accounting, with no marker, after the grace period. */
    LOST,
    /** Any other scheduler failure (BOOT_FAIL, DEADLINE, ...). */
    SCHEDULER;

    /** The cause recorded at the start of a failure reason ({@code "NODE_FAIL: ..."} is NODE_FAIL); EXIT_CODE otherwise. */
    public static FailureCause fromReason(String reason) {
        if (reason == null) {
            return EXIT_CODE;
        }
        for (FailureCause c : values()) {
            if (reason.startsWith(c.name())) {
                return c;
            }
        }
        return reason.startsWith("BOOT_FAIL") ? NODE_FAIL : EXIT_CODE;
    }

    /** True when the retry should not count against {@code max_retries}. */
    public boolean isFreeRequeue() {
        return this == NODE_FAIL || this == PREEMPTED;
    }
}
