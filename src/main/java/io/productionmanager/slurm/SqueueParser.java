package io.productionmanager.slurm;

import io.productionmanager.executor.SchedulerState;
import io.productionmanager.executor.TaskStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Parses {@code squeue -h -o '%i|%j|%T|%r'} output (with or without {@code -r}) into one status per task. */
public final class SqueueParser {

    /** The squeue format this parser reads: id, name, state, reason. */
    public static final String FORMAT = "%i|%j|%T|%r";

    private SqueueParser() {
    }

    /**
     * Parses squeue output; collapsed rows ({@code 260_[2-5%1]}) become one status per task.
     *
     * @throws IllegalArgumentException naming the line and field when a line does not match {@link #FORMAT}
     */
    public static List<TaskStatus> parse(String output) {
        return parse(output, null);
    }

    /**
     * As {@link #parse(String)}, keeping only the tasks of the arrays in {@code wanted} (all when null). Lines
     * are cut by hand and repeated names, states and reasons share one string: an answer of a million lines
     * is parsed in well under a second.
     */
    public static List<TaskStatus> parse(String output, java.util.Set<String> wanted) {
        List<TaskStatus> out = new ArrayList<>();
        java.util.Map<String, String> shared = new java.util.HashMap<>();
        java.util.Map<String, SchedulerState> states = new java.util.HashMap<>();
        int n = output.length();
        int lineNo = 0;
        int start = 0;
        while (start < n) {
            int end = start;
            while (end < n && output.charAt(end) != '\n' && output.charAt(end) != '\r') {
                end++;
            }
            int next = end;
            if (next < n && output.charAt(next) == '\r' && next + 1 < n && output.charAt(next + 1) == '\n') {
                next++;
            }
            next++;
            lineNo++;
            String line = output.substring(start, end);
            start = next;
            if (line.isBlank()) {
                continue;
            }
            parseLine(line, lineNo, wanted, shared, states, out);
        }
        return out;
    }

    private static void parseLine(String line, int lineNo, java.util.Set<String> wanted, java.util.Map<String, String> shared,
                                  java.util.Map<String, SchedulerState> states, List<TaskStatus> out) {
        int first = line.indexOf('|');
        int last = line.lastIndexOf('|');
        int beforeLast = last > 0 ? line.lastIndexOf('|', last - 1) : -1;
        if (first < 0 || beforeLast <= first) {
            int fields = first < 0 ? 1 : line.split("\\|", -1).length;
            throw new IllegalArgumentException("squeue output line " + lineNo + ": expected 4 fields '"
                    + FORMAT + "', got " + fields + ": " + line);
        }
        // A job name may itself contain '|': id is first, state and reason are last.
        String idField = line.substring(0, first);
        String arrayId = simpleArrayId(idField);
        if (wanted != null && arrayId != null && !wanted.contains(arrayId)) {
            return;
        }
        String name = shared.computeIfAbsent(line.substring(first + 1, beforeLast), k -> k);
        String rawState = shared.computeIfAbsent(line.substring(beforeLast + 1, last).strip(), k -> k);
        String reason = line.substring(last + 1).strip();
        String cleanReason = "None".equals(reason) ? "" : shared.computeIfAbsent(reason, k -> k);
        SchedulerState state = states.computeIfAbsent(rawState, SchedulerState::parse);
        if (arrayId != null) {
            // the common row of squeue -r: ARRAY_TASK
            int u = idField.indexOf('_');
            out.add(new TaskStatus(shared.computeIfAbsent(arrayId, k -> k), Integer.parseInt(idField, u + 1, idField.length(), 10),
                    state, rawState, null, 0, cleanReason, name, null, null));
            return;
        }
        SlurmJobId id;
        try {
            id = SlurmJobId.parse(idField);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("squeue output line " + lineNo + ", field JOBID: " + e.getMessage(), e);
        }
        if (wanted != null && !wanted.contains(id.arrayId())) {
            return;
        }
        for (int task : id.taskIds()) {
            out.add(new TaskStatus(id.arrayId(), task, state, rawState, null, 0, cleanReason, name, null, null));
        }
    }

    /** The array id of a plain {@code ARRAY_TASK} id (digits, '_', digits), else null (parsed the general way). */
    private static String simpleArrayId(String f) {
        int u = f.indexOf('_');
        if (u <= 0 || u == f.length() - 1 || u > 18 || f.length() - u > 10) {
            return null;
        }
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (i != u && (c < '0' || c > '9')) {
                return null;
            }
        }
        return f.substring(0, u);
    }
}
