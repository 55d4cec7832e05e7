package io.productionmanager.local;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What the local executor keeps on disk about one submitted array, so a later instance can answer for it.
 *
 * @param arrayId    the array id (also the job id of its first task)
 * @param jobName    the job name as submitted
 * @param script     the array script (absolute)
 * @param taskCount  number of tasks
 * @param submitTime when it was submitted
 * @param firstJobId job id of the first task; task at position {@code i} of {@code array} has {@code firstJobId + i}
 * @param array      the task indices and throttle
 * @param ownerPid   process id of the executor's JVM that runs it
 * @param ownerStart start time of that JVM, to tell it from a later process with the same id (null if unknown)
 * @param ownerInstance the id of the executor instance within that JVM (null in records of older versions)
 */
public record ArrayRecord(String arrayId, String jobName, Path script, int taskCount, Instant submitTime,
                          long firstJobId, ArraySpec array, long ownerPid, Instant ownerStart,
                          String ownerInstance) {

    /** The job id of task {@code taskId}, or -1 when the array has no such task. */
    public long jobIdOf(int taskId) {
        int position = array.taskIds().indexOf(taskId);
        return position < 0 ? -1 : firstJobId + position;
    }
}
