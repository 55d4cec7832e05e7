package io.productionmanager.executor;

/**
 * Receives a scheduler answer one task at a time, so an answer of a million tasks is never held as a list.
 * {@code status} may be shared by many tasks of the same array that have the same state, reason and name: its
 * own {@link TaskStatus#taskId()} is then that of one of them, and {@code taskId} is the one to use.
 */
@FunctionalInterface
public interface TaskSink {

    /**
     * @param arrayId the array job id ({@code "260"})
     * @param taskId  the task index, or {@link TaskStatus#WHOLE_ARRAY} for a row that stands for the whole array
     * @param status  what the scheduler says of it
     */
    void task(String arrayId, int taskId, TaskStatus status);
}
