package io.productionmanager.local;

import io.productionmanager.executor.Executor;
import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.SchedulerUnavailableException;
import io.productionmanager.executor.SubmitRejectedException;
import io.productionmanager.executor.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs array scripts on this machine as SLURM would (same environment variables, output files and time
 * limits), at most {@code parallelism} tasks at once. Whatever it runs, it records in the state folder (arrays,
 * task processes, verdicts) so that any process can answer for the tasks and cancel them; see
 * docs/local-executor.md. The parts: {@link TaskQueue} (slots), {@link TaskSupervisor} (processes),
 * {@link StateDirectory} and {@link CancelRequests} (files), {@link RecoveredArrays} (arrays of others).
 */
public final class LocalExecutor implements Executor, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalExecutor.class);
    private static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(10);
    /** How long a cancel waits for the owner of an array to stop its tasks before stopping them itself. */
    private static final Duration OWNER_ANSWER = Duration.ofSeconds(5);

    private final StateDirectory state;
    private final CancelRequests requests;
    private final int parallelism;
    private final Clock clock;
    private final Duration killGrace;
    private final RecoveredArrays recovered;
    private final TaskQueue queue;
    private final TaskSupervisor supervisor;
    private final ExecutorService watchThread;
    private final String instanceId = UUID.randomUUID().toString();
    private final long ownPid = ProcessHandle.current().pid();
    private final Instant ownStart = ProcessHandle.current().info().startInstant().orElse(null);
    private final Thread shutdownHook;

    private final Object lock = new Object();
    /** The arrays of this instance with tasks left to run; an array leaves when its last task ended. */
    private final Map<String, LocalArray> arrays = new LinkedHashMap<>();
    private boolean closed;

    /**
     * An executor keeping its files in {@code stateDir}, running at most {@code parallelism} tasks at once
     * (0: one per core), with a grace of 10 s between SIGTERM and SIGKILL when a task is stopped.
     */
    public LocalExecutor(Path stateDir, int parallelism, Clock clock) {
        this(stateDir, parallelism, clock, DEFAULT_KILL_GRACE);
    }

    /** As {@link #LocalExecutor(Path, int, Clock)} with the given grace between SIGTERM and SIGKILL. */
    public LocalExecutor(Path stateDir, int parallelism, Clock clock, Duration killGrace) {
        if (parallelism < 0) {
            throw new IllegalArgumentException("execution.local_parallelism must be >= 0 (0 = number of cores), got "
                    + parallelism);
        }
        this.parallelism = parallelism == 0 ? Runtime.getRuntime().availableProcessors() : parallelism;
        this.clock = clock;
        this.killGrace = killGrace;
        this.state = new StateDirectory(stateDir);
        this.requests = new CancelRequests(stateDir);
        this.recovered = new RecoveredArrays(state, clock, Owners::alive);
        this.queue = new TaskQueue(this.parallelism);
        this.supervisor = new TaskSupervisor(new TaskLauncher(), killGrace, lock, new Supervision());
        this.watchThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "local-executor-requests");
            t.setDaemon(true);
            return t;
        });
        try {
            requests.watch(watchThread, this::cancelRequested);
        } catch (IOException e) {
            watchThread.shutdownNow();
            supervisor.close();
            throw new SchedulerUnavailableException("local executor cannot watch " + stateDir + ": " + e.getMessage(), e);
        }
        Owners.opened(instanceId);
        // a command stopped by SIGTERM or Ctrl-C stops its tasks too instead of leaving them behind
        this.shutdownHook = new Thread(this::close, "local-executor-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public String name() {
        return "local";
    }

    /** Number of tasks this executor runs at once. */
    public int parallelism() {
        return parallelism;
    }

    @Override
    public String submitArray(Path script, String jobName, int taskCount) {
        if (taskCount < 1) {
            throw new SubmitRejectedException(script + ": task count must be >= 1, got " + taskCount);
        }
        if (jobName == null || jobName.isBlank()) {
            throw new SubmitRejectedException(script + ": job name must not be blank");
        }
        Path absolute = script.toAbsolutePath().normalize();
        ArrayScript directives = ArrayScript.parse(absolute);
        ArraySpec spec = directives.array() == null ? ArraySpec.range(taskCount) : directives.array();
        if (spec.taskIds().size() != taskCount) {
            throw new SubmitRejectedException(absolute + ": #SBATCH --array=" + spec.format() + " has "
                    + spec.taskIds().size() + " tasks but " + taskCount + " were submitted");
        }
        Path workDir = directives.chdir() == null ? Path.of("").toAbsolutePath() : Path.of(directives.chdir());
        synchronized (lock) {
            ensureOpen();
        }
        ArrayRecord record;
        try {
            long first = state.allocateJobIds(taskCount);
            record = new ArrayRecord(Long.toString(first), jobName, absolute, taskCount, clock.instant(), first, spec,
                    ownPid, ownStart, instanceId);
            state.writeArray(record);
        } catch (IOException e) {
            throw new SchedulerUnavailableException("local executor cannot record the array in " + state.root()
                    + ": " + e.getMessage(), e);
        }
        synchronized (lock) {
            ensureOpen();
            LocalArray array = new LocalArray(record, directives, workDir);
            arrays.put(record.arrayId(), array);
            queue.addAll(array.tasks.values());
            dispatch();
        }
        LOG.info("Submitted array {} ({} tasks, job name {}) from {}", record.arrayId(), taskCount, jobName, absolute);
        return record.arrayId();
    }

    @Override
    public List<TaskStatus> queue(Collection<String> arrayIds) {
        List<TaskStatus> out = new ArrayList<>();
        for (TaskStatus status : statuses(arrayIds)) {
            if (status.state() == SchedulerState.PENDING || status.state() == SchedulerState.RUNNING) {
                out.add(status);
            }
        }
        return out;
    }

    /** Finished tasks of the given arrays that ended at or after {@code since} (all when null). */
    @Override
    public List<TaskStatus> accounting(Collection<String> arrayIds, Instant since) {
        List<TaskStatus> out = new ArrayList<>();
        for (TaskStatus status : statuses(arrayIds)) {
            if (status.state().isFinished() && (since == null || status.end() == null || !status.end().isBefore(since))) {
                out.add(status);
            }
        }
        return out;
    }

    @Override
    public List<String> findByJobName(String jobName, Instant since) {
        TreeSet<Long> ids = new TreeSet<>();
        try {
            for (String id : state.arrayIds()) {
                ArrayRecord record = record(id);
                if (record != null && record.jobName().equals(jobName)
                        && (since == null || !record.submitTime().isBefore(since))) {
                    ids.add(Long.parseLong(id));
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new SchedulerUnavailableException("local executor cannot read " + state.root() + ": " + e.getMessage(), e);
        }
        return ids.stream().map(String::valueOf).toList();
    }

    /**
     * Cancels arrays or tasks, whichever process runs them: this instance stops its own tasks; for another
     * live owner a request is written and its answer awaited (then the tasks are stopped from here if it did not
     * answer in time); the tasks of a departed owner are killed from here. Returns once the tasks have ended.
     */
    @Override
    public void cancel(Collection<String> ids) {
        List<String> ignored = new ArrayList<>();
        TaskIds.byArray(ids, ignored).forEach(this::cancelArray);
        ignored.forEach(id -> LOG.warn("Ignoring cancel of '{}': not an array or array_task id", id));
    }

    private void cancelArray(String arrayId, Set<Integer> taskIds) {
        synchronized (lock) {
            LocalArray array = arrays.get(arrayId);
            if (array != null) {
                cancelOwned(array, taskIds);
                return;
            }
        }
        try {
            ArrayRecord record = record(arrayId);
            if (record == null) {
                return;
            }
            if (ended(record, taskIds)) {
                return;
            }
            requests.request(arrayId, taskIds);
            long deadline = System.nanoTime() + OWNER_ANSWER.plus(killGrace).toNanos();
            if (Owners.alive(record) && awaitEnded(record, taskIds, deadline)) {
                return;
            }
            // the owner is gone (or did not answer): its task processes are found by pid and start time
            recovered.cancel(record, taskIds);
            if (!Owners.alive(record)) {
                requests.done(arrayId);
            }
        } catch (IOException e) {
            throw new SchedulerUnavailableException("local executor cannot cancel " + arrayId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchedulerUnavailableException("cancel of " + arrayId + " interrupted", e);
        }
    }

    /** Waits until the owner recorded an end for every requested task; false at the deadline. */
    private boolean awaitEnded(ArrayRecord record, Set<Integer> taskIds, long deadline)
            throws IOException, InterruptedException {
        while (true) {
            if (ended(record, taskIds)) {
                return true;
            }
            if (deadline - System.nanoTime() <= 0 || !Owners.alive(record)) {
                return false;
            }
            // the owner answers within its kill grace; this is a wait for another process, not supervision
            Thread.sleep(200);
        }
    }

    /** True when every task of {@code taskIds} (all when null) has a final verdict. */
    private boolean ended(ArrayRecord record, Set<Integer> taskIds) throws IOException {
        return recovered.statuses(record).stream()
                .filter(s -> taskIds == null || taskIds.contains(s.taskId()))
                .allMatch(s -> s.state().isFinished());
    }

    /** A request file changed: stop what it asks of this instance's arrays. */
    private void cancelRequested(String arrayId) {
        synchronized (lock) {
            LocalArray array = arrays.get(arrayId);
            if (array == null) {
                return;
            }
            Set<Integer> requested = requests.requested(arrayId);
            if (requested != null) {
                cancelOwned(array, requested.isEmpty() ? null : requested);
            }
        }
    }

    /** Cancels tasks of an array this instance runs; called with the lock held. */
    private void cancelOwned(LocalArray array, Set<Integer> taskIds) {
        Instant now = clock.instant();
        for (LocalTask task : array.taskList()) {
            if (taskIds != null && !taskIds.contains(task.taskId)) {
                continue;
            }
            if (task.state == SchedulerState.PENDING && queue.remove(task)) {
                // a pending task never runs: its verdict is final right away
                task.state = SchedulerState.CANCELLED;
                task.end = now;
                task.reason = reasonFor(SchedulerState.CANCELLED);
                record(array, TaskEvent.ended(task.taskId, SchedulerState.CANCELLED, null, 0, null, now));
            } else if (!task.state.isFinished() && !task.cancelRequested) {
                task.cancelRequested = true;
                if (task.process != null) {
                    supervisor.execute(() -> supervisor.stop(task));
                }
            }
        }
        forgetIfDone(array);
    }

    /** True while this executor is open. */
    @Override
    public boolean ping() {
        synchronized (lock) {
            return !closed;
        }
    }

    /**
     * Stops the executor: pending tasks never start, running ones are stopped (whole process trees) and
     * recorded NODE_FAIL, so that they run again without spending an attempt. Waits for them to end.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.drain();
            for (LocalArray array : arrays.values()) {
                for (LocalTask task : array.tasks.values()) {
                    if (task.process != null && !task.state.isFinished()) {
                        supervisor.execute(() -> supervisor.stop(task));
                    }
                }
            }
            long deadline = System.nanoTime() + killGrace.toNanos() + Duration.ofSeconds(5).toNanos();
            try {
                while (queue.running() > 0 && deadline - System.nanoTime() > 0) {
                    lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        requests.close();
        watchThread.shutdownNow();
        supervisor.close();
        Owners.closed(instanceId);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // closing from the hook itself, during shutdown
        }
    }

    static String reasonFor(SchedulerState state) {
        return switch (state) {
            case TIMEOUT -> "time limit exceeded";
            case CANCELLED -> "cancelled";
            case NODE_FAIL -> RecoveredArrays.ORPHANED;
            default -> "";
        };
    }

    private void ensureOpen() {
        if (closed) {
            throw new SchedulerUnavailableException("local executor is closed");
        }
    }

    private List<TaskStatus> statuses(Collection<String> arrayIds) {
        List<TaskStatus> out = new ArrayList<>();
        for (String arrayId : new TreeSet<>(arrayIds)) {
            synchronized (lock) {
                LocalArray array = arrays.get(arrayId);
                if (array != null) {
                    array.tasks.values().forEach(t -> out.add(t.status()));
                    continue;
                }
            }
            try {
                ArrayRecord record = record(arrayId);
                if (record != null) {
                    out.addAll(recovered.statuses(record));
                }
            } catch (IOException e) {
                throw new SchedulerUnavailableException("local executor cannot read array " + arrayId + ": "
                        + e.getMessage(), e);
            }
        }
        return out;
    }

    private ArrayRecord record(String arrayId) throws IOException {
        if (!arrayId.matches("\\d{1,18}")) {
            return null;
        }
        return state.readArray(arrayId);
    }

    /** Starts pending tasks while slots are free; called with the lock held. */
    private void dispatch() {
        if (closed) {
            return;
        }
        for (LocalTask task : queue.takeStartable()) {
            // RUNNING as soon as a slot is taken, so queue() never shows more pending tasks than are waiting
            task.state = SchedulerState.RUNNING;
            task.start = clock.instant();
            supervisor.execute(() -> launch(task));
        }
    }

    /** On the supervisor's thread: starts the task unless it was cancelled or the executor closed meanwhile. */
    private void launch(LocalTask task) {
        SchedulerState stoppedBeforeStart = null;
        synchronized (lock) {
            if (task.cancelRequested || requests.covers(task.array.record.arrayId(), task.taskId)) {
                stoppedBeforeStart = SchedulerState.CANCELLED;
            } else if (closed) {
                stoppedBeforeStart = SchedulerState.NODE_FAIL;
            }
            if (stoppedBeforeStart != null) {
                task.start = null;
            }
        }
        if (stoppedBeforeStart != null) {
            finish(task, stoppedBeforeStart, null, 0);
            return;
        }
        supervisor.start(task);
    }

    /** How the supervisor's reports become verdicts. */
    private final class Supervision implements TaskSupervisor.Events {

        @Override
        public void started(LocalTask task, ProcessHandle process) {
            Instant start;
            boolean stopNow;
            synchronized (lock) {
                start = clock.instant();
                task.start = start;
                task.process = process;
                stopNow = task.cancelRequested || closed;
            }
            record(task.array, TaskEvent.started(task.taskId, process.pid(), process.info().startInstant().orElse(null),
                    start));
            if (stopNow) {
                supervisor.stop(task);
            }
        }

        @Override
        public void startFailed(LocalTask task, Exception cause) {
            LOG.warn("Array task {}_{} could not start: {}", task.array.record.arrayId(), task.taskId, cause.toString());
            synchronized (lock) {
                task.reason = "cannot start: " + cause.getMessage();
            }
            finish(task, SchedulerState.FAILED, null, 0);
        }

        @Override
        public void timeLimitReached(LocalTask task) {
            synchronized (lock) {
                if (task.stopping || task.state.isFinished()) {
                    return;
                }
                task.timedOut = true;
            }
            supervisor.stop(task);
        }

        @Override
        public void exited(LocalTask task, int exitCode) {
            SchedulerState verdict;
            synchronized (lock) {
                // killed from another process (a cancel that did not wait for this one): the request says why
                boolean cancelled = task.cancelRequested
                        || (exitCode != 0 && requests.covers(task.array.record.arrayId(), task.taskId));
                if (cancelled) {
                    verdict = SchedulerState.CANCELLED;
                } else if (task.timedOut) {
                    verdict = SchedulerState.TIMEOUT;
                } else if (closed && task.stopping) {
                    verdict = SchedulerState.NODE_FAIL;
                } else {
                    verdict = exitCode == 0 ? SchedulerState.COMPLETED : SchedulerState.FAILED;
                    task.signal = 0;
                }
            }
            finish(task, verdict, exitCode, -1);
        }
    }

    /** Records a task's verdict and frees its slot; {@code signal} -1 keeps the one the supervisor set. */
    private void finish(LocalTask task, SchedulerState verdict, Integer exitCode, int signal) {
        TaskEvent ended;
        synchronized (lock) {
            task.state = verdict;
            task.exitCode = exitCode;
            if (signal >= 0) {
                task.signal = signal;
            }
            if (task.reason == null || task.reason.isEmpty() || verdict != SchedulerState.FAILED) {
                task.reason = reasonFor(verdict);
            }
            task.end = clock.instant();
            queue.release(task);
            // a task stopped by close() is recorded NODE_FAIL, so a later instance ignores an .exit marker its
            // shell may still have written and the task is run again without spending an attempt
            ended = TaskEvent.ended(task.taskId, verdict, exitCode, task.signal, task.start, task.end);
            record(task.array, ended);
            forgetIfDone(task.array);
            dispatch();
            lock.notifyAll();
        }
        LOG.debug("Array task {}_{} ended {} (exit {})", task.array.record.arrayId(), task.taskId, verdict, exitCode);
    }

    /** Drops an array whose tasks have all ended: from now on its event log answers for it. */
    private void forgetIfDone(LocalArray array) {
        if (array.tasks.values().stream().allMatch(t -> t.state.isFinished())) {
            arrays.remove(array.record.arrayId());
            requests.done(array.record.arrayId());
        }
    }

    private void record(LocalArray array, TaskEvent event) {
        try {
            state.append(array.record.arrayId(), event);
        } catch (IOException e) {
            // the run goes on; only a restart would lose this task's verdict
            LOG.error("Cannot record {} of task {}_{} in {}: {}", event.kind(), array.record.arrayId(), event.taskId(),
                    state.root(), e.toString());
        }
    }
}
