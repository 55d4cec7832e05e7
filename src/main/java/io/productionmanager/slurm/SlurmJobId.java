package io.productionmanager.slurm;

import io.productionmanager.executor.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job id as squeue/sacct print it, expanded to its array tasks: {@code 260_3}, collapsed
 * {@code 260_[2-5%1]} or {@code 260_[1,4-5]}, or a bare {@code 260} (task {@link TaskStatus#WHOLE_ARRAY});
 * {@code collapsed} is true for bracketed and bare ids, rows that speak for tasks as a group.
 */
record SlurmJobId(String arrayId, List<Integer> taskIds, boolean collapsed) {

    private static final Pattern ID = Pattern.compile("(\\d+)(?:_(\\d+|\\[([0-9,\\-]+)(?:%\\d+)?\\]))?");
    private static final Pattern RANGE = Pattern.compile("(\\d+)(?:-(\\d+))?");
    /** Guards against a malformed range expanding to an absurd number of tasks. */
    private static final int MAX_TASKS = 10_000_000;

    /** True for a job step line ({@code 260_3.batch}, {@code 260.extern}, {@code 260_3.0}), which is not a task. */
    static boolean isStep(String field) {
        return field.indexOf('.') >= 0;
    }

    /**
     * Parses one id field.
     *
     * @throws IllegalArgumentException when the field is not a job id of these forms
     */
    static SlurmJobId parse(String field) {
        String f = field.strip();
        Matcher m = ID.matcher(f);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a SLURM job id: '" + field + "'");
        }
        String arrayId = m.group(1);
        if (m.group(2) == null) {
            return new SlurmJobId(arrayId, List.of(TaskStatus.WHOLE_ARRAY), true);
        }
        if (m.group(3) == null) {
            return new SlurmJobId(arrayId, List.of(Integer.parseInt(m.group(2))), false);
        }
        List<Integer> tasks = new ArrayList<>();
        for (String part : m.group(3).split(",")) {
            Matcher r = RANGE.matcher(part);
            if (!r.matches()) {
                throw new IllegalArgumentException("bad task range '" + part + "' in job id '" + field + "'");
            }
            int from = Integer.parseInt(r.group(1));
            int to = r.group(2) == null ? from : Integer.parseInt(r.group(2));
            if (to < from || tasks.size() + (long) (to - from) + 1 > MAX_TASKS) {
                throw new IllegalArgumentException("bad task range '" + part + "' in job id '" + field + "'");
            }
            for (int t = from; t <= to; t++) {
                tasks.add(t);
            }
        }
        return new SlurmJobId(arrayId, List.copyOf(tasks), true);
    }
}
