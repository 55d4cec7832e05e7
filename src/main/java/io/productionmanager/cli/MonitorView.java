package io.productionmanager.cli;

import io.productionmanager.production.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import io.productionmanager.store.JobState;

/**
 * Renders the live view of {@code monitor}: a progress bar, counts per state, completion rate and
 * ETA, the production path and the latest failures. Pure: it is given snapshots and returns text.
 */
public final class MonitorView {

    /** One reading of the production. */
    public record Snapshot(String name, String path, long total, Map<JobState, Long> counts, Instant at,
                           List<String> latestFailures) {
        long count(JobState s) {
            return counts.getOrDefault(s, 0L);
        }

        /** Jobs that will not change any more without a user's action: completed, cancelled, failed for good. */
        long done() {
            return count(JobState.COMPLETED) + count(JobState.CANCELLED);
        }
    }

    private final Deque<Snapshot> window = new ArrayDeque<>();
    private final Duration rateWindow;

    public MonitorView(Duration rateWindow) {
        this.rateWindow = rateWindow;
    }

    /** Adds a snapshot and returns the lines to show. */
    public List<String> render(Snapshot s) {
        window.addLast(s);
        while (window.size() > 2 && Duration.between(window.peekFirst().at(), s.at()).compareTo(rateWindow) > 0) {
            window.removeFirst();
        }
        long completed = s.count(JobState.COMPLETED);
        StringBuilder counts = new StringBuilder();
        for (JobState st : JobState.values()) {
            counts.append(String.format("%s %d  ", st.name(), s.count(st)));
        }
        double perMinute = rate();
        long remaining = s.total() - completed - s.count(JobState.CANCELLED);
        String eta = perMinute > 0 && remaining > 0 ? Durations.compact(Duration.ofSeconds(Math.round(remaining / perMinute * 60)))
                : remaining == 0 ? "done" : "unknown";
        List<String> lines = new java.util.ArrayList<>();
        lines.add(String.format("%s  %s", s.name(), s.path()));
        lines.add(ProgressLine.bar(completed, s.total()));
        lines.add(counts.toString().trim());
        lines.add(String.format("rate %.1f jobs/min   ETA %s   at %s", perMinute, eta, s.at()));
        if (!s.latestFailures().isEmpty()) {
            lines.add("latest failures:");
            s.latestFailures().forEach(f -> lines.add("  " + f));
        }
        return lines;
    }

    /** Completions per minute over the window of recent snapshots. */
    double rate() {
        if (window.size() < 2) {
            return 0;
        }
        Snapshot first = window.peekFirst();
        Snapshot last = window.peekLast();
        double minutes = Duration.between(first.at(), last.at()).toMillis() / 60_000.0;
        long delta = last.count(JobState.COMPLETED) - first.count(JobState.COMPLETED);
        return minutes <= 0 ? 0 : Math.max(0, delta) / minutes;
    }
}
