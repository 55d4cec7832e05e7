package io.productionmanager.qa;

import java.nio.file.Path;
import java.util.List;

/**
 * The files one report run wrote.
 *
 * @param index    {@code qa/index.html}
 * @param json     {@code qa/validation_reports/validation_report.json}
 * @param markdown {@code qa/validation_reports/validation_report.md}
 * @param plots    the PNG charts under {@code qa/summary_plots/}
 */
public record ReportFiles(Path index, Path json, Path markdown, List<Path> plots) {

    public ReportFiles {
        plots = List.copyOf(plots);
    }
}
