package io.productionmanager.executor;

/** The scheduler could not be reached or did not answer in time; nothing should be marked failed because of it. */
public class SchedulerUnavailableException extends RuntimeException {
    public SchedulerUnavailableException(String message) {
        super(message);
    }

    public SchedulerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
