package io.productionmanager.production;

import java.time.Duration;
import java.util.Locale;

/** How durations read to a person: in words for messages ("after 12 min"), compact for a live line ("12m05s"). */
public final class Durations {

    private Durations() {
    }

    /** "4.2 s" under ten seconds, then "45 s", "12 min", "3.5 h". */
    public static String inWords(Duration d) {
        long s = d.getSeconds();
        if (s < 10) {
            // short test delays (initial_delay_minutes 0.01) would otherwise read "after 0 s"
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        return String.format("%.1f h", s / 3600.0);
    }

    /** "45s", "12m05s", "3h30m". */
    public static String compact(Duration d) {
        long s = d.getSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
