package io.productionmanager.local;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Tasks waiting for a slot, in submission order: at most {@code parallelism} run at once, and an array's
 * {@code %throttle} holds back its own tasks only. Not thread-safe: the executor's lock guards it.
 */
final class TaskQueue {

    private final int parallelism;
    private final Deque<LocalTask> pending = new ArrayDeque<>();
    private int running;

    TaskQueue(int parallelism) {
        this.parallelism = parallelism;
    }

    void addAll(Collection<LocalTask> tasks) {
        pending.addAll(tasks);
    }

    /** Takes a task out of the queue before it started; false when it was not waiting. */
    boolean remove(LocalTask task) {
        return pending.remove(task);
    }

    /** Takes the tasks that may start now (each counted as running) out of the queue. */
    List<LocalTask> takeStartable() {
        List<LocalTask> start = new ArrayList<>();
        Iterator<LocalTask> it = pending.iterator();
        while (running < parallelism && it.hasNext()) {
            LocalTask task = it.next();
            if (task.array.throttled()) {
                continue;
            }
            it.remove();
            running++;
            task.array.running++;
            start.add(task);
        }
        return start;
    }

    /** Frees the slot of a task that ended. */
    void release(LocalTask task) {
        running--;
        task.array.running--;
    }

    /** Empties the queue; returns what was waiting. */
    List<LocalTask> drain() {
        List<LocalTask> waiting = new ArrayList<>(pending);
        pending.clear();
        return waiting;
    }

    int running() {
        return running;
    }
}
