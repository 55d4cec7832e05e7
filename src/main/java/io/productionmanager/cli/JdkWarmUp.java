package io.productionmanager.cli;

import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * JDK start-up work {@code status} does anyway a moment later, done while it waits for the SQLite driver's set-up
 * thread: the number symbols of the default format locale ({@code printf} of a number). It only fills the JDK's
 * own cache with the value the command would put there; a failure is left for the command to meet.
 */
final class JdkWarmUp {

    private JdkWarmUp() {
    }

    /** Prepares the number symbols of the default format locale. */
    static void numbers() {
        try {
            DecimalFormatSymbols.getInstance(Locale.getDefault(Locale.Category.FORMAT));
        } catch (RuntimeException e) {
            // the command does it itself, and reports it
        }
    }
}
