package io.productionmanager.qa;

import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    /** The full reasons recorded under a reason code, each with its count: {@code "exit 1; retry 1 of 3 after 1.2 s (×4)"}. */
    static List<String> details(ReportSummary s, String code) {
        return s.failureDetails().getOrDefault(code, Map.of()).entrySet().stream()
                .map(e -> e.getKey() + " (×" + e.getValue() + ")").toList();
    }
}
