package io.productionmanager.qa;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.productionmanager.store.JobState;

/** Writes {@code qa/index.html}: one self-contained page linking the charts and the JSON and Markdown reports. */
final class HtmlReport {

    /** Failed jobs listed on the page; the JSON report has them all. */
    static final int MAX_ROWS = 200;

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1060px;color:#222}
            h1{margin-bottom:.2rem}.meta{color:#666;margin-top:0}
            .cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0}
            .card{border:1px solid #ddd;border-radius:6px;padding:.5rem .9rem;min-width:7rem}
            .card b{display:block;font-size:1.4rem}
            table{border-collapse:collapse;margin:.5rem 0 1.5rem}
            th,td{border:1px solid #ddd;padding:.25rem .6rem;text-align:left}
            td.n{text-align:right}th{background:#f4f4f4}
            img{max-width:100%;height:auto;border:1px solid #eee;margin:.5rem 0}
            """;

    private HtmlReport() {
    }

    /** Plot and report paths are written as given, relative to the page. */
    static void write(ReportInput in, ReportSummary s, Path file, List<String> plots, String json, String markdown)
            throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String title = "Production report: " + in.production();
            w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title)
                    + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n");
            w.write("<h1>" + esc(title) + "</h1>\n<p class=\"meta\">version " + esc(orDash(in.version())) + " · tag "
                    + esc(orDash(in.tag())) + " · generated " + esc(in.generatedAt().toString()) + "</p>\n");

            w.write("<div class=\"cards\">\n");
            card(w, "jobs", String.valueOf(s.jobCount()));
            for (Map.Entry<JobState, Integer> e : s.totals().entrySet()) {
                card(w, e.getKey().name().toLowerCase(Locale.ROOT), String.valueOf(e.getValue()));
            }
            card(w, "success rate", ReportFormat.successRate(s));
            card(w, "failed attempts", String.valueOf(s.failedAttempts()));
            card(w, "outputs validated", s.validated() + " (" + s.invalid() + " invalid)");
            w.write("</div>\n");

            w.write("<p>Full reports: <a href=\"" + esc(json) + "\">validation_report.json</a> · <a href=\""
                    + esc(markdown) + "\">validation_report.md</a></p>\n");

            if (in.efficiency() != null) {
                w.write("<h2>Resource efficiency</h2>\n<pre>" + esc(String.join("\n", in.efficiency().reportLines())) + "</pre>\n");
            }
            w.write("<h2>Charts</h2>\n");
            for (String plot : plots) {
                w.write("<p><a href=\"" + esc(plot) + "\"><img src=\"" + esc(plot) + "\" width=\"1000\" height=\"600\" alt=\""
                        + esc(plot) + "\"></a></p>\n");
            }

            w.write("<h2>Failures by reason</h2>\n");
            if (s.failuresByReason().isEmpty()) {
                w.write("<p>No failures.</p>\n");
            } else {
                w.write("<table>\n<tr><th>Reason code</th><th>Failed attempts</th><th>Jobs now FAILED</th>"
                        + "<th>Recorded reasons (most frequent)</th></tr>\n");
                for (Map.Entry<String, Integer> e : s.failuresByReason().entrySet()) {
                    w.write("<tr><td>" + esc(e.getKey()) + "</td><td class=\"n\">" + e.getValue() + "</td><td class=\"n\">"
                            + s.failedJobsByReason().getOrDefault(e.getKey(), 0) + "</td><td>"
                            + String.join("<br>", ReportFormat.details(s, e.getKey()).stream().map(HtmlReport::esc).toList())
                            + "</td></tr>\n");
                }
                w.write("</table>\n");
            }

            failedJobs(w, s.failedJobs());
            w.write("</body>\n</html>\n");
        }
    }

    private static void failedJobs(Writer w, List<ReportJob> failed) throws IOException {
        w.write("<h2 id=\"failed-jobs\">Failed jobs (" + failed.size() + ")</h2>\n");
        if (failed.isEmpty()) {
            w.write("<p>No job is in state FAILED.</p>\n");
            return;
        }
        w.write("<table>\n<tr><th>Job</th><th>Realization</th><th>Redshift</th><th>Attempts</th><th>Exit code</th>"
                + "<th>Reason</th></tr>\n");
        for (ReportJob j : failed.subList(0, Math.min(MAX_ROWS, failed.size()))) {
            w.write("<tr><td>" + esc(j.id()) + "</td><td class=\"n\">" + j.realization() + "</td><td class=\"n\">"
                    + String.format(Locale.ROOT, "%.3f", j.redshift()) + "</td><td class=\"n\">" + j.attempt()
                    + "</td><td class=\"n\">" + (j.exitCode() == null ? "-" : j.exitCode()) + "</td><td>"
                    + esc(orDash(j.failureReason())) + "</td></tr>\n");
        }
        w.write("</table>\n");
        if (failed.size() > MAX_ROWS) {
            w.write("<p>… and " + (failed.size() - MAX_ROWS) + " more failed jobs, listed in the JSON report.</p>\n");
        }
    }

    private static void card(Writer w, String label, String value) throws IOException {
        w.write("<div class=\"card\"><b>" + esc(value) + "</b>" + esc(label) + "</div>\n");
    }

    static String esc(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "-" : text;
    }
}
