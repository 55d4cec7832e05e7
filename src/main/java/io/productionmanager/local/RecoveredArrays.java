package io.productionmanager.local;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.TaskStatus;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Answers for arrays submitted by an earlier executor instance, from its event log and the tasks' marker
 * files: a verdict in the log wins, then an {@code .exit} marker, then a live process; anything else was
 * orphaned by the restart.
 */
final class RecoveredArrays {

    /** Reason given to tasks whose executor went away before they finished. */
    static final String ORPHANED = "task orphaned by a restart of the local executor";

    private final StateDirectory state;
    private final Clock clock;
    private final Predicate<ArrayRecord> ownerAlive;
    // finished tasks never change again, so their status is read from disk only once
    private final Map<String, Map<Integer, TaskStatus>> finished = new ConcurrentHashMap<>();

    RecoveredArrays(StateDirectory state, Clock clock, Predicate<ArrayRecord> ownerAlive) {
        this.state = state;
        this.clock = clock;
        this.ownerAlive = ownerAlive;
    }

    /** Every task of the array as it stands now. */
    List<TaskStatus> statuses(ArrayRecord record) throws IOException {
        Map<Integer, TaskStatus> done = finished.computeIfAbsent(record.arrayId(), k -> new ConcurrentHashMap<>());
        Map<Integer, TaskEvent> starts = new HashMap<>();
        Map<Integer, TaskEvent> ends = new HashMap<>();
        if (done.size() < record.taskCount()) {
            for (TaskEvent event : state.events(record.arrayId())) {
                (event.isEnd() ? ends : starts).put(event.taskId(), event);
            }
        }
        boolean owned = ownerAlive.test(record);
        List<TaskStatus> statuses = new ArrayList<>(record.taskCount());
        for (int taskId : record.array().taskIds()) {
            TaskStatus status = done.get(taskId);
            if (status == null) {
                status = status(record, taskId, starts.get(taskId), ends.get(taskId), owned);
                if (status.state().isFinished()) {
                    done.put(taskId, status);
                }
            }
            statuses.add(status);
        }
        return statuses;
    }

    /**
     * Cancels what is left of an array of a departed executor: live task processes are killed and every
     * unfinished task gets a CANCELLED verdict in the log.
     */
    void cancel(ArrayRecord record, Set<Integer> taskIds) throws IOException {
        Map<Integer, TaskEvent> starts = new HashMap<>();
        for (TaskEvent event : state.events(record.arrayId())) {
            if (!event.isEnd()) {
                starts.put(event.taskId(), event);
            }
        }
        for (TaskStatus status : statuses(record)) {
            if (status.state().isFinished() || (taskIds != null && !taskIds.contains(status.taskId()))) {
                continue;
            }
            TaskEvent start = starts.get(status.taskId());
            if (start != null) {
                ProcessTrees.live(start.pid(), start.processStart())
                        .ifPresent(h -> ProcessTrees.kill(h, new HashSet<>()));
            }
            state.append(record.arrayId(), TaskEvent.ended(status.taskId(), SchedulerState.CANCELLED, null, 9,
                    status.start(), clock.instant()));
        }
        finished.remove(record.arrayId());
    }

    private TaskStatus status(ArrayRecord record, int taskId, TaskEvent start, TaskEvent end, boolean owned) {
        if (end != null) {
            return new TaskStatus(record.arrayId(), taskId, end.state(), end.state().name(), end.exitCode(),
                    end.signal(), LocalExecutor.reasonFor(end.state()), record.jobName(), end.start(), end.end(), end.usage());
        }
        Optional<TaskMarkers.Marker> exit = TaskMarkers.read(TaskMarkers.exitFile(record.script(), taskId));
        if (exit.isPresent() && exit.get().exit() != null) {
            int code = exit.get().exit();
            SchedulerState s = code == 0 ? SchedulerState.COMPLETED : SchedulerState.FAILED;
            Instant started = exit.get().start() != null ? exit.get().start() : start == null ? null : start.start();
            return new TaskStatus(record.arrayId(), taskId, s, s.name(), code, 0, "", record.jobName(), started,
                    exit.get().end() != null ? exit.get().end() : clock.instant());
        }
        Instant startedAt = start != null ? start.start()
                : TaskMarkers.read(TaskMarkers.startFile(record.script(), taskId)).map(TaskMarkers.Marker::start)
                        .orElse(null);
        boolean alive = start != null && ProcessTrees.live(start.pid(), start.processStart()).isPresent();
        if (alive || (owned && startedAt != null)) {
            return new TaskStatus(record.arrayId(), taskId, SchedulerState.RUNNING, "RUNNING", null, 0, "",
                    record.jobName(), startedAt, null);
        }
        if (owned) {
            return new TaskStatus(record.arrayId(), taskId, SchedulerState.PENDING, "PENDING", null, 0, "Resources",
                    record.jobName(), null, null);
        }
        return new TaskStatus(record.arrayId(), taskId, SchedulerState.NODE_FAIL, "NODE_FAIL", null, 0, ORPHANED,
                record.jobName(), startedAt, clock.instant());
    }
}
