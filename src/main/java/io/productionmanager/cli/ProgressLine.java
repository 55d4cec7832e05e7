package io.productionmanager.cli;

import java.io.PrintWriter;
import java.util.Map;

import io.productionmanager.store.JobState;

/** One progress line: redrawn in place on a terminal, printed when it changes otherwise. */
final class ProgressLine {

    private final PrintWriter out;
    private final boolean terminal;
    private String last = "";

    ProgressLine(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void show(String name, Map<JobState, Long> c, long total) {
        long done = c.get(JobState.COMPLETED);
        int width = 30;
        int filled = total == 0 ? width : (int) (width * done / total);
        String line = String.format("%s [%s%s] %d/%d completed, %d running, %d queued, %d failed", name,
                "#".repeat(filled), "-".repeat(width - filled), done, total, c.get(JobState.RUNNING),
                c.get(JobState.QUEUED), c.get(JobState.FAILED));
        if (line.equals(last)) {
            return;
        }
        last = line;
        if (terminal) {
            out.print("\r\033[2K" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    void done() {
        if (terminal) {
            out.println();
            out.flush();
        }
    }
}
