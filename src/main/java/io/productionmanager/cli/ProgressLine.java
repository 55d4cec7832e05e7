package io.productionmanager.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.productionmanager.store.JobState;

/**
 * The one progress bar of the command line ({@code demo}, {@code submit}, {@code monitor}). On a terminal the
 * line is redrawn in place; otherwise (a pipe, a log file) nothing is redrawn and no carriage return is
 * written: a plain line is printed when the progress changed, at most once per interval, and the last one at the end.
 */
final class ProgressLine {

    /** Characters of the bar between its brackets. */
    static final int WIDTH = 40;

    /** Whether standard output is a terminal; replaced in tests. */
    static BooleanSupplier terminal = () -> System.console() != null;

    private final PrintWriter out;
    private final boolean redraw;
    private final Clock clock;
    private final Duration plainInterval;
    private String last = "";
    private String pending;
    private Instant printedAt;

    ProgressLine(PrintWriter out, boolean redraw, Clock clock, Duration plainInterval) {
        this.out = out;
        this.redraw = redraw;
        this.clock = clock;
        this.plainInterval = plainInterval;
    }

    /** For standard output: redrawn on a terminal, a plain line at most every 10 seconds otherwise. */
    static ProgressLine forOutput(PrintWriter out) {
        return new ProgressLine(out, terminal.getAsBoolean(), Clock.systemUTC(), Duration.ofSeconds(10));
    }

    /** {@code [####----]  20.0%  20/100 completed}: the bar every command draws. */
    static String bar(long completed, long total) {
        double fraction = total == 0 ? 1.0 : Math.min(1.0, (double) completed / total);
        int filled = (int) Math.round(fraction * WIDTH);
        return String.format(Locale.ROOT, "[%s%s] %5.1f%%  %,d/%,d completed", "#".repeat(filled),
                "-".repeat(WIDTH - filled), fraction * 100, completed, total);
    }

    /** {@code NAME [####----]  20.0%  20/100 completed, 4 running, 1 queued, 0 failed}. */
    static String line(String name, Map<JobState, Long> c, long total) {
        return String.format(Locale.ROOT, "%s %s, %,d running, %,d queued, %,d failed", name,
                bar(c.getOrDefault(JobState.COMPLETED, 0L), total), c.getOrDefault(JobState.RUNNING, 0L),
                c.getOrDefault(JobState.QUEUED, 0L), c.getOrDefault(JobState.FAILED, 0L));
    }

    void show(String name, Map<JobState, Long> counts, long total) {
        String line = line(name, counts, total);
        if (line.equals(last)) {
            return;
        }
        last = line;
        if (redraw) {
            out.print("\r\033[2K" + line);
            out.flush();
            return;
        }
        Instant now = clock.instant();
        if (printedAt == null || !now.isBefore(printedAt.plus(plainInterval))) {
            out.println(line);
            out.flush();
            printedAt = now;
            pending = null;
        } else {
            pending = line;
        }
    }

    /** Ends the progress: the line break after a redrawn line, or the last state not yet printed. */
    void done() {
        if (redraw) {
            out.println();
        } else if (pending != null) {
            out.println(pending);
            pending = null;
        }
        out.flush();
    }
}
