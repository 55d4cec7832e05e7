package io.productionmanager.qa;

import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.productionmanager.store.JobState;

/**
 * Writes {@code qa/index.html}: one self-contained page linking the charts and the JSON and Markdown reports,
 * rendered from {@code qa/report.html.ftl} with FreeMarker's HTML auto-escaping.
 */
final class HtmlReport {

    /** Failed jobs listed on the page; the JSON report has them all. */
    static final int MAX_ROWS = 200;

    private static final Configuration FREEMARKER = freemarker();

    private HtmlReport() {
    }

    /** Plot and report paths are written as given, relative to the page. */
    static void write(ReportInput in, ReportSummary s, Path file, List<String> plots, String json, String markdown)
            throws IOException {
        Map<String, Object> page = new HashMap<>();
        page.put("title", "Production report: " + in.production());
        page.put("version", orDash(in.version()));
        page.put("tag", orDash(in.tag()));
        page.put("generatedAt", in.generatedAt().toString());

        List<Map<String, String>> cards = new ArrayList<>();
        cards.add(Map.of("label", "jobs", "value", String.valueOf(s.jobCount())));
        for (Map.Entry<JobState, Integer> e : s.totals().entrySet()) {
            cards.add(Map.of("label", e.getKey().name().toLowerCase(Locale.ROOT), "value", String.valueOf(e.getValue())));
        }
        cards.add(Map.of("label", "success rate", "value", ReportFormat.successRate(s)));
        cards.add(Map.of("label", "failed attempts", "value", String.valueOf(s.failedAttempts())));
        cards.add(Map.of("label", "outputs validated", "value", s.validated() + " (" + s.invalid() + " invalid)"));
        page.put("cards", cards);
        page.put("json", json);
        page.put("markdown", markdown);
        if (in.efficiency() != null) {
            page.put("efficiency", String.join("\n", in.efficiency().reportLines()));
        }
        page.put("plots", plots);

        List<Map<String, Object>> reasons = new ArrayList<>();
        for (Map.Entry<String, Integer> e : s.failuresByReason().entrySet()) {
            reasons.add(Map.of("code", e.getKey(), "attempts", String.valueOf(e.getValue()),
                    "failedJobs", String.valueOf(s.failedJobsByReason().getOrDefault(e.getKey(), 0)),
                    "details", ReportFormat.details(s, e.getKey())));
        }
        page.put("reasons", reasons);

        List<ReportJob> failed = s.failedJobs();
        List<Map<String, String>> rows = new ArrayList<>();
        for (ReportJob j : failed.subList(0, Math.min(MAX_ROWS, failed.size()))) {
            rows.add(Map.of("id", j.id(), "realization", String.valueOf(j.realization()),
                    "redshift", String.format(Locale.ROOT, "%.3f", j.redshift()), "attempt", String.valueOf(j.attempt()),
                    "exitCode", j.exitCode() == null ? "-" : String.valueOf(j.exitCode()), "reason", orDash(j.failureReason())));
        }
        page.put("failedCount", String.valueOf(failed.size()));
        page.put("failed", rows);
        if (failed.size() > MAX_ROWS) {
            page.put("more", String.valueOf(failed.size() - MAX_ROWS));
        }

        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            FREEMARKER.getTemplate("report.html.ftl").process(page, w);
        } catch (TemplateException e) {
            throw new IllegalStateException("the report page template qa/report.html.ftl failed: " + e.getMessage(), e);
        }
    }

    private static Configuration freemarker() {
        Configuration c = new Configuration(Configuration.VERSION_2_3_35);
        c.setClassForTemplateLoading(HtmlReport.class, "/qa");
        c.setDefaultEncoding("UTF-8");
        c.setOutputFormat(HTMLOutputFormat.INSTANCE);
        c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        c.setLogTemplateExceptions(false);
        c.setFallbackOnNullLoopVariable(false);
        return c;
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "-" : text;
    }
}
