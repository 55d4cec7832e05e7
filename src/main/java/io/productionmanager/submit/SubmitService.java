package io.productionmanager.submit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.productionmanager.production.Executors;
import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.config.ProductionConfig;
import io.productionmanager.executor.Executor;
import io.productionmanager.executor.SchedulerUnavailableException;
import io.productionmanager.executor.SubmitRejectedException;
import io.productionmanager.stage.ScriptRenderer;
import io.productionmanager.stage.StageService;
import io.productionmanager.store.Batch;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.JobState;
import io.productionmanager.store.JobStore;

/**
 * SUBMIT: first settles batches a crash left SUBMITTING (adopted when the scheduler has them, back
 * to STAGED when not), then submits STAGED batches in order: SUBMITTING with a token is committed
 * before sbatch runs, so a crash between sbatch and the database never submits twice or loses an array.
 */
public final class SubmitService {

    /** Called right after sbatch returned, before the database is updated (a crash test stops here). */
    public interface AfterSbatch {
        void accept(Batch batch, String arrayId);
    }

    /** Waits between two sbatch calls. */
    public interface Pacer {
        void pause(Duration d) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SubmitService.class);

    private final Workspace workspace;
    private final Executors executors;
    private final StageService stager;
    private final Clock clock;
    private final AfterSbatch afterSbatch;
    private final Pacer pacer;

    public SubmitService(Workspace workspace, Executors executors, StageService stager, Clock clock,
                         AfterSbatch afterSbatch, Pacer pacer) {
        this.workspace = workspace;
        this.executors = executors;
        this.stager = stager;
        this.clock = clock;
        this.afterSbatch = afterSbatch;
        this.pacer = pacer;
    }

    /**
     * Submits the production named in the body (staging first when nothing is staged). After the
     * scheduler refused a batch, this automatic path (daemon, watcher) does not submit again until
     * {@link #release(String)}: the refusal would repeat every cycle until the resources are corrected.
     * The hold is part of the production's intent in the workspace catalog.
     */
    public SubmitResult submit(String name) {
        return submit(workspace.open(name), false);
    }

    /**
     * A user's go-ahead (a {@code submit} does this first): records in the catalog that the daemon may submit
     * the production and its retries, and lifts the hold a refused batch put on automatic submission.
     */
    public void release(String name) {
        if (workspace.recordSubmitIntent(name)) {
            LOG.info("{}: submission hold lifted by the user", name);
        }
    }

    /** What submit would do, without calling the scheduler or changing anything. */
    public SubmitResult dryRun(String name) {
        return submit(workspace.open(name), true);
    }

    SubmitResult submit(Production p, boolean dryRun) {
        return dryRun ? submitExclusively(p, true) : workspace.exclusively(p, () -> submitExclusively(p, false));
    }

    private SubmitResult submitExclusively(Production p, boolean dryRun) {
        ProductionConfig cfg = p.config();
        JobStore store = p.store();
        Executor executor = executors.forConfig(cfg);
        List<String> submitted = new ArrayList<>();
        List<String> adopted = new ArrayList<>();
        List<String> reverted = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        try {
            if (!dryRun) {
                SubmittingBatches.Settled settled = SubmittingBatches.settle(p, executor);
                adopted.addAll(settled.adopted());
                reverted.addAll(settled.reverted());
                String hold = workspace.heldReason(p);
                if (!hold.isEmpty()) {
                    LOG.warn("{}: not submitted: on hold after a refused batch ({}); correct the resources, then run"
                            + " `production-manager submit {}`", cfg.name(), hold, cfg.name());
                    return new SubmitResult(cfg.name(), submitted, adopted, reverted, rejected, 0, null, 0, hold);
                }
                retireStale(p);
                if (store.batches(BatchState.STAGED).isEmpty()) {
                    stager.stage(p);
                }
            }
            List<Batch> staged = store.batches(BatchState.STAGED);
            Map<JobState, Long> counts = store.counts();
            long inQueue = counts.get(JobState.QUEUED) + counts.get(JobState.RUNNING);
            int maxQueued = cfg.execution().maxQueued();
            Duration gap = cfg.execution().submitRatePerSecond() > 0
                    ? Duration.ofMillis(Math.round(1000 / cfg.execution().submitRatePerSecond())) : Duration.ZERO;
            int heldBack = 0;
            boolean first = true;
            for (Batch b : staged) {
                // never exceed max_queued, except that one batch may always go when nothing is queued
                if (maxQueued > 0 && inQueue > 0 && inQueue + b.taskCount() > maxQueued) {
                    heldBack++;
                    continue;
                }
                if (dryRun) {
                    submitted.add(b.name() + " -> (dry run) " + b.taskCount() + " tasks, " + b.scriptPath());
                    inQueue += b.taskCount();
                    continue;
                }
                if (!first && !gap.isZero()) {
                    pacer.pause(gap);
                }
                first = false;
                String outcome = submitOne(p, executor, b, rejected);
                if (outcome != null) {
                    submitted.add(b.name() + " -> " + outcome);
                    inQueue += b.taskCount();
                }
            }
            return new SubmitResult(cfg.name(), submitted, adopted, reverted, rejected, heldBack, null, staged.size(), null);
        } catch (SchedulerUnavailableException e) {
            LOG.warn("{}: scheduler unreachable, nothing changed: {}", cfg.name(), e.getMessage());
            return new SubmitResult(cfg.name(), submitted, adopted, reverted, rejected, 0, e.getMessage(), 0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SubmitResult(cfg.name(), submitted, adopted, reverted, rejected, 0, "interrupted", 0, null);
        }
    }

    /** Submits one batch; returns its array id, or null when the scheduler refused it. */
    private String submitOne(Production p, Executor executor, Batch b, List<String> rejected) {
        JobStore store = p.store();
        String jobName = ScriptRenderer.jobName(p.config().name(), b.number());
        store.markSubmitting(b.id(), UUID.randomUUID().toString());
        String arrayId;
        try {
            arrayId = executor.submitArray(Path.of(b.scriptPath()), jobName, b.taskCount());
        } catch (SubmitRejectedException e) {
            store.markRejected(b.id(), e.getMessage());
            workspace.hold(p, b.name() + " refused: " + e.getMessage());
            rejected.add(b.name() + ": " + e.getMessage());
            return null;
        } catch (SchedulerUnavailableException e) {
            // sbatch may or may not have reached the controller: leave SUBMITTING, the next submit looks it up
            throw e;
        }
        afterSbatch.accept(b, arrayId);
        store.markSubmitted(b.id(), arrayId);
        LOG.info("{}: {} submitted as array {} ({} tasks)", p.name(), b.name(), arrayId, b.taskCount());
        return arrayId;
    }

    /**
     * Retires STAGED batches that lost jobs since staging (cancelled, or cancelled and retried into another
     * batch): their array would run tasks nobody tracks, twice for a retried job. The jobs still PENDING in
     * them leave the batch and are staged again.
     */
    private void retireStale(Production p) {
        JobStore store = p.store();
        Map<Long, Integer> pending = store.pendingJobsOfStagedBatches();
        for (Batch b : store.batches(BatchState.STAGED)) {
            int left = pending.getOrDefault(b.id(), 0);
            if (left == b.taskCount()) {
                continue;
            }
            String why = "not submitted: " + left + " of its " + b.taskCount()
                    + " jobs are still PENDING in it (the others were cancelled or retried elsewhere)"
                    + (left > 0 ? "; they are staged again" : "");
            store.markSubmitting(b.id(), UUID.randomUUID().toString());
            store.markRejected(b.id(), why);
            LOG.info("{}: {} {}", p.name(), b.name(), why);
        }
    }

    /** A seam for crash-recovery tests (set from a test's own main class): runs right after every sbatch. */
    static volatile AfterSbatch testHook;

    /** The default hook: nothing, unless a test set {@link #testHook}. */
    public static AfterSbatch defaultHook() {
        return (batch, arrayId) -> {
            AfterSbatch hook = testHook;
            if (hook != null) {
                hook.accept(batch, arrayId);
            }
        };
    }
}
