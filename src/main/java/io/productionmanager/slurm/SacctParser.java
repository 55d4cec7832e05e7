package io.productionmanager.slurm;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.TaskStatus;
import io.productionmanager.executor.Usage;
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
 * Parses {@code sacct -n -P --format=}{@link #FORMAT} output into one status per array task. A task's
 * step lines ({@code .batch}, {@code .extern}, {@code .0}) carry its peak memory (MaxRSS is measured per
 * step), which is merged into the task's usage; otherwise steps are not tasks. Lines of the older
 * seven-field format (without the usage fields) are read as well, with no usage.
 */
public final class SacctParser {

    /** The sacct fields this parser reads, in order. */
    public static final String FORMAT =
            "JobID,JobName,State,ExitCode,Start,End,Reason,ElapsedRaw,TotalCPU,MaxRSS,ReqMem,AllocCPUS,TimelimitRaw";
    private static final int FIELDS = FORMAT.split(",").length;
    /** The fields before the usage ones: the format of earlier versions, still accepted. */
    private static final int STATE_FIELDS = 7;

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
        Map<String, Usage> stepUsage = rows(output, zone, (id, first) -> {
            for (int task : id.taskIds()) {
                TaskStatus s = task == first.taskId() ? first : withTask(first, task);
                if (id.collapsed()) {
                    byTask.putIfAbsent(s.slurmId(), s);
                } else {
                    byTask.put(s.slurmId(), s);
                }
            }
        });
        stepUsage.forEach((task, u) -> byTask.computeIfPresent(task, (k, s) -> s.withUsage(s.usage().merge(u))));
        return new ArrayList<>(byTask.values());
    }

    /**
     * The same records as {@link #parse(String, ZoneId)}, of the arrays in {@code wanted} only (all when null),
     * handed to {@code sink}: each task once, its own record first; the tasks of a collapsed record share one
     * status (a collapsed pending row of a thousand tasks costs one object, not a thousand).
     *
     * @throws IllegalArgumentException naming the line and field when a line is malformed
     */
    public static void parse(String output, ZoneId zone, java.util.Set<String> wanted,
                             io.productionmanager.executor.TaskSink sink) {
        Map<String, TaskStatus> own = new LinkedHashMap<>();
        List<Collapsed> collapsed = new ArrayList<>();
        Map<String, Usage> stepUsage = rows(output, zone, (id, first) -> {
            if (wanted != null && !wanted.contains(id.arrayId())) {
                return;
            }
            if (id.collapsed()) {
                collapsed.add(new Collapsed(id, first));
            } else {
                own.put(first.slurmId(), first);
            }
        });
        stepUsage.forEach((task, u) -> own.computeIfPresent(task, (k, s) -> s.withUsage(s.usage().merge(u))));
        Map<String, java.util.BitSet> taken = new java.util.HashMap<>();
        for (TaskStatus t : own.values()) {
            sink.task(t.arrayId(), t.taskId(), t);
            taken.computeIfAbsent(t.arrayId(), k -> new java.util.BitSet()).set(t.taskId());
        }
        java.util.Set<String> wholeSeen = new java.util.HashSet<>();
        for (Collapsed c : collapsed) {
            String arrayId = c.id().arrayId();
            java.util.BitSet done = taken.computeIfAbsent(arrayId, k -> new java.util.BitSet());
            for (int task : c.id().taskIds()) {
                if (task == TaskStatus.WHOLE_ARRAY) {
                    if (wholeSeen.add(arrayId)) {
                        Usage u = stepUsage.get(arrayId);
                        sink.task(arrayId, task, u == null ? c.first() : c.first().withUsage(c.first().usage().merge(u)));
                    }
                } else if (!done.get(task)) {
                    done.set(task);
                    Usage u = stepUsage.isEmpty() ? null : stepUsage.get(arrayId + "_" + task);
                    sink.task(arrayId, task, u == null ? c.first() : withTask(c.first(), task).withUsage(c.first().usage().merge(u)));
                }
            }
        }
    }

    /** A collapsed record and the status of its first task. */
    private record Collapsed(SlurmJobId id, TaskStatus first) {
    }

    /** One record line: its id and the status of its first task. */
    private interface RowConsumer {
        void row(SlurmJobId id, TaskStatus first);
    }

    private static TaskStatus withTask(TaskStatus s, int task) {
        return new TaskStatus(s.arrayId(), task, s.state(), s.rawState(), s.exitCode(), s.signal(), s.reason(),
                s.jobName(), s.start(), s.end(), s.usage());
    }

    /** Reads every line, handing each record to {@code rows}; returns the peak memory of the step lines, by task. */
    private static Map<String, Usage> rows(String output, ZoneId zone, RowConsumer rows) {
        Map<String, Usage> stepUsage = new LinkedHashMap<>();
        String[] lines = output.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            if (f.length != FIELDS && f.length != STATE_FIELDS) {
                throw new IllegalArgumentException("sacct output line " + (i + 1) + ": expected " + FIELDS
                        + " fields '" + FORMAT + "', got " + f.length + ": " + line);
            }
            int lineNo = i + 1;
            if (SlurmJobId.isStep(f[0])) {
                if (f.length == FIELDS) {
                    String task = f[0].substring(0, f[0].indexOf('.')).strip();
                    stepUsage.merge(task, field(lineNo, "MaxRSS", () -> usage(f, false)), Usage::merge);
                }
                continue;
            }
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
            Usage usage = f.length == FIELDS && !id.collapsed() ? field(lineNo, "usage", () -> usage(f, true)) : Usage.NONE;
            rows.row(id, new TaskStatus(id.arrayId(), id.taskIds().get(0), state, rawState, exitCode, exit[1], reason,
                    f[1], start, end, usage));
        }
        return stepUsage;
    }

    /** The usage fields of a line; a step line contributes only its peak memory. */
    private static Usage usage(String[] f, boolean allocation) {
        Long rss = bytes(f[9], null);
        if (!allocation) {
            return new Usage(null, null, rss, null, null, null);
        }
        Integer cpus = f[11].isBlank() ? null : Integer.valueOf(f[11].strip());
        return new Usage(f[7].isBlank() ? null : Long.valueOf(f[7].strip()), duration(f[8]), rss, bytes(f[10], cpus),
                cpus, timeLimit(f[12]));
    }

    /**
     * A size such as {@code 330676K}, {@code 275.50M}, {@code 1G} or {@code 0} (binary units; plain numbers are
     * kilobytes for MaxRSS and megabytes for ReqMem, sacct's own defaults are not needed here because it always
     * prints a unit when the value is not zero). A trailing {@code c} (older ReqMem: per CPU) is multiplied by
     * the CPUs, {@code n} (per node) is dropped.
     */
    static Long bytes(String field, Integer cpus) {
        String v = field.strip();
        if (v.isEmpty()) {
            return null;
        }
        long perCpu = 1;
        char last = Character.toLowerCase(v.charAt(v.length() - 1));
        if (last == 'c' || last == 'n') {
            perCpu = last == 'c' && cpus != null ? cpus : 1;
            v = v.substring(0, v.length() - 1);
        }
        long unit = switch (Character.toUpperCase(v.charAt(v.length() - 1))) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            case 'T' -> 1L << 40;
            default -> 0;
        };
        String number = unit == 0 ? v : v.substring(0, v.length() - 1);
        if (unit == 0) {
            unit = 1L << 10;
        }
        try {
            return Math.round(Double.parseDouble(number) * unit) * perCpu;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a size like 330676K or 1.5G, got '" + field + "'", e);
        }
    }

    /** sacct's CPU time: {@code [D-]HH:MM:SS}, {@code MM:SS.mmm} or empty. */
    static Double duration(String field) {
        String v = field.strip();
        if (v.isEmpty()) {
            return null;
        }
        try {
            double days = 0;
            int dash = v.indexOf('-');
            if (dash >= 0) {
                days = Double.parseDouble(v.substring(0, dash));
                v = v.substring(dash + 1);
            }
            String[] parts = v.split(":");
            double seconds = 0;
            for (String part : parts) {
                seconds = seconds * 60 + Double.parseDouble(part);
            }
            return days * 86_400 + seconds;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a time like 01:02:03 or 00:02.774, got '" + field + "'", e);
        }
    }

    /** TimelimitRaw: minutes, or {@code UNLIMITED}, {@code Partition_Limit} or empty (null). */
    static Long timeLimit(String field) {
        String v = field.strip();
        if (v.isEmpty() || !Character.isDigit(v.charAt(0))) {
            return null;
        }
        return Long.parseLong(v) * 60;
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
