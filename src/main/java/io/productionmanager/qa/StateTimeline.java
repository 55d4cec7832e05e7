package io.productionmanager.qa;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.productionmanager.store.JobState;

/** Reconstructs the number of jobs in each state over time from the state-change history. */
public final class StateTimeline {

    /** Most points {@link #build(List, int)} returns, enough for a 1000-pixel-wide chart. */
    public static final int DEFAULT_MAX_POINTS = 2000;

    private static final JobState[] STATES = JobState.values();

    /** The number of jobs in each state right after every event at or before {@code at}. */
    public record Point(Instant at, int[] counts) {

        public Point {
            counts = counts.clone();
        }

        /** Jobs in {@code state} at this point. */
        public int count(JobState state) {
            return counts[state.ordinal()];
        }

        /** All jobs counted at this point. */
        public int total() {
            return Arrays.stream(counts).sum();
        }

        @Override
        public int[] counts() {
            return counts.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Point p && at.equals(p.at) && Arrays.equals(counts, p.counts);
        }

        @Override
        public int hashCode() {
            return 31 * at.hashCode() + Arrays.hashCode(counts);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(at.toString()).append(' ');
            for (JobState s : STATES) {
                sb.append(s).append('=').append(counts[s.ordinal()]).append(' ');
            }
            return sb.toString().strip();
        }
    }

    private StateTimeline() {
    }

    /** Same as {@link #build(List, int, int)} with at most {@value #DEFAULT_MAX_POINTS} points. */
    public static List<Point> build(List<ReportEvent> events, int jobCount) {
        return build(events, jobCount, DEFAULT_MAX_POINTS);
    }

    /**
     * Replays {@code events}: every job starts PENDING at the first event time, each event with both a from and a to
     * state moves one job. Returns one point per distinct event time, or, when there are more than {@code maxPoints}
     * of those, the exact counts at {@code maxPoints} evenly spaced times from the first to the last event.
     * Events without a from or to state (production-level events, job creation) move nothing.
     */
    public static List<Point> build(List<ReportEvent> events, int jobCount, int maxPoints) {
        if (jobCount < 0) {
            throw new IllegalArgumentException("jobCount must not be negative: " + jobCount);
        }
        if (maxPoints < 2) {
            throw new IllegalArgumentException("maxPoints must be at least 2: " + maxPoints);
        }
        Moves moves = movesInTimeOrder(events);
        if (moves.isEmpty()) {
            return List.of();
        }
        long distinct = moves.distinctTimes();
        int[] counts = new int[STATES.length];
        counts[JobState.PENDING.ordinal()] = jobCount;
        return distinct <= maxPoints ? everyTime(moves, counts) : sampled(moves, counts, maxPoints);
    }

    /**
     * Moves packed into one long each, {@code (micros since the first move) << 6 | from << 3 | to}, sorted: a primitive
     * sort of 200,000 longs is an order of magnitude faster than sorting objects. Within one microsecond the order
     * changes, which is harmless because points are only taken after all moves of a time stamp.
     */
    private record Moves(long firstMicros, long[] packed) {

        boolean isEmpty() {
            return packed.length == 0;
        }

        int size() {
            return packed.length;
        }

        long micros(int i) {
            return firstMicros + (packed[i] >>> 6);
        }

        long distinctTimes() {
            long distinct = 0;
            for (int i = 0; i < packed.length; i++) {
                if (i == 0 || (packed[i] >>> 6) != (packed[i - 1] >>> 6)) {
                    distinct++;
                }
            }
            return distinct;
        }

        void apply(int i, int[] counts) {
            counts[(int) (packed[i] >>> 3) & 7]--;
            counts[(int) packed[i] & 7]++;
        }
    }

    private static Moves movesInTimeOrder(List<ReportEvent> events) {
        long[] micros = new long[events.size()];
        int[] fromTo = new int[events.size()];
        int n = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < events.size(); i++) {
            ReportEvent e = events.get(i);
            if (e.fromState() == null || e.toState() == null) {
                continue;
            }
            if (e.at() == null) {
                throw new IllegalArgumentException("event " + i + " (job " + e.jobId() + "): field 'at' must not be null");
            }
            int from = stateIndex(e.fromState(), i, "fromState");
            int to = stateIndex(e.toState(), i, "toState");
            if (from != to) {
                micros[n] = toMicros(e.at());
                fromTo[n++] = from << 3 | to;
                first = Math.min(first, micros[n - 1]);
                last = Math.max(last, micros[n - 1]);
            }
        }
        if (n > 0 && last - first >= 1L << 56) {
            throw new IllegalArgumentException("events span more than 2,000 years: " + fromMicros(first) + " to "
                    + fromMicros(last));
        }
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            packed[i] = (micros[i] - first) << 6 | fromTo[i];
        }
        Arrays.sort(packed);
        return new Moves(n == 0 ? 0 : first, packed);
    }

    private static int stateIndex(String state, int eventIndex, String field) {
        try {
            return JobState.valueOf(state.strip()).ordinal();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("event " + eventIndex + ": field '" + field + "' has unknown state '"
                    + state + "'; expected one of " + Arrays.toString(STATES), e);
        }
    }

    private static List<Point> everyTime(Moves moves, int[] counts) {
        List<Point> points = new ArrayList<>();
        int i = 0;
        while (i < moves.size()) {
            long at = moves.micros(i);
            while (i < moves.size() && moves.micros(i) == at) {
                moves.apply(i++, counts);
            }
            points.add(new Point(fromMicros(at), counts));
        }
        return points;
    }

    private static List<Point> sampled(Moves moves, int[] counts, int maxPoints) {
        long first = moves.micros(0);
        long last = moves.micros(moves.size() - 1);
        List<Point> points = new ArrayList<>(maxPoints);
        int i = 0;
        for (int k = 0; k < maxPoints; k++) {
            // the last sample sits exactly on the last event so the final counts are always shown
            long sampleMicros = k == maxPoints - 1 ? last : first + (long) ((double) (last - first) * k / (maxPoints - 1));
            while (i < moves.size() && moves.micros(i) <= sampleMicros) {
                moves.apply(i++, counts);
            }
            points.add(new Point(fromMicros(sampleMicros), counts));
        }
        return points;
    }

    private static long toMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000L);
    }

    private static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
