package io.productionmanager.local;

import io.productionmanager.executor.SchedulerState;

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
 */
record TaskEvent(String kind, int taskId, long pid, Instant processStart, SchedulerState state, Integer exitCode,
                 int signal, Instant start, Instant end) {

    static TaskEvent started(int taskId, long pid, Instant processStart, Instant start) {
        return new TaskEvent("start", taskId, pid, processStart, null, null, 0, start, null);
    }

    static TaskEvent ended(int taskId, SchedulerState state, Integer exitCode, int signal, Instant start, Instant end) {
        return new TaskEvent("end", taskId, -1, null, state, exitCode, signal, start, end);
    }

    boolean isEnd() {
        return kind.equals("end");
    }

    String format() {
        return String.join(" ", kind, Integer.toString(taskId), Long.toString(pid), millis(processStart),
                state == null ? "-" : state.name(), exitCode == null ? "-" : exitCode.toString(),
                Integer.toString(signal), millis(start), millis(end));
    }

    /** Parses a line written by {@link #format()}; null for a torn or foreign line (e.g. cut by a crash). */
    static TaskEvent parse(String line) {
        String[] f = line.trim().split(" ");
        if (f.length != 9 || !(f[0].equals("start") || f[0].equals("end"))) {
            return null;
        }
        try {
            return new TaskEvent(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), instant(f[3]),
                    f[4].equals("-") ? null : SchedulerState.valueOf(f[4]),
                    f[5].equals("-") ? null : Integer.valueOf(f[5]), Integer.parseInt(f[6]), instant(f[7]), instant(f[8]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String millis(Instant instant) {
        return instant == null ? "-" : Long.toString(instant.toEpochMilli());
    }

    private static Instant instant(String text) {
        return text.equals("-") ? null : Instant.ofEpochMilli(Long.parseLong(text));
    }
}
