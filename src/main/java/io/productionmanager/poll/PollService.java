package io.productionmanager.poll;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
import io.productionmanager.store.JobUpdate;
import io.productionmanager.store.ResourceUse;

/**
 * POLL: for one production, one queue call and one accounting call for all its active jobs, the
 * outcomes decided by the {@link Reconciler}, retries planned by the {@link RetryPlanner}, and
 * everything applied in one transaction. An unreachable scheduler changes nothing.
 */
public final class PollService {

    /** What one poll cycle did for a production. */
    public record PollResult(String name, int active, int changed, int completed, int failed, int conflicts,
                             String unreachable, boolean accountingUsed) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PollService.class);

    private final Workspace workspace;
    private final Executors executors;
    private final Clock clock;
    /** Per production: when each job was first seen neither in the queue nor in accounting. */
    private final Map<String, Map<String, Instant>> missingSince = new ConcurrentHashMap<>();

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

    /** One poll cycle, with its result. */
    public PollResult pollOnce(String name) {
        Production p = workspace.open(name);
        ProductionConfig cfg = p.config();
        List<Job> active = p.store().jobs(JobState.QUEUED, JobState.RUNNING);
        if (active.isEmpty()) {
            return new PollResult(name, 0, 0, 0, 0, 0, null, false);
        }
        Map<Long, Batch> batches = new HashMap<>();
        for (Batch b : p.store().batches(BatchState.SUBMITTED, BatchState.FINISHED)) {
            batches.put(b.id(), b);
        }
        List<TrackedJob> tracked = new ArrayList<>(active.size());
        Set<String> arrays = new TreeSet<>();
        Instant since = null;
        for (Job j : active) {
            Batch b = batches.get(j.batchId());
            if (b == null || j.slurmId() == null) {
                continue;
            }
            Path script = Path.of(b.scriptPath());
            Path markerBase = BatchFiles.ofScript(script).markerBase(j.taskIndex());
            tracked.add(new TrackedJob(j.id(), j.version(), j.state(), j.slurmId(), p.output(j.outputPath()), markerBase, j.attempt()));
            arrays.add(b.arrayId());
            Instant t = b.submittedAt() != null ? b.submittedAt() : b.createdAt();
            since = since == null || t.isBefore(since) ? t : since;
        }
        Executor executor = executors.forConfig(cfg);
        List<TaskStatus> queue;
        List<TaskStatus> accounting;
        try {
            queue = executor.queue(arrays);
            try {
                accounting = executor.accounting(arrays, since.minus(Duration.ofMinutes(5)));
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
        Map<String, Job> byId = new HashMap<>();
        active.forEach(j -> byId.put(j.id(), j));
        Map<String, ResourceUse> used = usageBySlurmId(accounting);
        RetryPlanner planner = new RetryPlanner(cfg.execution().retryPolicy());
        BatchResources base = BatchResources.of(cfg);
        List<JobUpdate> updates = new ArrayList<>(outcomes.size());
        int completed = 0;
        int failed = 0;
        for (Outcome o : outcomes) {
            Job j = byId.get(o.jobId());
            JobUpdate u = JobUpdate.of(j, o.to()).withSlurmState(o.slurmState()).withExitCode(o.exitCode())
                    .withStartedAt(o.startedAt()).withFinishedAt(o.finishedAt()).withReason(o.reason())
                    .withUse(used.get(j.slurmId()));
            if (o.to() == JobState.FAILED) {
                failed++;
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
            } else if (o.to() == JobState.COMPLETED) {
                completed++;
            }
            updates.add(u);
        }
        ApplyResult applied = p.store().apply(updates);
        return new PollResult(name, tracked.size(), updates.size(), completed, failed, applied.rejected().size(),
                null, accounting != null);
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
