package io.productionmanager.local;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs task processes and watches them without polling: a process's end arrives through
 * {@link Process#onExit()}, a time limit and the grace between SIGTERM and SIGKILL are timers. Everything it
 * does happens on one thread, in order; the executor decides what an end means.
 */
final class TaskSupervisor implements AutoCloseable {

    /** What the supervisor reports to the executor (on its thread). */
    interface Events {
        /** The process of {@code task} started. */
        void started(LocalTask task, ProcessHandle process);

        /** The process could not be started. */
        void startFailed(LocalTask task, Exception cause);

        /** The task's time limit passed with its process still running. */
        void timeLimitReached(LocalTask task);

        /** The task's process ended with {@code exitCode}. */
        void exited(LocalTask task, int exitCode);
    }

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final TaskLauncher launcher;
    private final Duration killGrace;
    private final Object lock;
    private final Events events;
    private final ScheduledExecutorService thread;

    /** {@code lock} guards the tasks' fields, shared with the executor. */
    TaskSupervisor(TaskLauncher launcher, Duration killGrace, Object lock, Events events) {
        this.launcher = launcher;
        this.killGrace = killGrace;
        this.lock = lock;
        this.events = events;
        int n = INSTANCES.incrementAndGet();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-executor-" + n);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code work} on the supervisor's thread. */
    void execute(Runnable work) {
        thread.execute(work);
    }

    /** Starts the task's process; called on the supervisor's thread. */
    void start(LocalTask task) {
        Process process;
        try {
            process = launcher.start(task);
        } catch (IOException | RuntimeException e) {
            events.startFailed(task, e);
            return;
        }
        events.started(task, process.toHandle());
        Duration limit = task.array.script.timeLimit();
        if (limit != null) {
            synchronized (lock) {
                task.timer = thread.schedule(() -> events.timeLimitReached(task), limit.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        process.onExit().thenRunAsync(() -> {
            boolean stopping;
            synchronized (lock) {
                if (task.timer != null) {
                    task.timer.cancel(false);
                }
                stopping = task.stopping;
            }
            if (stopping) {
                // children that outlived the script's shell would keep running unowned
                ProcessTrees.kill(task.process, task.tree);
            }
            events.exited(task, process.exitValue());
        }, thread);
    }

    /** Sends SIGTERM to the task's whole tree, and SIGKILL to what is left of it after the grace. */
    void stop(LocalTask task) {
        synchronized (lock) {
            if (task.stopping || task.process == null) {
                return;
            }
            task.stopping = true;
            task.signal = 15;
            if (task.timer != null) {
                task.timer.cancel(false);
            }
        }
        ProcessTrees.terminate(task.process, task.tree);
        synchronized (lock) {
            task.timer = thread.schedule(() -> {
                if (task.process.isAlive() || task.tree.stream().anyMatch(ProcessHandle::isAlive)) {
                    synchronized (lock) {
                        task.signal = 9;
                    }
                    ProcessTrees.kill(task.process, task.tree);
                }
            }, killGrace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
