package io.productionmanager.local;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.TaskStatus;
import io.productionmanager.executor.Usage;

import java.time.Duration;

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
    /** The usage sampler of the running process, cancelled when it ends. */
    Future<?> sampler;
    /** Highest resident memory of the task's tree seen by a sample, 0 before the first one. */
    long peakRssBytes;
    /** CPU time of the task's tree at the last sample. */
    double cpuSeconds;
    int samples;

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
                array.record.jobName(), start, end, usage());
    }

    /** What the task used as the samples saw it, with what its script reserved; none before it started. */
    private Usage usage() {
        if (start == null) {
            return Usage.NONE;
        }
        ArrayScript script = array.script;
        Long elapsed = end == null ? null : Long.valueOf(Math.max(0, Duration.between(start, end).toSeconds()));
        return new Usage(elapsed, samples == 0 ? null : cpuSeconds, samples == 0 ? null : peakRssBytes,
                script.memBytes(), script.cpus(), script.timeLimit() == null ? null : script.timeLimit().toSeconds());
    }
}
