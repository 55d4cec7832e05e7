package io.productionmanager.cli;

import java.io.PrintWriter;

/** Checks the {@code --interval} of the commands that wait: a wait of zero or less seconds would never pause. */
final class Intervals {

    private Intervals() {
    }

    /** True when {@code seconds} is a usable interval; otherwise says why on {@code err}. */
    static boolean valid(PrintWriter err, String option, double seconds) {
        if (seconds > 0 && Double.isFinite(seconds)) {
            return true;
        }
        err.printf("error: %s must be a number of seconds > 0, got %s%n", option, seconds);
        err.flush();
        return false;
    }
}
