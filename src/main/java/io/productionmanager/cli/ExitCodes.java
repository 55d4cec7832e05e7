package io.productionmanager.cli;

/** Process exit codes of every command. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** A runtime failure: I/O error, scheduler unreachable, unexpected error. */
    public static final int RUNTIME_ERROR = 1;
    /** Invalid input: bad configuration, unknown production or machine, bad command-line usage. */
    public static final int INVALID_INPUT = 2;

    private ExitCodes() {
    }
}
