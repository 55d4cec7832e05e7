package io.productionmanager.cli;

import java.io.PrintWriter;
import java.util.Map;

import io.productionmanager.app.PmApplication;
import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.poll.PollService;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.JobState;
import io.productionmanager.submit.SubmitResult;
import io.productionmanager.submit.SubmitService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code submit}: submits the staged batches (route {@code submit}); stages first when nothing is staged. */
@Command(name = "submit",
        header = "Submit the staged array scripts to the scheduler (stages first if nothing is staged).",
        footer = {"", "With the local executor the tasks run in this process: submit waits until they end.",
                "It submits batches held back by execution.max_queued as the queue drains, until every job has finished.",
                "Exit codes: 0 submitted (all jobs completed when waiting), 1 a batch was refused, the scheduler is",
                "unreachable (nothing lost) or jobs ended FAILED (how many is printed), 2 invalid input."})
public class SubmitCommand extends ProductionCommand {

    @Option(names = "--dry-run", description = "Show what would be submitted; change nothing.")
    boolean dryRun;

    @Mixin
    WaitOptions waiting = new WaitOptions();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!waiting.valid(err)) {
            return ExitCodes.INVALID_INPUT;
        }
        try (PmApplication app = AppLauncher.start(parent)) {
            SubmitService service = app.bean("submitService", SubmitService.class);
            if (!dryRun) {
                // a user's submit is the go-ahead after a refused batch
                service.release(production);
            }
            SubmitResult r = dryRun ? service.dryRun(production) : app.request("direct:submit", production, SubmitResult.class);
            Production p = app.bean("workspace", Workspace.class).open(production);
            boolean wait = !dryRun && (waiting.waitForJobs || "local".equals(p.config().execution().executor()));
            print(out, err, r, wait);
            if (r.hasErrors()) {
                return ExitCodes.RUNTIME_ERROR;
            }
            return wait ? waitUntilFinished(app, out, err, p, waiting.interval) : ExitCodes.OK;
        }
    }

    /**
     * What {@code retry --submit} and {@code rerun --submit} do after staging: the user's go-ahead (the hold is
     * lifted), one submit, and on the local executor (or with {@code --wait}) a wait until every job finished.
     */
    static int submitStaged(PmApplication app, PrintWriter out, PrintWriter err, String production, boolean waitForJobs,
                            double interval) throws InterruptedException {
        app.bean("submitService", SubmitService.class).release(production);
        SubmitResult s = app.request("direct:submit", production, SubmitResult.class);
        Production p = app.bean("workspace", Workspace.class).open(production);
        // as submit: on the local executor this process runs the tasks, so it waits for them
        boolean wait = waitForJobs || "local".equals(p.config().execution().executor());
        print(out, err, s, wait);
        if (s.hasErrors()) {
            return ExitCodes.RUNTIME_ERROR;
        }
        return wait ? waitUntilFinished(app, out, err, p, interval) : ExitCodes.OK;
    }

    /**
     * Polls until every job has finished, submitting held-back batches as the queue drains (submit keeps
     * within execution.max_queued and the sbatch rate). Exit 1 when jobs ended FAILED or a batch was refused.
     */
    static int waitUntilFinished(PmApplication app, PrintWriter out, PrintWriter err, Production p, double interval)
            throws InterruptedException {
        PollService poller = app.bean("pollService", PollService.class);
        ProgressLine progress = ProgressLine.forOutput(out);
        String name = p.name();
        while (true) {
            poller.pollOnce(name);
            Map<JobState, Long> c = p.store().counts();
            long inQueue = c.get(JobState.QUEUED) + c.get(JobState.RUNNING);
            boolean waiting = c.get(JobState.PENDING) > 0 || !p.store().batches(BatchState.STAGED).isEmpty();
            if (waiting) {
                SubmitResult r = app.request("direct:submit", name, SubmitResult.class);
                if (!r.submitted().isEmpty() || r.hasErrors() || r.hold() != null) {
                    progress.done();
                    print(out, err, r, true);
                }
                if (r.hasErrors() || r.hold() != null) {
                    return ExitCodes.RUNTIME_ERROR;
                }
                c = p.store().counts();
                long nowQueued = c.get(JobState.QUEUED) + c.get(JobState.RUNNING);
                if (nowQueued == 0 && r.submitted().isEmpty() && inQueue == 0) {
                    progress.done();
                    err.printf("%s: %d jobs PENDING could not be submitted; see `status %s`%n", name,
                            c.get(JobState.PENDING), name);
                    err.flush();
                    return ExitCodes.RUNTIME_ERROR;
                }
                inQueue = nowQueued;
            }
            progress.show(name, c, p.store().total());
            if (inQueue == 0 && !waiting) {
                progress.done();
                long failed = c.get(JobState.FAILED);
                out.printf("%s: finished: %d completed, %d failed, %d cancelled%n", name, c.get(JobState.COMPLETED),
                        failed, c.get(JobState.CANCELLED));
                out.flush();
                if (failed > 0) {
                    long planned = p.store().failedJobs().stream().filter(j -> j.nextAttemptAt() != null).count();
                    err.printf("%s: %d jobs FAILED (%d with a retry planned, which `run` submits when due);"
                            + " `retry %s` runs them again now%n", name, failed, planned, name);
                    err.flush();
                    return ExitCodes.RUNTIME_ERROR;
                }
                return ExitCodes.OK;
            }
            Thread.sleep(Math.round(interval * 1000));
        }
    }

    static void print(PrintWriter out, PrintWriter err, SubmitResult r, boolean waiting) {
        r.adopted().forEach(s -> out.println("adopted after an interrupted submit: " + s));
        r.reverted().forEach(s -> out.println("not found with the scheduler, staged again: " + s));
        r.submitted().forEach(s -> out.println("submitted " + s));
        r.rejected().forEach(s -> err.println("refused by the scheduler: " + s));
        if (r.heldBack() > 0) {
            out.printf("%d batches held back by execution.max_queued; %s submits them as the queue drains%n", r.heldBack(),
                    waiting ? "this command" : "`run`");
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
