package io.productionmanager.store;

/** Thrown when a job is asked to make a state change the transition table forbids. */
public class IllegalStateTransitionException extends IllegalStateException {
    public IllegalStateTransitionException(String jobId, JobState from, JobState to) {
        super("Job " + jobId + " cannot change state from " + from + " to " + to + ".");
    }
}
