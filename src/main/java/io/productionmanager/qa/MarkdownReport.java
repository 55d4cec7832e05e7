package io.productionmanager.qa;

import io.productionmanager.production.SuccessRate;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.productionmanager.store.JobState;

/** Writes {@code validation_report.md}: summary table, failures by reason, failed jobs and retried jobs. */
final class MarkdownReport {

    /** Rows listed per job table; the JSON report has them all. */
    static final int MAX_ROWS = 200;

    private MarkdownReport() {
    }

    static void write(ReportInput in, ReportSummary s, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# Validation report: " + cell(in.production()) + "\n\n");
            w.write("- Version: " + orDash(in.version()) + "\n");
            w.write("- Tag: " + orDash(in.tag()) + "\n");
            w.write("- Generated: " + in.generatedAt() + "\n");
            w.write("- Jobs: " + s.jobCount() + "\n");
            w.write("- Success rate: " + ReportFormat.successRate(s) + " (" + SuccessRate.DEFINITION + ")\n");
            w.write("- Failed attempts: " + s.failedAttempts() + "\n");
            w.write("- Outputs validated: " + s.validated() + " (" + s.invalid() + " invalid)\n\n");

            if (in.efficiency() != null) {
                w.write("## Resource efficiency\n\n```\n" + String.join("\n", in.efficiency().reportLines()) + "\n```\n\n");
            }
            w.write("## Jobs per state\n\n| State | Jobs | Share |\n|---|---:|---:|\n");
            for (Map.Entry<JobState, Integer> e : s.totals().entrySet()) {
                w.write("| " + e.getKey() + " | " + e.getValue() + " | " + ReportFormat.percent(e.getValue(), s.jobCount()) + " |\n");
            }

            w.write("\n## Failures by reason\n\n");
            if (s.failuresByReason().isEmpty()) {
                w.write("No failures.\n");
            } else {
                w.write("| Reason code | Failed attempts | Jobs now FAILED | Recorded reasons (most frequent) |\n|---|---:|---:|---|\n");
                for (Map.Entry<String, Integer> e : s.failuresByReason().entrySet()) {
                    w.write("| " + cell(e.getKey()) + " | " + e.getValue() + " | "
                            + s.failedJobsByReason().getOrDefault(e.getKey(), 0) + " | "
                            + String.join("<br>", ReportFormat.details(s, e.getKey()).stream().map(MarkdownReport::cell).toList())
                            + " |\n");
                }
            }

            w.write("\n## Failed jobs (" + s.failedJobs().size() + ")\n\n");
            jobTable(w, s.failedJobs(), "No job is in state FAILED.");

            w.write("\n## Jobs that needed retries (" + s.retriedJobs().size() + ")\n\n");
            jobTable(w, s.retriedJobs(), "No job needed a retry.");
        }
    }

    private static void jobTable(Writer w, List<ReportJob> jobs, String none) throws IOException {
        if (jobs.isEmpty()) {
            w.write(none + "\n");
            return;
        }
        w.write("| Job | Realization | Redshift | State | Attempts | Last reason |\n|---|---:|---:|---|---:|---|\n");
        for (ReportJob j : jobs.subList(0, Math.min(MAX_ROWS, jobs.size()))) {
            w.write("| " + cell(j.id()) + " | " + j.realization() + " | " + String.format(Locale.ROOT, "%.3f", j.redshift())
                    + " | " + j.state() + " | " + j.attempt() + " | " + cell(orDash(j.failureReason())) + " |\n");
        }
        if (jobs.size() > MAX_ROWS) {
            w.write("\n… and " + (jobs.size() - MAX_ROWS) + " more (all are listed in validation_report.json).\n");
        }
    }

    /** Keeps free text from breaking the table: no pipes, no line breaks. */
    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replaceAll("[\\r\\n]+", " ");
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "-" : text;
    }
}
