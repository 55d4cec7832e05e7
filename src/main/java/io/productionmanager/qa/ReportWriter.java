package io.productionmanager.qa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a production's QA report (JSON, Markdown, three PNG charts and an HTML page) under {@code <productionDir>/qa/}. */
public class ReportWriter {

    static final String VALIDATION_DIR = "validation_reports";
    static final String PLOTS_DIR = "summary_plots";
    static final String JSON = "validation_report.json";
    static final String MARKDOWN = "validation_report.md";
    static final String STATES_PNG = "jobs_per_state_over_time.png";
    static final String RUNTIME_PNG = "runtime_by_redshift.png";
    static final String FAILURES_PNG = "failures_by_reason.png";
    static final String MEMORY_PNG = "memory_requested_vs_used.png";

    private static final Logger LOG = LoggerFactory.getLogger(ReportWriter.class);

    static {
        // charts are drawn on servers without a display; an explicit setting by the user wins
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /**
     * Writes all report files, replacing those of an earlier run.
     *
     * @throws IllegalArgumentException naming the job or event and field when a state is not a known job state
     * @throws UncheckedIOException     naming the file when it cannot be written
     */
    public ReportFiles write(ReportInput in) {
        ReportSummary summary = ReportSummary.of(in);
        List<StateTimeline.Point> timeline = StateTimeline.build(in.events(), in.jobs().size());
        Path qa = in.productionDir().resolve("qa");
        Path reports = createDirectories(qa.resolve(VALIDATION_DIR));
        Path plots = createDirectories(qa.resolve(PLOTS_DIR));

        Path json = reports.resolve(JSON);
        Path markdown = reports.resolve(MARKDOWN);
        Path states = plots.resolve(STATES_PNG);
        Path runtime = plots.resolve(RUNTIME_PNG);
        Path failures = plots.resolve(FAILURES_PNG);
        Path memory = plots.resolve(MEMORY_PNG);
        Path index = qa.resolve("index.html");

        run(json, () -> JsonReport.write(in, summary, json));
        run(markdown, () -> MarkdownReport.write(in, summary, markdown));
        run(states, () -> ReportCharts.savePng(ReportCharts.jobsPerStateOverTime(in.production(), timeline), states));
        run(runtime, () -> ReportCharts.savePng(ReportCharts.runtimeByRedshift(in.production(), in.jobs()), runtime));
        run(failures, () -> ReportCharts.savePng(ReportCharts.failuresByReason(in.production(),
                summary.failuresByReason()), failures));
        run(memory, () -> ReportCharts.savePng(ReportCharts.memoryRequestedVsUsed(in.production(), in.efficiency()), memory));
        List<Path> pngs = List.of(states, runtime, failures, memory);
        run(index, () -> HtmlReport.write(in, summary, index,
                pngs.stream().map(p -> relative(qa, p)).toList(), relative(qa, json), relative(qa, markdown)));
        LOG.info("Report for production {} written to {} ({} jobs, {} events)", in.production(), index,
                in.jobs().size(), in.events().size());
        return new ReportFiles(index, json, markdown, pngs);
    }

    private interface IoStep {
        void run() throws IOException;
    }

    private static void run(Path file, IoStep step) {
        try {
            step.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create report directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Forward slashes whatever the platform, since the result is a URL in the page. */
    private static String relative(Path base, Path file) {
        return base.relativize(file).toString().replace('\\', '/');
    }
}
