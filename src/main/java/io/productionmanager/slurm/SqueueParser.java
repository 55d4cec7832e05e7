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

    /**
     * As {@link #parse(String, java.util.Set)}, reading the answer as a stream of bytes and handing each task to
     * {@code sink}: no line, field or status object is made for a row that only repeats the array, name, state
     * and reason of the row before it (a {@code squeue -r} answer lists each array's tasks together), so a
     * million rows cost a few thousand objects. The same rows, in the same order, with the same errors.
     *
     * @throws IllegalArgumentException naming the line and field when a line does not match {@link #FORMAT}
     */
    public static void parse(java.io.InputStream in, java.util.Set<String> wanted, io.productionmanager.executor.TaskSink sink)
            throws java.io.IOException {
        new Streamed(wanted, sink).read(in);
    }

    /** The state of one streamed parse: the read buffer and the row last seen, whose status is reused. */
    private static final class Streamed {
        private final java.util.Set<String> wanted;
        private final io.productionmanager.executor.TaskSink sink;
        private final java.util.Map<String, String> shared = new java.util.HashMap<>();
        private final java.util.Map<String, SchedulerState> states = new java.util.HashMap<>();
        private byte[] buf = new byte[1 << 16];
        private int lineNo;
        /** The array id bytes of the last plain row, and its id as a string (null: not wanted). */
        private byte[] lastArray = new byte[0];
        private int lastArrayLen = -1;
        private String lastArrayId;
        private boolean lastArrayWanted;
        /** The bytes after the id of the last plain row (name, state, reason) and the status made of them. */
        private byte[] lastRest = new byte[0];
        private int lastRestLen = -1;
        private TaskStatus lastStatus;

        Streamed(java.util.Set<String> wanted, io.productionmanager.executor.TaskSink sink) {
            this.wanted = wanted;
            this.sink = sink;
        }

        void read(java.io.InputStream in) throws java.io.IOException {
            int start = 0;
            int limit = 0;
            boolean afterCr = false;
            while (true) {
                int n = in.read(buf, limit, buf.length - limit);
                if (n < 0) {
                    break;
                }
                limit += n;
                int i = start;
                while (i < limit) {
                    byte b = buf[i];
                    if (b == '\n' || b == '\r') {
                        if (b == '\n' && afterCr && i == start) {
                            afterCr = false; // the \n of a \r\n pair
                            start = ++i;
                            continue;
                        }
                        line(start, i);
                        afterCr = b == '\r';
                        start = ++i;
                    } else {
                        afterCr = false;
                        i++;
                    }
                }
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, limit - start);
                    limit -= start;
                    start = 0;
                }
                if (limit == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
                }
            }
            if (limit > start) {
                line(start, limit);
            }
        }

        private void line(int from, int to) {
            lineNo++;
            if (blank(from, to)) {
                return;
            }
            int first = -1;
            for (int i = from; i < to; i++) {
                if (buf[i] == '|') {
                    first = i;
                    break;
                }
            }
            int last = -1;
            for (int i = to - 1; i >= from; i--) {
                if (buf[i] == '|') {
                    last = i;
                    break;
                }
            }
            int beforeLast = -1;
            for (int i = last - 1; i >= from; i--) {
                if (buf[i] == '|') {
                    beforeLast = i;
                    break;
                }
            }
            if (first < 0 || beforeLast <= first) {
                // the general parser words the error
                parseLine(text(from, to), lineNo, wanted, shared, states, new ArrayList<>());
                return;
            }
            int u = plainUnderscore(from, first);
            if (u < 0) {
                List<TaskStatus> out = new ArrayList<>();
                parseLine(text(from, to), lineNo, wanted, shared, states, out);
                for (TaskStatus t : out) {
                    sink.task(t.arrayId(), t.taskId(), t);
                }
                return;
            }
            if (!sameBytes(lastArray, lastArrayLen, from, u)) {
                lastArray = java.util.Arrays.copyOfRange(buf, from, u);
                lastArrayLen = u - from;
                lastArrayId = shared.computeIfAbsent(text(from, u), k -> k);
                lastArrayWanted = wanted == null || wanted.contains(lastArrayId);
                lastRestLen = -1; // a status belongs to one array
            }
            if (!lastArrayWanted) {
                return;
            }
            int task = 0;
            for (int i = u + 1; i < first; i++) {
                task = task * 10 + (buf[i] - '0');
            }
            if (lastStatus == null || !sameBytes(lastRest, lastRestLen, first, to)) {
                lastRest = java.util.Arrays.copyOfRange(buf, first, to);
                lastRestLen = to - first;
                String name = shared.computeIfAbsent(text(first + 1, beforeLast), k -> k);
                String rawState = shared.computeIfAbsent(text(beforeLast + 1, last).strip(), k -> k);
                String reason = text(last + 1, to).strip();
                String cleanReason = "None".equals(reason) ? "" : shared.computeIfAbsent(reason, k -> k);
                SchedulerState state = states.computeIfAbsent(rawState, SchedulerState::parse);
                lastStatus = new TaskStatus(lastArrayId, task, state, rawState, null, 0, cleanReason, name, null, null);
            }
            sink.task(lastArrayId, task, lastStatus);
        }

        /** The position of the '_' of a plain {@code ARRAY_TASK} id in [from, to), else -1 (as simpleArrayId). */
        private int plainUnderscore(int from, int to) {
            int u = -1;
            for (int i = from; i < to; i++) {
                if (buf[i] == '_') {
                    u = i;
                    break;
                }
            }
            int len = to - from;
            int at = u - from;
            if (u < 0 || at == 0 || at == len - 1 || at > 18 || len - at > 10) {
                return -1;
            }
            for (int i = from; i < to; i++) {
                byte c = buf[i];
                if (i != u && (c < '0' || c > '9')) {
                    return -1;
                }
            }
            return u;
        }

        private boolean sameBytes(byte[] last, int lastLen, int from, int to) {
            return lastLen == to - from && java.util.Arrays.equals(last, 0, lastLen, buf, from, to);
        }

        private boolean blank(int from, int to) {
            for (int i = from; i < to; i++) {
                byte c = buf[i];
                if (c != ' ' && c != '\t' && c != 0x0B && c != '\f' && (c < 0x1C || c > 0x1F)) {
                    return false;
                }
            }
            return true;
        }

        private String text(int from, int to) {
            return new String(buf, from, to - from, java.nio.charset.StandardCharsets.UTF_8);
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
