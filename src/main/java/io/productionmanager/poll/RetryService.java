package io.productionmanager.poll;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.productionmanager.app.Production;
import io.productionmanager.app.Workspace;
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

    private void requeue(Production p, Job j, String why) {
        boolean free = j.state() == JobState.FAILED && FailureCause.fromReason(j.failureReason()).isFreeRequeue();
        int next = free ? j.attempt() : j.attempt() + 1;
        p.store().requeueForRetry(j.id(), j.version(), next, j.timeoutHours(), j.memoryGb(),
                why + (free ? " (requeue after " + j.failureReason() + ", attempt not spent)" : ", attempt " + next));
    }
}
