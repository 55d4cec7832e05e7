package io.productionmanager.local;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SLURM {@code --array} value: task indices ({@code 0-9}, {@code 1,3,5}, {@code 0-9:2}) and an optional
 * {@code %throttle} on how many of them run at once.
 *
 * @param taskIds  the task indices, ascending
 * @param throttle maximum number of tasks of the array running at once, 0 for no limit
 */
public record ArraySpec(List<Integer> taskIds, int throttle) {

    private static final Pattern PART = Pattern.compile("(\\d+)(?:-(\\d+)(?::(\\d+))?)?");

    public ArraySpec {
        taskIds = List.copyOf(taskIds);
    }

    /** Tasks {@code 0..count-1} without throttle. */
    public static ArraySpec range(int count) {
        List<Integer> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(i);
        }
        return new ArraySpec(ids, 0);
    }

    /** Parses an {@code --array} value; throws IllegalArgumentException saying what is wrong. */
    public static ArraySpec parse(String value) {
        String v = value.trim();
        int throttle = 0;
        int percent = v.indexOf('%');
        if (percent >= 0) {
            String t = v.substring(percent + 1);
            if (!t.matches("\\d{1,9}") || Integer.parseInt(t) < 1) {
                throw new IllegalArgumentException("invalid array throttle '%" + t + "' in '" + value + "'");
            }
            throttle = Integer.parseInt(t);
            v = v.substring(0, percent);
        }
        TreeSet<Integer> ids = new TreeSet<>();
        for (String part : v.split(",", -1)) {
            Matcher m = PART.matcher(part.trim());
            if (!m.matches() || m.group(1).length() > 9 || (m.group(2) != null && m.group(2).length() > 9)) {
                throw new IllegalArgumentException("invalid array specification '" + value + "' at '" + part + "'");
            }
            int first = Integer.parseInt(m.group(1));
            int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
            int step = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            if (last < first || step < 1) {
                throw new IllegalArgumentException("invalid array range '" + part + "' in '" + value + "'");
            }
            for (long i = first; i <= last; i += step) {
                ids.add((int) i);
            }
        }
        return new ArraySpec(new ArrayList<>(ids), throttle);
    }

    /** The value as written in an {@code --array} line. */
    public String format() {
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < taskIds.size()) {
            int j = i;
            while (j + 1 < taskIds.size() && taskIds.get(j + 1) == taskIds.get(j) + 1) {
                j++;
            }
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(taskIds.get(i));
            if (j > i) {
                text.append('-').append(taskIds.get(j));
            }
            i = j + 1;
        }
        return throttle > 0 ? text + "%" + throttle : text.toString();
    }
}
