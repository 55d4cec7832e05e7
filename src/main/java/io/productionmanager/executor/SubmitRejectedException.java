package io.productionmanager.executor;

/** The scheduler refused a submission; the message is the scheduler's own. */
public class SubmitRejectedException extends RuntimeException {
    public SubmitRejectedException(String message) {
        super(message);
    }

    public SubmitRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
