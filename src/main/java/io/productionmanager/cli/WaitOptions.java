package io.productionmanager.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Option;

/** {@code --wait} and {@code --interval}, shared by the commands that submit: submit, retry and rerun. */
final class WaitOptions {

    @Option(names = "--wait", description = "Poll until every job has finished, submitting batches held back by "
            + "execution.max_queued as room frees (always on for the local executor).")
    boolean waitForJobs;

    @Option(names = "--interval", paramLabel = "S", defaultValue = "2",
            description = "Seconds between polls while waiting (> 0). Default: ${DEFAULT-VALUE}.")
    double interval;

    /** False (after saying why on {@code err}) when the interval is not a positive number of seconds. */
    boolean valid(PrintWriter err) {
        return Intervals.valid(err, "--interval", interval);
    }
}
