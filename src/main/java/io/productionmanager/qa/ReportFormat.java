package io.productionmanager.qa;

import java.util.Locale;

/** Number formatting shared by the Markdown and HTML reports. */
final class ReportFormat {

    private ReportFormat() {
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }

    static String successRate(ReportSummary s) {
        return s.successRate().isPresent()
                ? String.format(Locale.ROOT, "%.1f %%", 100.0 * s.successRate().getAsDouble())
                : "n/a (no job finished)";
    }
}
