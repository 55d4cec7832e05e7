package io.productionmanager.git;

/** A production cannot be tagged or its provenance cannot be recorded; the message says why and what to do. */
public class GitProvenanceException extends RuntimeException {

    public GitProvenanceException(String message) {
        super(message);
    }

    public GitProvenanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
