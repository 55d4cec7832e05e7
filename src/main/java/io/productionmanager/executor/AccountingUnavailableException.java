package io.productionmanager.executor;

/** Accounting (sacct) is not available; callers fall back to the tasks' marker files. */
public class AccountingUnavailableException extends RuntimeException {
    public AccountingUnavailableException(String message) {
        super(message);
    }

    public AccountingUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
