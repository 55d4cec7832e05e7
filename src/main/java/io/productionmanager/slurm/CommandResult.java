package io.productionmanager.slurm;

/** Exit code and captured output of one finished command. */
record CommandResult(int exitCode, String stdout, String stderr) {

    boolean ok() {
        return exitCode == 0;
    }

    /** stderr, or stdout when stderr is empty, trimmed: what the command said about a failure. */
    String message() {
        String s = stderr.isBlank() ? stdout : stderr;
        return s.strip();
    }
}
