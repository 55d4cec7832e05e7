package io.productionmanager.local;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.TaskStatus;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

/** One array task run by this executor instance; mutable, guarded by the executor's lock. */
final class LocalTask {

    final LocalArray array;
    final int taskId;
    final long jobId;
    SchedulerState state = SchedulerState.PENDING;
    Integer exitCode;
    int signal;
    String reason = "";
    Instant start;
    Instant end;
    boolean cancelRequested;
    /** The task's script process once started. */
    ProcessHandle process;
    /** Every process of the task's tree seen while stopping it, so re-parented children are killed too. */
    final Set<ProcessHandle> tree = ConcurrentHashMap.newKeySet();
    /** SIGTERM sent (cancel, time limit or close); the verdict then depends on why. */
    boolean stopping;
    boolean timedOut;
    /** The pending time-limit or kill timer, cancelled when the process ends. */
    Future<?> timer;

    LocalTask(LocalArray array, int taskId, long jobId) {
        this.array = array;
        this.taskId = taskId;
        this.jobId = jobId;
    }

    TaskStatus status() {
        String why = reason;
        if (state == SchedulerState.PENDING) {
            why = array.throttled() ? "JobArrayTaskLimit" : "Resources";
        }
        return new TaskStatus(array.record.arrayId(), taskId, state, state.name(), exitCode, signal, why,
                array.record.jobName(), start, end);
    }
}
