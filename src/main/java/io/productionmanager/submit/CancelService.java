package io.productionmanager.submit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.productionmanager.production.Executors;
import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.store.Batch;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;

/**
 * CANCEL: scancel for whole arrays (a whole production) or single tasks (named jobs), and the jobs
 * CANCELLED with an event each. Failed jobs waiting for a retry are cancelled too, so none is retried.
 */
public final class CancelService {

    /** What a cancel call did. */
    public record CancelResult(String name, List<String> cancelledJobs, List<String> scancelIds) {
    }

    private final Workspace workspace;
    private final Executors executors;

    public CancelService(Workspace workspace, Executors executors) {
        this.workspace = workspace;
        this.executors = executors;
    }

    /**
     * Cancels the named jobs, or every unfinished job of the production when none are named. Holds the
     * production lock throughout, as submit does: a submit running meanwhile (the daemon's) could otherwise
     * take the SUBMITTING batch settled here for its own, or submit a batch of jobs being cancelled.
     */
    public CancelResult cancel(String name, Collection<String> jobIds) {
        Production p = workspace.open(name);
        return workspace.exclusively(p, () -> cancelExclusively(p, name, jobIds));
    }

    private CancelResult cancelExclusively(Production p, String name, Collection<String> jobIds) {
        List<Job> targets = new ArrayList<>();
        Set<String> scancel = new LinkedHashSet<>();
        // an array a crash left unrecorded (batch SUBMITTING) is adopted first, so that it is cancelled too
        SubmittingBatches.settle(p, executors.forConfig(p.config()));
        if (jobIds.isEmpty()) {
            targets.addAll(p.store().jobs(JobState.PENDING, JobState.QUEUED, JobState.RUNNING, JobState.FAILED));
            for (Batch b : p.store().batches(BatchState.SUBMITTED, BatchState.SUBMITTING)) {
                if (b.arrayId() != null) {
                    scancel.add(b.arrayId());
                }
            }
        } else {
            for (String id : jobIds) {
                Job j = p.store().find(id).orElseThrow(() -> new IllegalArgumentException(
                        "no job '" + id + "' in production '" + name + "' (job ids look like r0000_z0.500)"));
                if (j.state() == JobState.COMPLETED || j.state() == JobState.CANCELLED) {
                    throw new IllegalArgumentException("job " + id + " is already " + j.state() + "; nothing to cancel");
                }
                targets.add(j);
                if (j.state().isActive() && j.slurmId() != null) {
                    scancel.add(j.slurmId());
                }
            }
        }
        if (!scancel.isEmpty()) {
            // the scheduler first: if it cannot be reached, the jobs keep their state and the user can try again
            executors.forConfig(p.config()).cancel(scancel);
        }
        List<String> ids = targets.stream().map(Job::id).toList();
        p.store().cancel(ids, "cancelled by the user");
        return new CancelResult(name, ids, List.copyOf(scancel));
    }
}
