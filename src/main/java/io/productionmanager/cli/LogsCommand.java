package io.productionmanager.cli;

import java.io.IOException;
import java.io.PrintWriter;

import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.qa.JobLogs;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logs}: the stdout or stderr of one run of a job, with a header saying which run it is. */
@Command(name = "logs",
        header = "Show a job's output (stderr by default) of its latest or a chosen attempt.",
        description = "Finds the file of the run through the job's attempt history: which batch, array task and "
                + "scheduler id it was. Read-only; does not start Camel.")
public class LogsCommand extends ProductionCommand {

    @Parameters(index = "1", paramLabel = "JOB", description = "Job id, e.g. r0003_z0.500.")
    String job;

    @Option(names = "--attempt", paramLabel = "N", description = "The attempt to show (default: the latest run).")
    Integer attempt;

    @ArgGroup(exclusive = true)
    Stream stream = new Stream();

    static final class Stream {
        @Option(names = "--stderr", description = "Show the run's stderr (the default).")
        boolean stderr;

        @Option(names = "--stdout", description = "Show the run's stdout.")
        boolean stdout;
    }

    @Option(names = "--tail", paramLabel = "N", description = "Only the last N lines (default: the whole file).")
    Integer tail;

    @Override
    public Integer call() throws IOException {
        if (attempt != null && attempt < 1) {
            throw new IllegalArgumentException("--attempt must be 1 or more, got " + attempt);
        }
        if (tail != null && tail < 1) {
            throw new IllegalArgumentException("--tail must be 1 or more, got " + tail);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = AppLauncher.workspace(parent)) {
            Production p = ws.open(production);
            JobLogs.Result r = JobLogs.read(p.store(), p.name(), job, attempt, !stream.stdout, tail == null ? 0 : tail);
            JobLogs.Run run = r.run();
            out.printf("# job %s  attempt %d (run %d of %d)  %s%s%n", r.job().id(), run.attempt(),
                    r.runNumber(), r.runs(), run.state(), run.reason() == null || run.reason().isBlank() ? ""
                            : "  reason: " + run.reason());
            out.printf("# batch %s  array task %d  scheduler id %s%s%n", run.batch().name(), run.taskIndex(),
                    run.slurmId() == null ? "(not submitted)" : run.slurmId(),
                    run.startedAt() == null ? "" : "  started " + run.startedAt()
                            + (run.finishedAt() == null ? "" : "  finished " + run.finishedAt()));
            out.printf("# %s %s%n", stream.stdout ? "stdout" : "stderr", r.file());
            if (!r.exists()) {
                out.println("# (no such file: the run has not written it, or it was cleaned up)");
            } else if (r.lines().isEmpty()) {
                out.println("# (empty)");
            } else {
                if (r.skippedBytes() > 0) {
                    out.printf("# ... %,d bytes before the last %d lines not shown%n", r.skippedBytes(), r.lines().size());
                }
                r.lines().forEach(out::println);
            }
            out.flush();
        }
        return ExitCodes.OK;
    }
}
