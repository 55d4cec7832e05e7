package io.productionmanager.poll;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.productionmanager.production.Executors;
import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.config.ProductionConfig;
import io.productionmanager.executor.AccountingUnavailableException;
import io.productionmanager.executor.BatchFiles;
import io.productionmanager.executor.Executor;
import io.productionmanager.executor.SchedulerUnavailableException;
import io.productionmanager.executor.TaskStatus;
import io.productionmanager.executor.Usage;
import io.productionmanager.qa.OutputValidator;
import io.productionmanager.qa.ValidationResult;
import io.productionmanager.stage.BatchResources;
import io.productionmanager.store.ApplyResult;
import io.productionmanager.store.Batch;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.Event;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.store.JobStore;
import io.productionmanager.store.JobUpdate;
import io.productionmanager.store.ResourceUse;

/**
 * POLL: for one production, one queue call and one accounting call for all its active jobs, the
 * outcomes decided by the {@link Reconciler}, retries planned by the {@link RetryPlanner}, and
 * the changes applied in transactions of {@value #APPLY_CHUNK} jobs (one for all but the largest cycles).
 * An unreachable scheduler changes nothing. Between cycles it keeps an {@link ActiveView} of each production's
 * active jobs (loaded again whenever anyone else wrote the store), so a cycle in which nothing changes reads
 * nothing but the scheduler's answers.
 */
public final class PollService {

    /** What one poll cycle did for a production. */
    public record PollResult(String name, int active, int changed, int completed, int failed, int conflicts,
                             String unreachable, boolean accountingUsed) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PollService.class);

    /** Job changes applied per transaction. */
    static final int APPLY_CHUNK = 10_000;

    private final Workspace workspace;
    private final Executors executors;
    private final Clock clock;
    /** Per production: when each job was first seen neither in the queue nor in accounting. */
    private final Map<String, Map<String, Instant>> missingSince = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /** Per production: its active jobs as the last cycle left them. */
    private final Map<String, ActiveView> views = new ConcurrentHashMap<>();

    public PollService(Workspace workspace, Executors executors, Clock clock) {
        this.workspace = workspace;
        this.executors = executors;
        this.clock = clock;
    }

    /** One poll cycle for the production named in the body; returns the name for the next step. */
    public String poll(String name) {
        PollResult r = pollOnce(name);
        if (r.changed() > 0 || r.unreachable() != null) {
            LOG.info("{}: poll: {} active, {} changed ({} completed, {} failed){}", name, r.active(), r.changed(),
                    r.completed(), r.failed(), r.unreachable() != null ? ", scheduler unreachable: " + r.unreachable() : "");
        }
        return name;
    }

    /** One poll cycle, with its result (one at a time per production: the drain route and the poll cycle share it). */
    public PollResult pollOnce(String name) {
        synchronized (locks.computeIfAbsent(name, k -> new Object())) {
            return pollOnceLocked(name);
        }
    }

    private PollResult pollOnceLocked(String name) {
        Production p = workspace.open(name);
        ProductionConfig cfg = p.config();
        Map<Long, Batch> batches = new LinkedHashMap<>();
        for (Batch b : p.store().batches(BatchState.SUBMITTED, BatchState.FINISHED)) {
            batches.put(b.id(), b);
        }
        PollResult viewed = pollWithView(name, p, cfg, batches);
        return viewed != null ? viewed : pollRowByRow(name, p, cfg, batches);
    }

    /**
     * The cycle over the production's {@link ActiveView}: the scheduler's answers are streamed onto the view, and
     * only the batches with a task whose state may change are read from the store. Null when the active jobs do
     * not fit the view (the row-by-row cycle then runs).
     */
    private PollResult pollWithView(String name, Production p, ProductionConfig cfg, Map<Long, Batch> batches) {
        JobStore store = p.store();
        Map<String, Instant> missing = missingSince.computeIfAbsent(name, k -> new ConcurrentHashMap<>());
        long mark = store.changeMark();
        ActiveView view = views.get(name);
        boolean current = view != null && !view.stale && view.mark == mark
                && view.batchKey.equals(ActiveView.batchKey(batches));
        // someone else wrote since the last cycle: read again what they changed, or everything when that is not possible
        if (!current && (view == null || view.stale || !view.refresh(store, batches, mark, missing))) {
            view = ActiveView.load(store, batches, mark, missing);
            if (view == null) {
                views.remove(name);
                return null;
            }
            views.put(name, view);
        }
        if (view.active() == 0) {
            return new PollResult(name, 0, 0, 0, 0, 0, null, false);
        }
        Set<String> arrays = new TreeSet<>();
        Instant since = null;
        for (ActiveView.Slot s : view.slots()) {
            if (s.active() > 0) {
                arrays.add(s.arrayId);
                Instant t = s.batch.submittedAt() != null ? s.batch.submittedAt() : s.batch.createdAt();
                since = since == null || t.isBefore(since) ? t : since;
            }
        }
        Executor executor = executors.forConfig(cfg);
        Map<String, ResourceUse> used = new HashMap<>();
        boolean accountingUsed = true;
        ActiveView v = view;
        try {
            executor.queue(arrays, v::queued);
            try {
                executor.accounting(arrays, since.minus(Duration.ofMinutes(5)), (arrayId, task, t) -> {
                    v.accounted(arrayId, task, t);
                    Usage u = t.usage();
                    if (task != TaskStatus.WHOLE_ARRAY && !u.isEmpty() && t.state().isFinished()) {
                        used.put(arrayId + "_" + task, new ResourceUse(u.elapsedSeconds(), u.cpuSeconds(), u.maxRssBytes(),
                                u.reqMemBytes(), u.allocCpus(), u.timeLimitSeconds()));
                    }
                });
            } catch (AccountingUnavailableException e) {
                view.forgetAccounting();
                used.clear();
                accountingUsed = false;
            }
        } catch (SchedulerUnavailableException e) {
            view.forgetAnswers();
            return new PollResult(name, view.active(), 0, 0, 0, 0, e.getMessage(), false);
        }
        Instant now = clock.instant();
        OutputValidator validator = new OutputValidator(cfg.outputs().validation());
        Reconciler reconciler = new Reconciler(output -> checkOutput(validator, output),
                Duration.ofMillis(Math.round(cfg.execution().retryPolicy().lostGraceMinutes() * 60_000)));
        int active = view.active();
        try (Applier applier = new Applier(name, p, view, cfg, now, used)) {
            return decideAndApply(name, p, view, reconciler, applier, active, accountingUsed, now, missing);
        } finally {
            view.forgetAnswers();
        }
    }

    /** Reads and decides the tasks that may have changed, batch by batch, handing the changes to {@code applier}. */
    private PollResult decideAndApply(String name, Production p, ActiveView view, Reconciler reconciler, Applier applier,
                                      int active, boolean accountingUsed, Instant now, Map<String, Instant> missing) {
        JobStore store = p.store();
        for (ActiveView.Slot s : view.slots()) {
            if (s.active() == 0) {
                continue;
            }
            int[] candidates = s.candidates();
            if (candidates.length == 0) {
                continue;
            }
            java.util.BitSet wanted = new java.util.BitSet();
            for (int t : candidates) {
                wanted.set(t);
            }
            String script = s.batch.scriptPath();
            for (Job j : store.activeJobsOfBatch(s.batch.id())) {
                int task = s.taskOf(j.slurmId());
                if (task < 0 || !wanted.get(task)) {
                    continue; // not a job of this array's tasks (a concurrent change the next load will see)
                }
                Integer taskIndex = j.taskIndex();
                TrackedJob tracked = new TrackedJob(j.id(), j.version(), j.state(), j.slurmId(), j.attempt(),
                        () -> p.output(j.outputPath()), () -> BatchFiles.ofScript(Path.of(script)).markerBase(taskIndex));
                Outcome o = reconciler.decide(tracked, s.queueOf(task), s.accountingOf(task), accountingUsed, now, missing);
                view.missing(s, task, missing.containsKey(j.id()));
                if (o != null) {
                    applier.add(o, j, s, task);
                }
            }
        }
        applier.finish();
        return new PollResult(name, active, applier.changed, applier.completed, applier.failed, applier.rejected, null,
                accountingUsed);
    }

    /**
     * Writes a cycle's changes in transactions of {@value #APPLY_CHUNK} jobs and keeps the view in step: its own
     * writes move the view's mark; anyone else's, or a refused change, make it stale. When a cycle has more than one
     * chunk, each full chunk is written by a writer thread while the cycle reads and decides the next one (at most
     * one chunk waits), so reading and writing the store overlap on a machine with more than one core.
     */
    private final class Applier implements AutoCloseable {
        private final Production p;
        private final ActiveView view;
        private final RetryPlanner planner;
        private final BatchResources base;
        private final Instant now;
        private final Map<String, ResourceUse> used;
        private final String name;
        private Chunk collecting = new Chunk();
        private java.util.concurrent.ExecutorService writer;
        private java.util.concurrent.Future<?> inFlight;
        int changed;
        int completed;
        int failed;
        int rejected;

        Applier(String name, Production p, ActiveView view, ProductionConfig cfg, Instant now, Map<String, ResourceUse> used) {
            this.name = name;
            this.p = p;
            this.view = view;
            this.planner = new RetryPlanner(cfg.execution().retryPolicy());
            this.base = BatchResources.of(cfg);
            this.now = now;
            this.used = used;
        }

        void add(Outcome o, Job j, ActiveView.Slot s, int task) {
            // the update is made here, so the writer thread only writes
            collecting.add(update(o, j), j, s, task);
            if (collecting.updates.size() >= APPLY_CHUNK) {
                Chunk full = collecting;
                collecting = new Chunk();
                awaitWriter();
                if (writer == null) {
                    writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "poll-apply-" + name);
                        t.setDaemon(true);
                        return t;
                    });
                }
                inFlight = writer.submit(() -> write(full));
            }
        }

        /** Writes what is left, after the writer thread is done. */
        void finish() {
            awaitWriter();
            Chunk last = collecting;
            collecting = new Chunk();
            write(last);
        }

        private void awaitWriter() {
            if (inFlight == null) {
                return;
            }
            try {
                inFlight.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("poll of " + name + " interrupted while writing its changes", e);
            } finally {
                inFlight = null;
            }
        }

        @Override
        public void close() {
            if (writer != null) {
                writer.shutdownNow();
            }
        }

        private void write(Chunk c) {
            if (c.updates.isEmpty()) {
                return;
            }
            List<JobUpdate> updates = c.updates;
            Map<String, Integer> at = c.at;
            // the rows were read at the versions the updates expect: the store checks the versions, not the rows again
            JobStore.MarkedApply m = p.store().applyMarked(updates, c.read, view.mark);
            view.mark = m.mark();
            if (m.othersWrote() || !m.result().rejected().isEmpty()) {
                view.stale = true;
            }
            for (Job after : m.result().applied()) {
                Integer k = at.get(after.id());
                if (k != null) {
                    view.changed(c.slots.get(k), c.tasks.get(k), after.state());
                }
            }
            changed += updates.size();
            rejected += m.result().rejected().size();
        }

        private JobUpdate update(Outcome o, Job j) {
            failed += o.to() == JobState.FAILED ? 1 : 0;
            completed += o.to() == JobState.COMPLETED ? 1 : 0;
            return updateFor(o, j, used.get(j.slurmId()), planner, base, now, p);
        }
    }

    /** Changes decided and not yet written: each update with the row it was decided on and its place in the view. */
    private static final class Chunk {
        final List<JobUpdate> updates = new ArrayList<>();
        /** The rows the updates were decided on, by job id. */
        final Map<String, Job> read = new HashMap<>();
        /** Each job's place in {@link #updates}. */
        final Map<String, Integer> at = new HashMap<>();
        final List<ActiveView.Slot> slots = new ArrayList<>();
        final List<Integer> tasks = new ArrayList<>();

        void add(JobUpdate u, Job j, ActiveView.Slot s, int task) {
            at.put(j.id(), updates.size());
            updates.add(u);
            read.put(j.id(), j);
            slots.add(s);
            tasks.add(task);
        }
    }

    /** The update an outcome makes of job {@code j} (as read), with what it used; a failure with its retry decided. */
    private static JobUpdate updateFor(Outcome o, Job j, ResourceUse use, RetryPlanner planner, BatchResources base,
                                       Instant now, Production p) {
        JobUpdate u = new JobUpdate(o.jobId(), o.version(), o.to(), null, null, null, null, null, null, null,
                null, null, null, null).withSlurmState(o.slurmState()).withExitCode(o.exitCode())
                .withStartedAt(o.startedAt()).withFinishedAt(o.finishedAt()).withReason(o.reason()).withUse(use);
        return o.to() == JobState.FAILED ? retry(u, o, j, planner, base, now, p) : u;
    }

    /** A FAILED update with its retry decided (when and with what resources the job runs again). */
    private static JobUpdate retry(JobUpdate failedUpdate, Outcome o, Job j, RetryPlanner planner, BatchResources base,
                                   Instant now, Production p) {
        JobUpdate u = failedUpdate;
        double timeout = j.timeoutHours() != null ? j.timeoutHours() : base.timeoutHours();
        double memory = j.memoryGb() != null ? j.memoryGb() : base.memoryGb();
        // backoff counts from when the failure was seen, on the injected clock
        int freeUsed = o.cause().isFreeRequeue() ? freeRequeuesUsed(p, j.id()) : 0;
        RetryPlanner.Decision d = planner.decide(o.cause(), o.exitCode(), j.attempt(), now, timeout, memory,
                freeUsed);
        u = u.withFailureReason(o.reason()).withNextAttemptAt(d.nextAttemptAt())
                .withReason(o.reason() + "; " + d.reason());
        if (d.retry()) {
            // grown resources are stored on the job for its next run; unchanged ones stay as they were
            Double nextTimeout = d.timeoutHours() != timeout ? Double.valueOf(d.timeoutHours()) : j.timeoutHours();
            Double nextMemory = d.memoryGb() != memory ? Double.valueOf(d.memoryGb()) : j.memoryGb();
            u = u.withAttempt(j.attempt(), nextTimeout, nextMemory);
        }
        return u;
    }

    /** The cycle that compares every active job row by row (active jobs that do not fit an {@link ActiveView}). */
    private PollResult pollRowByRow(String name, Production p, ProductionConfig cfg, Map<Long, Batch> batches) {
        // the few columns the comparison needs, streamed; full rows only for the jobs that change
        List<TrackedJob> tracked = new ArrayList<>();
        Set<String> arrays = new TreeSet<>();
        Instant[] since = {null};
        p.store().forEachActive(j -> {
            Batch b = j.batchId() == null ? null : batches.get(j.batchId());
            if (b == null || j.slurmId() == null) {
                return;
            }
            String outputPath = j.outputPath();
            Integer taskIndex = j.taskIndex();
            tracked.add(new TrackedJob(j.id(), j.version(), j.state(), j.slurmId(), j.attempt(),
                    () -> p.output(outputPath),
                    () -> BatchFiles.ofScript(Path.of(b.scriptPath())).markerBase(taskIndex)));
            arrays.add(b.arrayId());
            Instant t = b.submittedAt() != null ? b.submittedAt() : b.createdAt();
            since[0] = since[0] == null || t.isBefore(since[0]) ? t : since[0];
        });
        if (tracked.isEmpty()) {
            return new PollResult(name, 0, 0, 0, 0, 0, null, false);
        }
        Executor executor = executors.forConfig(cfg);
        List<TaskStatus> queue;
        List<TaskStatus> accounting;
        try {
            queue = executor.queue(arrays);
            try {
                accounting = executor.accounting(arrays, since[0].minus(Duration.ofMinutes(5)));
            } catch (AccountingUnavailableException e) {
                accounting = null;
            }
        } catch (SchedulerUnavailableException e) {
            return new PollResult(name, tracked.size(), 0, 0, 0, 0, e.getMessage(), false);
        }
        Instant now = clock.instant();
        // what a valid output is comes from the production's own outputs.validation
        OutputValidator validator = new OutputValidator(cfg.outputs().validation());
        Reconciler reconciler = new Reconciler(output -> checkOutput(validator, output),
                Duration.ofMillis(Math.round(cfg.execution().retryPolicy().lostGraceMinutes() * 60_000)));
        List<Outcome> outcomes = reconciler.reconcile(tracked, queue, accounting, now,
                missingSince.computeIfAbsent(name, k -> new ConcurrentHashMap<>()));
        int active = tracked.size();
        queue = null;
        tracked.clear(); // the comparison is done; what follows holds one chunk of full rows at a time
        Map<String, ResourceUse> used = usageBySlurmId(accounting);
        RetryPlanner planner = new RetryPlanner(cfg.execution().retryPolicy());
        BatchResources base = BatchResources.of(cfg);
        int changed = 0;
        int completed = 0;
        int failed = 0;
        int rejected = 0;
        // a cycle in which a million jobs change is applied in transactions of APPLY_CHUNK jobs: memory stays
        // bounded, and each job's change (with its event and attempt) is still atomic
        for (int from = 0; from < outcomes.size(); from += APPLY_CHUNK) {
            List<Outcome> part = outcomes.subList(from, Math.min(outcomes.size(), from + APPLY_CHUNK));
            List<String> ids = new ArrayList<>(part.size());
            part.forEach(o -> ids.add(o.jobId()));
            Map<String, Job> byId = p.store().jobsById(ids);
            List<JobUpdate> updates = new ArrayList<>(part.size());
            for (Outcome o : part) {
                Job j = byId.get(o.jobId());
                if (j == null) {
                    continue; // gone since it was read (a concurrent cleanup); nothing to update
                }
                if (o.to() == JobState.FAILED) {
                    failed++;
                } else if (o.to() == JobState.COMPLETED) {
                    completed++;
                }
                updates.add(updateFor(o, j, used.get(j.slurmId()), planner, base, now, p));
            }
            ApplyResult applied = p.store().apply(updates);
            changed += updates.size();
            rejected += applied.rejected().size();
        }
        return new PollResult(name, active, changed, completed, failed, rejected, null, accounting != null);
    }

    /**
     * NODE_FAIL / PREEMPTED failures in the job's history since its last manual retry (which starts a new count):
     * each was a free requeue.
     */
    static int freeRequeuesUsed(Production p, String jobId) {
        int used = 0;
        for (Event e : p.store().events(jobId)) {
            if (e.reason() != null && e.reason().startsWith(RetryService.MANUAL_RETRY)) {
                used = 0;
            } else if (JobState.FAILED.name().equals(e.toState())
                    && FailureCause.fromReason(e.reason()).isFreeRequeue()) {
                used++;
            }
        }
        return used;
    }

    /** What each task used, from the same accounting answer (no extra scheduler call). */
    private static Map<String, ResourceUse> usageBySlurmId(List<TaskStatus> accounting) {
        Map<String, ResourceUse> m = new HashMap<>();
        if (accounting != null) {
            for (TaskStatus t : accounting) {
                Usage u = t.usage();
                if (!u.isEmpty() && t.state().isFinished()) {
                    m.put(t.slurmId(), new ResourceUse(u.elapsedSeconds(), u.cpuSeconds(), u.maxRssBytes(),
                            u.reqMemBytes(), u.allocCpus(), u.timeLimitSeconds()));
                }
            }
        }
        return m;
    }

    private static String checkOutput(OutputValidator validator, Path output) {
        ValidationResult r = validator.validate(output);
        return r.valid() ? null : r.reason() + " (" + r.message() + ")";
    }
}
