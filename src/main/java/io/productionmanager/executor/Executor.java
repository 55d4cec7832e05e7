package io.productionmanager.executor;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Runs generated array scripts and reports the state of their tasks. Two implementations:
 * {@code slurm} (sbatch/squeue/sacct/scancel) and {@code local} (this machine).
 * Executors know nothing of the job store: they take scripts and return ids and states.
 */
public interface Executor {

    /** The executor's name as written in configuration: {@code slurm} or {@code local}. */
    String name();

    /**
     * Submits one array script.
     *
     * @param script    the batch script (its #SBATCH lines carry resources, array spec and job name)
     * @param jobName   the job name, which identifies production and batch (used to find it again after a crash)
     * @param taskCount number of array tasks (0..taskCount-1)
     * @return the array job id as the scheduler knows it (e.g. {@code "260"})
     * @throws SubmitRejectedException     the scheduler refused the script (its own message is kept)
     * @throws SchedulerUnavailableException the scheduler could not be reached or did not answer in time
     */
    String submitArray(Path script, String jobName, int taskCount);

    /**
     * One call for all given arrays: the tasks the scheduler still holds (pending or running).
     * Collapsed rows ({@code 260_[2-5]}) are expanded to one status per task.
     */
    List<TaskStatus> queue(Collection<String> arrayIds);

    /**
     * One call for all given arrays: accounting records of tasks since {@code since}
     * (finished ones with state and exit code; may include running ones).
     *
     * @throws AccountingUnavailableException when accounting is not available (callers fall back to marker files)
     */
    List<TaskStatus> accounting(Collection<String> arrayIds, Instant since);

    /**
     * As {@link #queue(Collection)}, each task handed to {@code sink} as it is read (one call to the scheduler;
     * nothing the size of the answer is kept). A task appears once unless the scheduler lists it twice.
     */
    default void queue(Collection<String> arrayIds, TaskSink sink) {
        for (TaskStatus t : queue(arrayIds)) {
            sink.task(t.arrayId(), t.taskId(), t);
        }
    }

    /**
     * As {@link #accounting(Collection, Instant)}, each record handed to {@code sink} (one call to the scheduler).
     * A collapsed record ({@code 260_[2-5]}) may be handed over as one shared status for each of its tasks, which
     * costs no object per task.
     *
     * @throws AccountingUnavailableException when accounting is not available
     */
    default void accounting(Collection<String> arrayIds, Instant since, TaskSink sink) {
        for (TaskStatus t : accounting(arrayIds, since)) {
            sink.task(t.arrayId(), t.taskId(), t);
        }
    }

    /** Arrays (ids) submitted under this job name since {@code since}, from queue and accounting. */
    List<String> findByJobName(String jobName, Instant since);

    /** Cancels whole arrays ({@code "260"}) or single tasks ({@code "260_3"}). Unknown ids are ignored. */
    void cancel(Collection<String> ids);

    /** True when the scheduler answers right now (used by the health check). */
    boolean ping();
}
