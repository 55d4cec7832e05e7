package io.productionmanager.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.productionmanager.production.Production;
import io.productionmanager.production.StatusReport;
import io.productionmanager.production.Workspace;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code monitor}: a live view of a production until it is finished (read-only; the daemon does the polling). */
@Command(name = "monitor",
        header = "Live view: progress bar, counts per state, rate, ETA, path and latest failures.",
        footer = {"", "Reads the job database; `production-manager run` (or `submit --wait`) keeps it current.",
                "Refreshes in place on a terminal, prints plain lines otherwise. Exits when nothing is left to run."})
public class MonitorCommand extends ProductionCommand {

    @Option(names = "--interval", paramLabel = "S", defaultValue = "5", description = "Seconds between refreshes (> 0). Default: ${DEFAULT-VALUE}.")
    double interval;

    @Option(names = "--once", description = "Show one view and exit.")
    boolean once;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Intervals.valid(spec.commandLine().getErr(), "--interval", interval)) {
            return ExitCodes.INVALID_INPUT;
        }
        boolean terminal = ProgressLine.terminal.getAsBoolean();
        Clock clock = Clock.systemUTC();
        MonitorView view = new MonitorView(Duration.ofMinutes(5));
        try (Workspace ws = AppLauncher.workspace(parent)) {
            Production p = ws.open(production);
            int previousLines = 0;
            while (true) {
                StatusReport s = StatusReport.of(p, false);
                List<String> failures = p.store().failedJobs().stream()
                        .sorted((a, b) -> compare(b, a)).limit(5)
                        .map(j -> String.format("%-16s attempt %d  %s", j.id(), j.attempt(), j.failureReason())).toList();
                List<String> lines = view.render(new MonitorView.Snapshot(s.name(), s.path(), s.total(), s.counts(),
                        clock.instant(), failures));
                if (terminal && previousLines > 0) {
                    out.print("\033[" + previousLines + "F\033[J");
                }
                lines.forEach(out::println);
                if (!terminal) {
                    out.println();
                }
                out.flush();
                previousLines = lines.size();
                boolean retriesPlanned = p.store().failedJobs().stream().anyMatch(j -> j.nextAttemptAt() != null);
                if (s.isSettled() && !retriesPlanned) {
                    out.printf("%s: finished: %d completed, %d failed, %d cancelled%n", s.name(),
                            s.count(JobState.COMPLETED), s.count(JobState.FAILED), s.count(JobState.CANCELLED));
                    out.flush();
                    return ExitCodes.OK;
                }
                if (once) {
                    out.printf("%s: in progress: %d running, %d queued, %d pending, %d completed, %d failed%s%n",
                            s.name(), s.count(JobState.RUNNING), s.count(JobState.QUEUED), s.count(JobState.PENDING),
                            s.count(JobState.COMPLETED), s.count(JobState.FAILED),
                            retriesPlanned ? " (retries planned)" : "");
                    out.flush();
                    return ExitCodes.OK;
                }
                Thread.sleep(Math.round(interval * 1000));
            }
        }
    }

    private static int compare(Job a, Job b) {
        if (a.updatedAt() == null || b.updatedAt() == null) {
            return 0;
        }
        return a.updatedAt().compareTo(b.updatedAt());
    }
}
