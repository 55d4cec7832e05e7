package io.productionmanager.poll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.stage.StageService;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;

/**
 * Retries: puts failed jobs whose backoff has elapsed back to PENDING (with the resources their
 * failure called for) and stages them into new retry batches; the submit route sends them.
 */
public final class RetryService {

    /** What a retry call did. */
    public record RetryResult(String name, List<String> requeued, int batches) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RetryService.class);
    private static final int MAX_PER_CYCLE = 100_000;
    /** Reason recorded for a user's retry; it also starts a new count of free requeues. */
    static final String MANUAL_RETRY = "manual retry";

    private final Workspace workspace;
    private final StageService stager;
    private final Clock clock;

    public RetryService(Workspace workspace, StageService stager, Clock clock) {
        this.workspace = workspace;
        this.stager = stager;
        this.clock = clock;
    }

    /** Stages the due retries of the production named in the body; returns the name for the next step. */
    public String stageDue(String name) {
        RetryResult r = retryDue(name);
        if (!r.requeued().isEmpty()) {
            LOG.info("{}: {} jobs due for retry staged in {} batches", name, r.requeued().size(), r.batches());
        }
        return name;
    }

    /** Requeues the jobs whose next attempt is due now and stages them. */
    public RetryResult retryDue(String name) {
        Production p = workspace.open(name);
        return workspace.exclusively(p, () -> retryDue(name, p));
    }

    private RetryResult retryDue(String name, Production p) {
        List<Job> due = p.store().dueRetries(clock.instant(), MAX_PER_CYCLE);
        List<String> ids = new ArrayList<>();
        for (Job j : due) {
            requeue(p, j, "retry due (backoff elapsed)");
            ids.add(j.id());
        }
        int batches = ids.isEmpty() ? 0 : stager.stage(p).batches();
        return new RetryResult(name, ids, batches);
    }

    /**
     * Manual retry, ignoring backoff: the given FAILED or CANCELLED jobs (all FAILED ones when none
     * are named) go back to PENDING now and are staged.
     */
    public RetryResult retryNow(String name, List<String> jobIds) {
        Production p = workspace.open(name);
        return workspace.exclusively(p, () -> retryNow(name, jobIds, p));
    }

    private RetryResult retryNow(String name, List<String> jobIds, Production p) {
        for (String id : jobIds) {
            Job j = p.store().find(id).orElseThrow(() -> new IllegalArgumentException(
                    "no job '" + id + "' in production '" + name + "' (job ids look like r0000_z0.500)"));
            if (j.state() != JobState.FAILED && j.state() != JobState.CANCELLED) {
                throw new IllegalArgumentException("job " + id + " is " + j.state()
                        + "; only FAILED or CANCELLED jobs can be retried");
            }
        }
        // the store's manual retry: FAILED or CANCELLED -> PENDING, attempt + 1, all in one transaction
        List<Job> requeued = jobIds.isEmpty()
                ? p.store().forceRetryAllFailed(MANUAL_RETRY)
                : p.store().forceRetry(jobIds, MANUAL_RETRY);
        List<String> ids = requeued.stream().map(Job::id).toList();
        int batches = ids.isEmpty() ? 0 : stager.stage(p).batches();
        return new RetryResult(name, ids, batches);
    }

    /** What a rerun did: the jobs back to PENDING, the outputs moved aside, the batches staged. */
    public record RerunResult(String name, List<String> rerun, List<Path> movedAside, int batches) {
    }

    /**
     * The user's {@code rerun}: finished jobs (COMPLETED, FAILED or CANCELLED) get a new attempt. Each one's
     * earlier output is moved aside to {@code archive/rerun/attempt_N/<its path under the production>}, and an
     * event names who asked. With {@code invalidCheck}, every COMPLETED job whose output that check now rejects
     * is rerun too (the check returns null for a valid output, else the problem).
     *
     * @throws IllegalArgumentException an unknown job, a job still pending or with the scheduler, or nothing to rerun
     */
    public RerunResult rerun(String name, List<String> jobIds, Function<Path, String> invalidCheck, String requestedBy) {
        Production p = workspace.open(name);
        return workspace.exclusively(p, () -> rerun(name, p, jobIds, invalidCheck, requestedBy));
    }

    private RerunResult rerun(String name, Production p, List<String> jobIds, Function<Path, String> invalidCheck,
                              String requestedBy) {
        Map<String, Job> chosen = new LinkedHashMap<>();
        for (String id : jobIds) {
            Job j = p.store().find(id).orElseThrow(() -> new IllegalArgumentException(
                    "no job '" + id + "' in production '" + name + "' (job ids look like r0000_z0.500)"));
            if (j.state() == JobState.PENDING || j.state().isActive()) {
                throw new IllegalArgumentException("job " + id + " is " + j.state()
                        + "; only finished jobs (COMPLETED, FAILED, CANCELLED) can be rerun");
            }
            chosen.put(id, j);
        }
        Map<String, String> problems = new LinkedHashMap<>();
        if (invalidCheck != null) {
            for (Job j : p.store().jobs(JobState.COMPLETED)) {
                String problem = invalidCheck.apply(p.output(j.outputPath()));
                if (problem != null) {
                    chosen.putIfAbsent(j.id(), j);
                    problems.put(j.id(), problem);
                }
            }
        }
        if (chosen.isEmpty()) {
            return new RerunResult(name, List.of(), List.of(), 0);
        }
        Map<String, String> reasons = new LinkedHashMap<>();
        for (String id : chosen.keySet()) {
            reasons.put(id, "rerun requested by " + requestedBy
                    + (problems.containsKey(id) ? " (output now invalid: " + problems.get(id) + ")" : ""));
        }
        // the jobs first, in one transaction; then their earlier outputs aside, so none is overwritten
        List<Job> requeued = p.store().rerun(reasons);
        List<Path> moved = new ArrayList<>();
        for (Job j : chosen.values()) {
            Path output = p.output(j.outputPath());
            if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
                Path aside = p.dir().resolve("archive").resolve("rerun").resolve("attempt_" + j.attempt())
                        .resolve(p.dir().relativize(output.toAbsolutePath().normalize()).toString());
                try {
                    Files.createDirectories(aside.getParent());
                    Files.move(output, aside, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot move " + output + " aside to " + aside + ": " + e.getMessage(), e);
                }
                moved.add(aside);
            }
        }
        int batches = stager.stage(p).batches();
        return new RerunResult(name, requeued.stream().map(Job::id).toList(), moved, batches);
    }

    private void requeue(Production p, Job j, String why) {
        boolean free = j.state() == JobState.FAILED && FailureCause.fromReason(j.failureReason()).isFreeRequeue();
        int next = free ? j.attempt() : j.attempt() + 1;
        p.store().requeueForRetry(j.id(), j.version(), next, j.timeoutHours(), j.memoryGb(),
                why + (free ? " (requeue after " + j.failureReason() + ", attempt not spent)" : ", attempt " + next));
    }
}
