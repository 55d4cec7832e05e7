package io.productionmanager.store;

import java.util.EnumSet;
import java.util.Set;

/**
 * The six job states of a production and the one table of allowed changes between them.
 */
public enum JobState {
    PENDING, QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

    /** True when a job in this state is still with the scheduler (or about to be). */
    public boolean isActive() {
        return this == QUEUED || this == RUNNING;
    }

    /** True when nothing more will happen to the job without a user's action or a retry. */
    public boolean isTerminal() {
        return this == COMPLETED || this == CANCELLED;
    }

    /** The states a job in this state may move to. */
    public Set<JobState> allowedNext() {
        return switch (this) {
            // PENDING -> QUEUED on submit; -> CANCELLED by the user
            case PENDING -> EnumSet.of(QUEUED, CANCELLED);
            // QUEUED -> RUNNING/COMPLETED/FAILED as the scheduler reports (a short job may be seen finished
            // without ever being seen running); -> PENDING when a submission is rolled back or a requeue
            case QUEUED -> EnumSet.of(RUNNING, COMPLETED, FAILED, CANCELLED, PENDING);
            // RUNNING -> QUEUED when the scheduler requeues it (NODE_FAIL, PREEMPTED)
            case RUNNING -> EnumSet.of(COMPLETED, FAILED, CANCELLED, QUEUED, PENDING);
            // FAILED -> PENDING when a retry is scheduled or forced; -> CANCELLED by the user
            case FAILED -> EnumSet.of(PENDING, CANCELLED);
            // CANCELLED -> PENDING when the user retries it
            case CANCELLED -> EnumSet.of(PENDING);
            // COMPLETED -> PENDING only when the user asks for it to run again (rerun); nothing automatic does
            case COMPLETED -> EnumSet.of(PENDING);
        };
    }

    /** {@link #allowedNext()} of every state, by ordinal: asked once per change of every job. */
    private static final boolean[][] ALLOWED = new boolean[values().length][values().length];

    static {
        for (JobState from : values()) {
            for (JobState to : from.allowedNext()) {
                ALLOWED[from.ordinal()][to.ordinal()] = true;
            }
        }
    }

    /** Whether {@code from -> to} is allowed. */
    public static boolean isAllowedStateChange(JobState from, JobState to) {
        return ALLOWED[from.ordinal()][to.ordinal()];
    }

    /** Throws {@link IllegalStateTransitionException} unless {@code from -> to} is allowed. */
    public static void checkStateChange(String jobId, JobState from, JobState to) {
        if (!isAllowedStateChange(from, to)) {
            throw new IllegalStateTransitionException(jobId, from, to);
        }
    }
}
