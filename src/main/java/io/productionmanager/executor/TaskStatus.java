package io.productionmanager.executor;

import java.time.Instant;

/**
 * What the scheduler says about one array task.
 *
 * @param arrayId   the array job id ({@code "260"})
 * @param taskId    the array task index, or {@link #WHOLE_ARRAY} when a row covers an array with no task suffix
 *                  (e.g. a held array cancelled whole: {@code 2478|CANCELLED by 0})
 * @param state     normalized scheduler state
 * @param rawState  the scheduler's own word(s), e.g. {@code "CANCELLED by 0"}
 * @param exitCode  exit code of the task's script, or null when unknown
 * @param signal    signal that ended it, or 0
 * @param reason    pending reason or other detail from the scheduler (may be empty)
 * @param jobName   job name as submitted
 * @param start     start time, or null
 * @param end       end time, or null
 * @param usage     what the task used and reserved, {@link Usage#NONE} when unknown
 */
public record TaskStatus(
        String arrayId,
        int taskId,
        SchedulerState state,
        String rawState,
        Integer exitCode,
        int signal,
        String reason,
        String jobName,
        Instant start,
        Instant end,
        Usage usage) {

    public TaskStatus {
        usage = usage == null ? Usage.NONE : usage;
    }

    /** A status without usage figures. */
    public TaskStatus(String arrayId, int taskId, SchedulerState state, String rawState, Integer exitCode, int signal,
                      String reason, String jobName, Instant start, Instant end) {
        this(arrayId, taskId, state, rawState, exitCode, signal, reason, jobName, start, end, Usage.NONE);
    }

    /** This status with {@code value} as its usage. */
    public TaskStatus withUsage(Usage value) {
        return new TaskStatus(arrayId, taskId, state, rawState, exitCode, signal, reason, jobName, start, end, value);
    }

    /** Task id used for a row that stands for every task of an array. */
    public static final int WHOLE_ARRAY = -1;

    /** The scheduler's id of this task, {@code <array>_<task>}. */
    public String slurmId() {
        return taskId == WHOLE_ARRAY ? arrayId : arrayId + "_" + taskId;
    }
}
