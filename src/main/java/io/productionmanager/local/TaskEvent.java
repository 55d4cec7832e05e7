package io.productionmanager.local;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.Usage;

import java.time.Instant;

/**
 * One line of an array's event log: a task started (with its process) or ended (with the executor's verdict).
 *
 * @param kind         {@code start} or {@code end}
 * @param taskId       the array task index
 * @param pid          process id of the task's script (start events), else -1
 * @param processStart start time of that process as the OS reports it, or null
 * @param state        the verdict (end events), else null
 * @param exitCode     exit code (end events), or null
 * @param signal       signal that ended it, or 0
 * @param start        when the task started, or null
 * @param end          when it ended (end events), or null
 * @param usage        what the task used (end events of tasks this executor sampled), else {@link Usage#NONE};
 *                     written as a tenth field {@code u=elapsed,cpu,rss,reqMem,cpus,limit} ({@code -} unknown)
 */
record TaskEvent(String kind, int taskId, long pid, Instant processStart, SchedulerState state, Integer exitCode,
                 int signal, Instant start, Instant end, Usage usage) {

    TaskEvent {
        usage = usage == null ? Usage.NONE : usage;
    }

    TaskEvent(String kind, int taskId, long pid, Instant processStart, SchedulerState state, Integer exitCode,
              int signal, Instant start, Instant end) {
        this(kind, taskId, pid, processStart, state, exitCode, signal, start, end, Usage.NONE);
    }

    static TaskEvent started(int taskId, long pid, Instant processStart, Instant start) {
        return new TaskEvent("start", taskId, pid, processStart, null, null, 0, start, null);
    }

    static TaskEvent ended(int taskId, SchedulerState state, Integer exitCode, int signal, Instant start, Instant end) {
        return new TaskEvent("end", taskId, -1, null, state, exitCode, signal, start, end);
    }

    static TaskEvent ended(int taskId, SchedulerState state, Integer exitCode, int signal, Instant start, Instant end,
                           Usage usage) {
        return new TaskEvent("end", taskId, -1, null, state, exitCode, signal, start, end, usage);
    }

    boolean isEnd() {
        return kind.equals("end");
    }

    String format() {
        return String.join(" ", kind, Integer.toString(taskId), Long.toString(pid), millis(processStart),
                state == null ? "-" : state.name(), exitCode == null ? "-" : exitCode.toString(),
                Integer.toString(signal), millis(start), millis(end)) + (usage.isEmpty() ? "" : " u=" + String.join(",",
                text(usage.elapsedSeconds()), text(usage.cpuSeconds()), text(usage.maxRssBytes()),
                text(usage.reqMemBytes()), text(usage.allocCpus()), text(usage.timeLimitSeconds())));
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString();
    }

    /** Parses a line written by {@link #format()}; null for a torn or foreign line (e.g. cut by a crash). */
    static TaskEvent parse(String line) {
        String[] f = line.trim().split(" ");
        if ((f.length != 9 && f.length != 10) || !(f[0].equals("start") || f[0].equals("end"))) {
            return null;
        }
        try {
            return new TaskEvent(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), instant(f[3]),
                    f[4].equals("-") ? null : SchedulerState.valueOf(f[4]),
                    f[5].equals("-") ? null : Integer.valueOf(f[5]), Integer.parseInt(f[6]), instant(f[7]), instant(f[8]),
                    f.length == 10 ? usage(f[9]) : Usage.NONE);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Usage usage(String field) {
        if (!field.startsWith("u=")) {
            throw new IllegalArgumentException("not a usage field: " + field);
        }
        String[] u = field.substring(2).split(",", -1);
        if (u.length != 6) {
            throw new IllegalArgumentException("usage needs 6 values: " + field);
        }
        return new Usage(u[0].equals("-") ? null : Long.valueOf(u[0]), u[1].equals("-") ? null : Double.valueOf(u[1]),
                u[2].equals("-") ? null : Long.valueOf(u[2]), u[3].equals("-") ? null : Long.valueOf(u[3]),
                u[4].equals("-") ? null : Integer.valueOf(u[4]), u[5].equals("-") ? null : Long.valueOf(u[5]));
    }

    private static String millis(Instant instant) {
        return instant == null ? "-" : Long.toString(instant.toEpochMilli());
    }

    private static Instant instant(String text) {
        return text.equals("-") ? null : Instant.ofEpochMilli(Long.parseLong(text));
    }
}
