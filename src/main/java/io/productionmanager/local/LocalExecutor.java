package io.productionmanager.local;

import io.productionmanager.executor.Executor;
import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.SchedulerUnavailableException;
import io.productionmanager.executor.SubmitRejectedException;
import io.productionmanager.executor.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs array scripts on this machine as SLURM would (same environment variables, output files and time
 * limits), at most {@code parallelism} tasks at once, and keeps enough on disk for a later instance to answer
 * for arrays it did not run.
 */
public final class LocalExecutor implements Executor, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalExecutor.class);
    /** Executor instances of this JVM that are still open, so a second instance knows an array has an owner. */
    private static final Set<String> OPEN_INSTANCES = ConcurrentHashMap.newKeySet();
    /** Which instance of this JVM submitted an array ({@code <state dir>#<array id>} to instance id). */
    private static final Map<String, String> ARRAY_OWNERS = new ConcurrentHashMap<>();
    private static final long POLL_MILLIS = 100;
    private static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(10);

    private final StateDirectory state;
    private final int parallelism;
    private final Clock clock;
    private final Duration killGrace;
    private final ExecutorService pool;
    private final RecoveredArrays recovered;
    private final String instanceId = UUID.randomUUID().toString();
    private final long ownPid = ProcessHandle.current().pid();
    private final Instant ownStart = ProcessHandle.current().info().startInstant().orElse(null);

    private final Object lock = new Object();
    private final Map<String, LocalArray> arrays = new LinkedHashMap<>();
    private final Deque<LocalTask> pending = new ArrayDeque<>();
    private int running;
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
        this.recovered = new RecoveredArrays(state, clock, this::ownerAlive);
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(this.parallelism, r -> {
            Thread t = new Thread(r, "local-executor-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        OPEN_INSTANCES.add(instanceId);
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
                    ownPid, ownStart);
            ARRAY_OWNERS.put(ownerKey(record.arrayId()), instanceId);
            state.writeArray(record);
        } catch (IOException e) {
            throw new SchedulerUnavailableException("local executor cannot record the array in " + state.root()
                    + ": " + e.getMessage(), e);
        }
        synchronized (lock) {
            ensureOpen();
            LocalArray array = new LocalArray(record, directives, workDir);
            arrays.put(record.arrayId(), array);
            pending.addAll(array.tasks.values());
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

    @Override
    public void cancel(Collection<String> ids) {
        Map<String, Set<Integer>> requested = new LinkedHashMap<>();
        for (String id : ids) {
            int underscore = id.indexOf('_');
            String arrayId = underscore < 0 ? id : id.substring(0, underscore);
            if (underscore < 0) {
                requested.put(arrayId, null);
            } else if (!requested.containsKey(arrayId) || requested.get(arrayId) != null) {
                try {
                    requested.computeIfAbsent(arrayId, k -> new HashSet<>())
                            .add(Integer.parseInt(id.substring(underscore + 1)));
                } catch (NumberFormatException e) {
                    LOG.warn("Ignoring cancel of '{}': not an array or array_task id", id);
                }
            }
        }
        requested.forEach(this::cancelArray);
    }

    private void cancelArray(String arrayId, Set<Integer> taskIds) {
        synchronized (lock) {
            LocalArray array = arrays.get(arrayId);
            if (array != null) {
                Instant now = clock.instant();
                for (LocalTask task : array.taskList()) {
                    if (taskIds != null && !taskIds.contains(task.taskId)) {
                        continue;
                    }
                    if (task.state == SchedulerState.PENDING && pending.remove(task)) {
                        // a pending task never runs: its verdict is final right away
                        task.state = SchedulerState.CANCELLED;
                        task.end = now;
                        task.reason = reasonFor(SchedulerState.CANCELLED);
                        record(array, TaskEvent.ended(task.taskId, SchedulerState.CANCELLED, null, 0, null, now));
                    } else if (!task.state.isFinished()) {
                        // the task's worker sees the flag within a poll and stops the whole process tree
                        task.cancelRequested = true;
                    }
                }
                return;
            }
        }
        try {
            ArrayRecord record = record(arrayId);
            if (record == null) {
                return;
            }
            if (ownerAlive(record)) {
                LOG.warn("Array {} belongs to another running local executor (pid {}); cancel it there", arrayId,
                        record.ownerPid());
                return;
            }
            recovered.cancel(record, taskIds);
        } catch (IOException e) {
            throw new SchedulerUnavailableException("local executor cannot cancel " + arrayId + ": " + e.getMessage(), e);
        }
    }

    /** True while this executor is open. */
    @Override
    public boolean ping() {
        synchronized (lock) {
            return !closed;
        }
    }

    /**
     * Stops the executor: pending tasks never start, running ones are stopped (whole process trees). A later
     * instance reports both NODE_FAIL (orphaned), so they are run again without spending an attempt.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            pending.clear();
        }
        OPEN_INSTANCES.remove(instanceId);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(killGrace.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
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

    /** True when the executor that submitted {@code record} is still open (in this JVM or another live one). */
    private boolean ownerAlive(ArrayRecord record) {
        if (record.ownerPid() == ownPid) {
            // instances of one JVM share its pid: the registry of open instances tells them apart
            String owner = ARRAY_OWNERS.get(ownerKey(record.arrayId()));
            return owner != null && OPEN_INSTANCES.contains(owner);
        }
        return ProcessTrees.live(record.ownerPid(), record.ownerStart()).isPresent();
    }

    private String ownerKey(String arrayId) {
        return state.root().toAbsolutePath().normalize() + "#" + arrayId;
    }

    /** Starts pending tasks while slots are free; called with the lock held. */
    private void dispatch() {
        Iterator<LocalTask> it = pending.iterator();
        while (running < parallelism && it.hasNext()) {
            LocalTask task = it.next();
            if (task.array.throttled()) {
                continue;
            }
            it.remove();
            running++;
            task.array.running++;
            // RUNNING as soon as a slot is taken, so queue() never shows more pending tasks than are waiting
            task.state = SchedulerState.RUNNING;
            task.start = clock.instant();
            pool.execute(() -> run(task));
        }
    }

    private void run(LocalTask task) {
        LocalArray array = task.array;
        SchedulerState stoppedBeforeStart = null;
        synchronized (lock) {
            // cancelled or closed between taking a slot and getting a thread: never start it
            if (task.cancelRequested) {
                stoppedBeforeStart = SchedulerState.CANCELLED;
            } else if (closed) {
                stoppedBeforeStart = SchedulerState.NODE_FAIL;
            }
            if (stoppedBeforeStart != null) {
                task.start = null;
            }
        }
        if (stoppedBeforeStart != null) {
            finish(task, stoppedBeforeStart, null, 0, reasonFor(stoppedBeforeStart));
            return;
        }
        Process process;
        try {
            process = builder(task).start();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Array task {}_{} could not start: {}", array.record.arrayId(), task.taskId, e.toString());
            finish(task, SchedulerState.FAILED, null, 0, "cannot start: " + e.getMessage());
            return;
        }
        ProcessHandle handle = process.toHandle();
        Instant start;
        synchronized (lock) {
            start = clock.instant();
            task.start = start;
        }
        record(array, TaskEvent.started(task.taskId, handle.pid(), handle.info().startInstant().orElse(null), start));
        Duration limit = array.script.timeLimit();
        long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        Set<ProcessHandle> tree = new HashSet<>();
        boolean stopping = false;
        boolean timedOut = false;
        int signal = 0;
        long killAt = Long.MAX_VALUE;
        try {
            while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                long now = System.nanoTime();
                boolean stopRequested;
                synchronized (lock) {
                    stopRequested = task.cancelRequested || closed;
                }
                if (!stopping && limit != null && now - deadline >= 0) {
                    timedOut = true;
                }
                if (!stopping && (timedOut || stopRequested)) {
                    stopping = true;
                    signal = 15;
                    ProcessTrees.terminate(handle, tree);
                    killAt = now + killGrace.toNanos();
                } else if (stopping && now - killAt >= 0) {
                    signal = 9;
                    ProcessTrees.kill(handle, tree);
                }
            }
        } catch (InterruptedException e) {
            // the pool is being shut down hard: leave nothing running behind
            ProcessTrees.kill(handle, tree);
            Thread.currentThread().interrupt();
            stopping = true;
        }
        if (stopping) {
            // children that outlived the script's shell would keep running unowned
            ProcessTrees.kill(handle, tree);
        }
        int code = process.isAlive() ? -1 : process.exitValue();
        SchedulerState verdict;
        synchronized (lock) {
            if (task.cancelRequested) {
                verdict = SchedulerState.CANCELLED;
            } else if (timedOut) {
                verdict = SchedulerState.TIMEOUT;
            } else if (closed && stopping) {
                verdict = SchedulerState.NODE_FAIL;
            } else {
                verdict = code == 0 ? SchedulerState.COMPLETED : SchedulerState.FAILED;
                signal = 0;
            }
        }
        finish(task, verdict, code, signal, reasonFor(verdict));
    }

    private void finish(LocalTask task, SchedulerState verdict, Integer exitCode, int signal, String reason) {
        synchronized (lock) {
            task.state = verdict;
            task.exitCode = exitCode;
            task.signal = signal;
            task.reason = reason;
            task.end = clock.instant();
            running--;
            task.array.running--;
            if (!closed) {
                dispatch();
            }
        }
        // a task stopped by close() is recorded NODE_FAIL, so a later instance ignores an .exit marker its
        // shell may still have written and the task is run again without spending an attempt
        record(task.array, TaskEvent.ended(task.taskId, verdict, exitCode, signal, task.start, task.end));
        LOG.debug("Array task {}_{} ended {} (exit {})", task.array.record.arrayId(), task.taskId, verdict, exitCode);
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

    private ProcessBuilder builder(LocalTask task) throws IOException {
        LocalArray array = task.array;
        ArrayRecord record = array.record;
        ProcessBuilder pb = new ProcessBuilder("bash", record.script().toString());
        pb.directory(array.workDir.toFile());
        Map<String, String> env = pb.environment();
        // a manager itself running inside a SLURM job must not leak its own job's variables into the tasks
        env.keySet().removeIf(k -> k.startsWith("SLURM_"));
        List<Integer> ids = record.array().taskIds();
        env.put("SLURM_ARRAY_TASK_ID", Integer.toString(task.taskId));
        env.put("SLURM_ARRAY_JOB_ID", record.arrayId());
        env.put("SLURM_JOB_ID", Long.toString(task.jobId));
        env.put("SLURM_ARRAY_TASK_COUNT", Integer.toString(record.taskCount()));
        env.put("SLURM_ARRAY_TASK_MIN", Integer.toString(ids.get(0)));
        env.put("SLURM_ARRAY_TASK_MAX", Integer.toString(ids.get(ids.size() - 1)));
        env.put("SLURM_JOB_NAME", record.jobName());
        env.put("SLURM_SUBMIT_DIR", array.workDir.toString());
        String outPattern = array.script.output() == null ? "slurm-%A_%a.out" : array.script.output();
        Path out = logFile(array, task, outPattern);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(out.toFile());
        Path err = array.script.error() == null ? out : logFile(array, task, array.script.error());
        if (err.equals(out)) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(err.toFile());
        }
        return pb;
    }

    private static Path logFile(LocalArray array, LocalTask task, String pattern) throws IOException {
        String name = ArrayScript.expand(pattern, array.record.arrayId(), task.taskId, task.jobId,
                array.record.jobName());
        Path file = array.workDir.resolve(name).normalize();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        return file;
    }
}
