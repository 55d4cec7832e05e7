package io.productionmanager.qa;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
        List<Move> moves = movesInTimeOrder(events);
        if (moves.isEmpty()) {
            return List.of();
        }
        long distinct = moves.stream().map(Move::at).distinct().count();
        int[] counts = new int[STATES.length];
        counts[JobState.PENDING.ordinal()] = jobCount;
        return distinct <= maxPoints ? everyTime(moves, counts) : sampled(moves, counts, maxPoints);
    }

    private record Move(Instant at, int from, int to) {
    }

    private static List<Move> movesInTimeOrder(List<ReportEvent> events) {
        List<Move> moves = new ArrayList<>(events.size());
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
                moves.add(new Move(e.at(), from, to));
            }
        }
        // a stable sort keeps the recorded order of events that share a time stamp
        moves.sort(Comparator.comparing(Move::at));
        return moves;
    }

    private static int stateIndex(String state, int eventIndex, String field) {
        try {
            return JobState.valueOf(state.strip()).ordinal();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("event " + eventIndex + ": field '" + field + "' has unknown state '"
                    + state + "'; expected one of " + Arrays.toString(STATES), e);
        }
    }

    private static List<Point> everyTime(List<Move> moves, int[] counts) {
        List<Point> points = new ArrayList<>();
        int i = 0;
        while (i < moves.size()) {
            Instant at = moves.get(i).at();
            while (i < moves.size() && moves.get(i).at().equals(at)) {
                apply(moves.get(i++), counts);
            }
            points.add(new Point(at, counts));
        }
        return points;
    }

    private static List<Point> sampled(List<Move> moves, int[] counts, int maxPoints) {
        long first = toMicros(moves.get(0).at());
        long last = toMicros(moves.get(moves.size() - 1).at());
        List<Point> points = new ArrayList<>(maxPoints);
        int i = 0;
        for (int k = 0; k < maxPoints; k++) {
            // the last sample sits exactly on the last event so the final counts are always shown
            long sampleMicros = k == maxPoints - 1 ? last : first + (long) ((double) (last - first) * k / (maxPoints - 1));
            while (i < moves.size() && toMicros(moves.get(i).at()) <= sampleMicros) {
                apply(moves.get(i++), counts);
            }
            points.add(new Point(fromMicros(sampleMicros), counts));
        }
        return points;
    }

    private static void apply(Move move, int[] counts) {
        counts[move.from()]--;
        counts[move.to()]++;
    }

    private static long toMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000L);
    }

    private static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
