package io.productionmanager.local;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.TaskStatus;

import java.time.Instant;

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
