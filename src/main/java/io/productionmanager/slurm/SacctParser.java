package io.productionmanager.slurm;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.TaskStatus;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Parses {@code sacct -n -P --format=JobID,JobName,State,ExitCode,Start,End,Reason} output into
 * one status per array task; step lines ({@code .batch}, {@code .extern}) are skipped.
 */
public final class SacctParser {

    /** The sacct fields this parser reads, in order. */
    public static final String FORMAT = "JobID,JobName,State,ExitCode,Start,End,Reason";
    private static final String[] FIELDS = FORMAT.split(",");

    private SacctParser() {
    }

    /**
     * Parses sacct output whose times are in {@code zone}.
     * A task's own row wins over a collapsed row ({@code 11_[4-9]}) that still lists it,
     * whatever their order: sacct keeps the collapsed pending record after some of its tasks started.
     *
     * @throws IllegalArgumentException naming the line and field when a line is malformed
     */
    public static List<TaskStatus> parse(String output, ZoneId zone) {
        Map<String, TaskStatus> byTask = new LinkedHashMap<>();
        String[] lines = output.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            if (f.length != FIELDS.length) {
                throw new IllegalArgumentException("sacct output line " + (i + 1) + ": expected " + FIELDS.length
                        + " fields '" + FORMAT + "', got " + f.length + ": " + line);
            }
            if (SlurmJobId.isStep(f[0])) {
                continue;
            }
            int lineNo = i + 1;
            SlurmJobId id = field(lineNo, "JobID", () -> SlurmJobId.parse(f[0]));
            String rawState = f[2].strip();
            SchedulerState state = SchedulerState.parse(rawState);
            int[] exit = field(lineNo, "ExitCode", () -> exitCode(f[3]));
            Instant start = field(lineNo, "Start", () -> time(f[4], zone));
            Instant end = field(lineNo, "End", () -> time(f[5], zone));
            String reason = "None".equals(f[6].strip()) ? "" : f[6].strip();
            // An exit code only means something for one script that ran and finished; a collapsed
            // row stands for tasks that never started (sacct still prints 0:0 and a start time).
            Integer exitCode = state.isFinished() && start != null && !id.collapsed() ? exit[0] : null;
            for (int task : id.taskIds()) {
                TaskStatus s = new TaskStatus(id.arrayId(), task, state, rawState, exitCode, exit[1], reason,
                        f[1], start, end);
                if (id.collapsed()) {
                    byTask.putIfAbsent(s.slurmId(), s);
                } else {
                    byTask.put(s.slurmId(), s);
                }
            }
        }
        return new ArrayList<>(byTask.values());
    }

    /** {@code "3:0"} → {3, 0}; {@code "0:9"} → {0, 9}. */
    static int[] exitCode(String field) {
        String f = field.strip();
        int colon = f.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected '<exit>:<signal>', got '" + field + "'");
        }
        try {
            return new int[] {Integer.parseInt(f.substring(0, colon)), Integer.parseInt(f.substring(colon + 1))};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected '<exit>:<signal>', got '" + field + "'", e);
        }
    }

    /** sacct prints {@code None} or {@code Unknown} for times that do not exist (yet). */
    static Instant time(String field, ZoneId zone) {
        String f = field.strip();
        if (f.isEmpty() || f.equals("None") || f.equals("Unknown")) {
            return null;
        }
        try {
            return LocalDateTime.parse(f).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a time like 2026-01-31T23:59:59, got '" + field + "'", e);
        }
    }

    private static <T> T field(int line, String name, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sacct output line " + line + ", field " + name + ": " + e.getMessage(), e);
        }
    }
}
