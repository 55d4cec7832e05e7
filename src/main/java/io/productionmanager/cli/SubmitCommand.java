package io.productionmanager.cli;

import java.io.PrintWriter;
import java.util.Map;

import io.productionmanager.app.PmApplication;
import io.productionmanager.app.Production;
import io.productionmanager.app.Workspace;
import io.productionmanager.poll.PollService;
import io.productionmanager.store.JobState;
import io.productionmanager.submit.SubmitResult;
import io.productionmanager.submit.SubmitService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code submit}: submits the staged batches (route {@code submit}); stages first when nothing is staged. */
@Command(name = "submit",
        header = "Submit the staged array scripts to the scheduler (stages first if nothing is staged).",
        footer = {"", "With the local executor the tasks run in this process: submit waits until they end.",
                "Exit codes: 0 submitted, 1 a batch was refused or the scheduler is unreachable (nothing lost)."})
public class SubmitCommand extends ProductionCommand {

    @Option(names = "--dry-run", description = "Show what would be submitted; change nothing.")
    boolean dryRun;

    @Option(names = "--wait", description = "Poll until no job is queued or running (always on for the local executor).")
    boolean waitForJobs;

    @Option(names = "--interval", paramLabel = "S", defaultValue = "2",
            description = "Seconds between polls while waiting. Default: ${DEFAULT-VALUE}.")
    double interval;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (PmApplication app = AppLauncher.start(parent)) {
            SubmitService service = app.bean("submitService", SubmitService.class);
            if (!dryRun) {
                // a user's submit is the go-ahead after a refused batch
                service.release(production);
            }
            SubmitResult r = dryRun ? service.dryRun(production) : app.request("direct:submit", production, SubmitResult.class);
            print(out, err, r);
            if (r.hasErrors()) {
                return ExitCodes.RUNTIME_ERROR;
            }
            Workspace ws = app.bean("workspace", Workspace.class);
            Production p = ws.open(production);
            if (!dryRun && (waitForJobs || "local".equals(p.config().execution().executor()))) {
                waitUntilIdle(out, app.bean("pollService", PollService.class), p);
            }
        }
        return ExitCodes.OK;
    }

    private void waitUntilIdle(PrintWriter out, PollService poller, Production p) throws InterruptedException {
        ProgressLine progress = ProgressLine.forOutput(out);
        while (true) {
            poller.pollOnce(p.name());
            Map<JobState, Long> c = p.store().counts();
            progress.show(p.name(), c, p.store().total());
            if (c.get(JobState.QUEUED) + c.get(JobState.RUNNING) == 0) {
                progress.done();
                out.printf("%s: no job queued or running: %d completed, %d failed (retries are scheduled by `run` or `retry`)%n",
                        p.name(), c.get(JobState.COMPLETED), c.get(JobState.FAILED));
                out.flush();
                return;
            }
            Thread.sleep(Math.round(interval * 1000));
        }
    }

    static void print(PrintWriter out, PrintWriter err, SubmitResult r) {
        r.adopted().forEach(s -> out.println("adopted after an interrupted submit: " + s));
        r.reverted().forEach(s -> out.println("not found with the scheduler, staged again: " + s));
        r.submitted().forEach(s -> out.println("submitted " + s));
        r.rejected().forEach(s -> err.println("refused by the scheduler: " + s));
        if (r.heldBack() > 0) {
            out.printf("%d batches held back by execution.max_queued; `run` submits them as the queue drains%n", r.heldBack());
        }
        if (r.unreachable() != null) {
            err.println("scheduler unreachable, nothing was changed: " + r.unreachable());
        }
        if (r.hold() != null) {
            err.println("not submitted: on hold after a refused batch (" + r.hold() + "); run `submit` to lift it");
        }
        if (r.submitted().isEmpty() && r.rejected().isEmpty() && r.unreachable() == null && r.heldBack() == 0 && r.hold() == null) {
            out.printf("%s: nothing to submit%n", r.name());
        }
        out.flush();
        err.flush();
    }
}
