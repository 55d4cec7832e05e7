package io.productionmanager.poll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.TaskStatus;
import io.productionmanager.store.JobState;

/**
 * Decides, from one squeue answer, one sacct answer (or none) and the tasks' marker files, what
 * happened to each active job. Pure apart from reading marker files; the caller applies the result.
 */
public final class Reconciler {

    /** Result of validating an output file: null when valid, else the problem. */
    public interface OutputCheck extends Function<Path, String> {
    }

    private final OutputCheck outputCheck;
    private final Duration lostGrace;

    public Reconciler(OutputCheck outputCheck, Duration lostGrace) {
        this.outputCheck = outputCheck;
        this.lostGrace = lostGrace;
    }

    /**
     * @param jobs          the active jobs
     * @param queue         squeue's answer for their arrays
     * @param accounting    sacct's answer, or null when accounting is unavailable (markers decide)
     * @param now           the current time
     * @param missingSince  first time each job was seen neither in the queue nor in accounting; updated here
     *                      (kept by the caller between cycles)
     * @return the changes to apply (jobs whose state does not change are left out)
     */
    public List<Outcome> reconcile(List<TrackedJob> jobs, List<TaskStatus> queue, List<TaskStatus> accounting,
                                   Instant now, Map<String, Instant> missingSince) {
        Map<String, TaskStatus> inQueue = index(queue);
        Map<String, TaskStatus> inAccounting = accounting == null ? Map.of() : index(accounting);
        Map<String, TaskStatus> wholeArray = new HashMap<>();
        if (accounting != null) {
            for (TaskStatus t : accounting) {
                if (t.taskId() == TaskStatus.WHOLE_ARRAY) {
                    wholeArray.put(t.arrayId(), t);
                }
            }
        }
        List<Outcome> out = new ArrayList<>();
        for (TrackedJob job : jobs) {
            Outcome o = decide(job, inQueue.get(job.slurmId()), accountingFor(job, inAccounting, wholeArray),
                    accounting != null, now, missingSince);
            if (o != null) {
                out.add(o);
            }
        }
        return out;
    }

    private static TaskStatus accountingFor(TrackedJob job, Map<String, TaskStatus> byId, Map<String, TaskStatus> whole) {
        TaskStatus t = byId.get(job.slurmId());
        return t != null ? t : whole.get(job.arrayId());
    }

    /**
     * What happened to one job, given its queue row and accounting record (either may be null); the same decision
     * {@link #reconcile} makes for each job. Updates {@code missingSince} for it.
     */
    Outcome decide(TrackedJob job, TaskStatus queued, TaskStatus acct, boolean accountingAvailable,
                           Instant now, Map<String, Instant> missingSince) {
        // The exit marker is read only when it can matter (a finished record, or no live one): a poll of a
        // million queued tasks does not touch a million files.
        boolean finishedRecord = acct != null && acct.state().isFinished();
        Marker exit = finishedRecord || queued == null ? exitMarker(job) : null;
        // A finished accounting record is authoritative; a marker settles a task accounting has not caught up with.
        // Not so a COMPLETED record without an exit code and no exit marker: that is a collapsed row (the array's
        // master record still carrying a task range while the array splits, seen on a real SLURM) standing for
        // tasks that may still be running; the queue, the marker or the next cycle decide.
        if (finishedRecord && !inconclusive(acct, exit)) {
            missingSince.remove(job.id());
            return finished(job, acct, exit);
        }
        if (queued != null || (acct != null && !acct.state().isFinished())) {
            missingSince.remove(job.id());
            TaskStatus live = queued != null ? queued : acct;
            if (live.state() == SchedulerState.RUNNING || live.state() == SchedulerState.COMPLETING) {
                return job.state() == JobState.RUNNING ? null
                        : new Outcome(job.id(), job.version(), JobState.RUNNING, null, "running", null,
                                live.rawState(), live.start() != null ? live.start() : now, null);
            }
            return null;
        }
        if (exit != null) {
            missingSince.remove(job.id());
            return fromMarker(job, exit);
        }
        Marker start = Marker.read(job.markerBase().resolveSibling(job.markerBase().getFileName() + ".start"));
        Instant first = missingSince.computeIfAbsent(job.id(), k -> now);
        if (!accountingAvailable && start != null && job.state() == JobState.QUEUED) {
            return new Outcome(job.id(), job.version(), JobState.RUNNING, null, "running (marker)", null,
                    "RUNNING", start.start(), null);
        }
        if (Duration.between(first, now).compareTo(lostGrace) >= 0) {
            missingSince.remove(job.id());
            return failed(job, FailureCause.LOST, "LOST: gone from the queue and accounting, no exit marker after "
                    + lostGrace.toMinutes() + " min", null, "LOST", null, now);
        }
        return null;
    }

    private static Marker exitMarker(TrackedJob job) {
        return Marker.read(job.markerBase().resolveSibling(job.markerBase().getFileName() + ".exit"));
    }

    private static boolean inconclusive(TaskStatus acct, Marker exit) {
        return acct.state() == SchedulerState.COMPLETED && acct.exitCode() == null && exit == null;
    }

    private Outcome finished(TrackedJob job, TaskStatus t, Marker exit) {
        Instant end = t.end();
        return switch (t.state()) {
            case COMPLETED -> {
                Integer code = t.exitCode() != null ? t.exitCode() : exit != null ? exit.exit() : Integer.valueOf(0);
                yield code != 0 ? failed(job, FailureCause.EXIT_CODE, "exit " + code, code, t.rawState(), t.start(), end)
                        : completedIfValid(job, t.rawState(), t.start(), end);
            }
            case FAILED -> {
                Integer code = t.exitCode() != null && t.exitCode() != 0 ? t.exitCode()
                        : exit != null ? exit.exit() : t.exitCode();
                String reason = code != null && code != 0 ? "exit " + code
                        : t.signal() != 0 ? "signal " + t.signal() : "FAILED";
                yield failed(job, FailureCause.EXIT_CODE, reason, code, t.rawState(), t.start(), end);
            }
            case TIMEOUT -> failed(job, FailureCause.TIMEOUT, "TIMEOUT", t.exitCode(), t.rawState(), t.start(), end);
            case OUT_OF_MEMORY -> failed(job, FailureCause.OUT_OF_MEMORY, "OUT_OF_MEMORY", t.exitCode(), t.rawState(), t.start(), end);
            case NODE_FAIL, BOOT_FAIL -> failed(job, FailureCause.NODE_FAIL, t.state().name()
                    + (t.reason() == null || t.reason().isBlank() ? "" : ": " + t.reason()), t.exitCode(), t.rawState(), t.start(), end);
            case PREEMPTED -> failed(job, FailureCause.PREEMPTED, "PREEMPTED", t.exitCode(), t.rawState(), t.start(), end);
            case CANCELLED -> new Outcome(job.id(), job.version(), JobState.CANCELLED, null,
                    "cancelled outside production-manager (" + t.rawState() + ")", t.exitCode(), t.rawState(), t.start(), end);
            default -> failed(job, FailureCause.SCHEDULER, t.rawState(), t.exitCode(), t.rawState(), t.start(), end);
        };
    }

    private Outcome fromMarker(TrackedJob job, Marker exit) {
        if (exit.exit() == null || exit.exit() != 0) {
            return failed(job, FailureCause.EXIT_CODE, "exit " + exit.exit(), exit.exit(), "MARKER", exit.start(), exit.end());
        }
        return completedIfValid(job, "MARKER", exit.start(), exit.end());
    }

    private Outcome completedIfValid(TrackedJob job, String raw, Instant start, Instant end) {
        String problem = outputCheck.apply(job.output());
        if (problem == null) {
            problem = CheckMarker.read(job.markerBase().resolveSibling(job.markerBase().getFileName() + ".check"));
        }
        if (problem != null) {
            return failed(job, FailureCause.INVALID_OUTPUT, "INVALID_OUTPUT: " + problem, 0, raw, start, end);
        }
        return new Outcome(job.id(), job.version(), JobState.COMPLETED, null, "completed, output valid", 0, raw, start, end);
    }

    private static Outcome failed(TrackedJob job, FailureCause cause, String reason, Integer code, String raw,
                                  Instant start, Instant end) {
        return new Outcome(job.id(), job.version(), JobState.FAILED, cause, reason, code, raw, start, end);
    }

    private static Map<String, TaskStatus> index(List<TaskStatus> rows) {
        Map<String, TaskStatus> m = new HashMap<>();
        for (TaskStatus t : rows) {
            if (t.taskId() != TaskStatus.WHOLE_ARRAY) {
                // a requeued task can appear twice in accounting; the finished record wins over a live one
                m.merge(t.slurmId(), t, (a, b) -> b.state().isFinished() ? b : a);
            }
        }
        return m;
    }

    /**
     * The marker the batch script writes when {@code outputs.validation.check_command} exits non-zero: a line
     * {@code exit=N}, then the last lines of the check's stderr.
     */
    static final class CheckMarker {
        /** Most stderr lines, and characters, kept in a failure reason. */
        static final int LINES = 10;
        static final int CHARS = 800;

        private CheckMarker() {
        }

        /** Null when there is no marker (the check passed, or there is none), else the failure for the reason. */
        static String read(Path file) {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                return io.productionmanager.qa.ValidationResult.CHECK_FAILED + " (check_command failed; its marker "
                        + file + " cannot be read: " + e.getMessage() + ")";
            }
            String exit = !lines.isEmpty() && lines.get(0).startsWith("exit=") ? lines.get(0).substring(5).strip() : "?";
            List<String> stderr = lines.subList(lines.isEmpty() || !lines.get(0).startsWith("exit=") ? 0 : 1, lines.size())
                    .stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
            stderr = stderr.subList(Math.max(0, stderr.size() - LINES), stderr.size());
            String text = String.join(" / ", stderr);
            if (text.length() > CHARS) {
                text = "..." + text.substring(text.length() - CHARS);
            }
            return io.productionmanager.qa.ValidationResult.CHECK_FAILED + " (check_command exit " + exit
                    + (text.isEmpty() ? ", no stderr" : ": " + text) + ")";
        }
    }

    /** A task's marker file ({@code key=value} lines written by the batch script). */
    record Marker(Integer exit, Instant start, Instant end) {
        static Marker read(Path file) {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            try {
                Map<String, String> kv = new HashMap<>();
                for (String line : Files.readAllLines(file)) {
                    for (String word : line.trim().split("\\s+")) {
                        int eq = word.indexOf('=');
                        if (eq > 0) {
                            kv.put(word.substring(0, eq), word.substring(eq + 1));
                        }
                    }
                }
                return new Marker(parseInt(kv.get("exit")), epoch(kv.get("start")), epoch(kv.get("end")));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        private static Integer parseInt(String s) {
            try {
                return s == null ? null : Integer.valueOf(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private static Instant epoch(String s) {
            try {
                return s == null ? null : Instant.ofEpochSecond(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
