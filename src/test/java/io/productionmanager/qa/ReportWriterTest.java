package io.productionmanager.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.productionmanager.production.Efficiency;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ReportWriterTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final double[] REDSHIFTS = {0.5, 1.0, 1.5, 2.0};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ReportWriter writer = new ReportWriter();

    private static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static String id(int i) {
        return String.format(Locale.ROOT, "r%04d_z%.3f", i / 4, REDSHIFTS[i % 4]);
    }

    /**
     * 40 jobs (10 realizations x 4 redshifts) within one hour: 32 complete at once, job 32 fails twice (exit 3, then
     * TIMEOUT) and completes on attempt 3, job 33 fails once (INVALID_OUTPUT) and completes, job 34 fails twice with
     * exit 3 and stays FAILED, job 35 times out and stays FAILED, 36 runs, 37 is queued, 38 is pending, 39 cancelled.
     */
    private ReportInput fortyJobs() {
        History h = new History();
        h.productionEvent(t(0), "production started");
        List<ReportJob> jobs = new ArrayList<>();
        Map<String, ValidationSummary> validation = new HashMap<>();
        for (int i = 0; i < 32; i++) {
            long submit = i * 20L;
            long runtime = 300 + 120L * (i % 4) + 7L * (i / 4);
            h.job(id(i)).move(t(submit), "QUEUED").move(t(submit + 30), "RUNNING")
                    .move(t(submit + 30 + runtime), "COMPLETED");
            jobs.add(job(i, "COMPLETED", 1, null, 0, t(submit + 30), t(submit + 30 + runtime)));
        }
        h.job(id(32)).move(t(640), "QUEUED").move(t(670), "RUNNING").move(t(700), "FAILED", "exit 3: segfault in halo finder")
                .move(t(760), "PENDING", "retry 1").move(t(770), "QUEUED").move(t(800), "RUNNING")
                .move(t(900), "FAILED", "TIMEOUT: walltime 00:01:40 reached").move(t(960), "PENDING", "retry 2")
                .move(t(970), "QUEUED").move(t(1000), "RUNNING").move(t(1500), "COMPLETED");
        jobs.add(job(32, "COMPLETED", 3, null, 0, t(1000), t(1500)));
        h.job(id(33)).move(t(660), "QUEUED").move(t(690), "RUNNING").move(t(800), "FAILED", "INVALID_OUTPUT: missing column 'mass'")
                .move(t(860), "PENDING", "retry 1").move(t(870), "QUEUED").move(t(900), "RUNNING").move(t(1300), "COMPLETED");
        jobs.add(job(33, "COMPLETED", 2, null, 0, t(900), t(1300)));
        h.job(id(34)).move(t(680), "QUEUED").move(t(710), "RUNNING").move(t(750), "FAILED", "exit 3: bad input")
                .move(t(810), "PENDING", "retry 1").move(t(820), "QUEUED").move(t(850), "RUNNING")
                .move(t(880), "FAILED", "exit 3: bad input");
        jobs.add(job(34, "FAILED", 2, "exit 3: bad input", 3, t(850), t(880)));
        h.job(id(35)).move(t(700), "QUEUED").move(t(730), "RUNNING").move(t(3000), "FAILED", "TIMEOUT: walltime 00:38:00 reached");
        jobs.add(job(35, "FAILED", 1, "TIMEOUT: walltime 00:38:00 reached", null, t(730), t(3000)));
        h.job(id(36)).move(t(720), "QUEUED").move(t(750), "RUNNING");
        jobs.add(job(36, "RUNNING", 1, null, null, t(750), null));
        h.job(id(37)).move(t(740), "QUEUED");
        jobs.add(job(37, "QUEUED", 1, null, null, null, null));
        jobs.add(job(38, "PENDING", 0, null, null, null, null));
        h.job(id(39)).move(t(3500), "CANCELLED", "cancelled by user");
        jobs.add(job(39, "CANCELLED", 0, null, null, null, null));
        for (ReportJob j : jobs) {
            if (j.state().equals("COMPLETED")) {
                validation.put(j.id(), new ValidationSummary(true, "ok", 1000 + j.realization()));
            }
        }
        return new ReportInput("alpha", "1.2.0", "production/alpha/v1.2.0", dir.resolve("alpha"), t(3600),
                jobs, h.events(), validation);
    }

    private static ReportJob job(int i, String state, int attempt, String reason, Integer exit, Instant start, Instant end) {
        return new ReportJob(id(i), i / 4, REDSHIFTS[i % 4], state, attempt, reason, exit, start, end,
                "catalogs/" + id(i) + ".hdf5");
    }

    @Test
    void writes_every_file_under_the_qa_folder() {
        ReportFiles files = writer.write(fortyJobs());

        Path qa = dir.resolve("alpha/qa");
        assertThat(files.index()).isEqualTo(qa.resolve("index.html")).isRegularFile();
        assertThat(files.json()).isEqualTo(qa.resolve("validation_reports/validation_report.json")).isRegularFile();
        assertThat(files.markdown()).isEqualTo(qa.resolve("validation_reports/validation_report.md")).isRegularFile();
        assertThat(files.plots()).containsExactly(
                qa.resolve("summary_plots/jobs_per_state_over_time.png"),
                qa.resolve("summary_plots/runtime_by_redshift.png"),
                qa.resolve("summary_plots/failures_by_reason.png"),
                qa.resolve("summary_plots/memory_requested_vs_used.png"));
    }

    @Test
    void resource_efficiency_goes_into_every_report_and_the_memory_chart() throws IOException {
        ReportInput base = fortyJobs();
        java.time.Instant start = java.time.Instant.parse("2026-01-01T00:00:00Z");
        List<io.productionmanager.store.Attempt> runs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // peaks of 1.0 .. 3.9 GB against 16 GB reserved
            runs.add(new io.productionmanager.store.Attempt(id(i), 1, 1L, i, "7_" + i,
                    io.productionmanager.store.JobState.COMPLETED, 0, null, start, start.plusSeconds(600),
                    new io.productionmanager.store.ResourceUse(600L, 500.0, (long) ((1.0 + i * 0.1) * (1L << 30)),
                            16L << 30, 1, 3600L)));
        }
        Efficiency e = Efficiency.of(runs, io.productionmanager.testsupport.Configs.aConfig().memoryGb(16).timeoutHours(1).build());
        ReportInput in = new ReportInput(base.production(), base.version(), base.tag(), base.productionDir(),
                base.generatedAt(), base.jobs(), base.events(), base.validation(), e);

        ReportFiles files = writer.write(in);

        JsonNode eff = JSON.readTree(files.json().toFile()).get("efficiency");
        assertThat(eff.get("runs_with_memory").asInt()).isEqualTo(30);
        assertThat(eff.get("suggestion").get("memory_gb").asDouble()).isEqualTo(5.0);
        assertThat(eff.get("flags").get(0).asText()).contains("under half of the memory");
        assertThat(Files.readString(files.markdown())).contains("## Resource efficiency", "suggestion   memory_gb: 5");
        assertThat(Files.readString(files.index())).contains("<h2>Resource efficiency</h2>",
                "src=\"summary_plots/memory_requested_vs_used.png\"");
        assertDrawnChart(files.plots().get(3));
        org.jfree.chart.JFreeChart chart = ReportCharts.memoryRequestedVsUsed("alpha", e);
        org.jfree.data.xy.IntervalXYDataset data = (org.jfree.data.xy.IntervalXYDataset) chart.getXYPlot().getDataset();
        int counted = 0;
        for (int item = 0; item < data.getItemCount(0); item++) {
            counted += data.getY(0, item).intValue();
        }
        assertThat(counted).as("every measured run is in the histogram").isEqualTo(30);
        assertThat(chart.getXYPlot().getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND)).hasSize(2);
    }

    @Test
    void every_chart_is_a_1000_by_600_png_with_content() throws IOException {
        ReportFiles files = writer.write(fortyJobs());

        for (Path png : files.plots()) {
            assertDrawnChart(png);
        }
    }

    @Test
    void json_totals_failures_and_success_rate_match_the_jobs_and_history() throws IOException {
        ReportFiles files = writer.write(fortyJobs());
        JsonNode root = JSON.readTree(files.json().toFile());

        assertThat(fieldNames(root)).containsExactly("production", "version", "tag", "generated_at", "job_count", "totals",
                "success_rate", "failed_attempts", "failures_by_reason", "failed_jobs_by_reason", "failure_details_by_reason",
                "attempts_histogram",
                "validation", "jobs");
        assertThat(root.get("production").asText()).isEqualTo("alpha");
        assertThat(root.get("generated_at").asText()).isEqualTo("2026-03-01T11:00:00Z");
        assertThat(root.get("job_count").asInt()).isEqualTo(40);
        assertThat(asMap(root.get("totals"))).containsExactly(Map.entry("PENDING", 1), Map.entry("QUEUED", 1),
                Map.entry("RUNNING", 1), Map.entry("COMPLETED", 34), Map.entry("FAILED", 2), Map.entry("CANCELLED", 1));
        // 34 completed out of 37 finished (34 + 2 failed + 1 cancelled)
        assertThat(root.get("success_rate").asDouble()).isCloseTo(34.0 / 37.0, within(1e-12));
        // every failed attempt counts: jobs 32 and 34 failed twice each, 33 and 35 once
        assertThat(root.get("failed_attempts").asInt()).isEqualTo(6);
        assertThat(asMap(root.get("failures_by_reason"))).containsExactly(
                Map.entry("exit 3", 3), Map.entry("TIMEOUT", 2), Map.entry("INVALID_OUTPUT", 1));
        assertThat(asMap(root.get("failed_jobs_by_reason"))).containsExactly(Map.entry("TIMEOUT", 1), Map.entry("exit 3", 1));
        assertThat(asMap(root.get("attempts_histogram"))).containsExactly(
                Map.entry("0", 2), Map.entry("1", 35), Map.entry("2", 2), Map.entry("3", 1));
        assertThat(asMap(root.get("validation"))).containsExactly(
                Map.entry("checked", 34), Map.entry("valid", 34), Map.entry("invalid", 0));
        assertThat(root.get("jobs")).hasSize(40);
    }

    @Test
    void json_job_entries_carry_state_attempts_reason_validation_and_runtime() throws IOException {
        ReportFiles files = writer.write(fortyJobs());
        JsonNode jobs = JSON.readTree(files.json().toFile()).get("jobs");

        JsonNode retried = jobs.get(32);
        assertThat(fieldNames(retried)).containsExactly("id", "realization", "redshift", "state", "attempts", "reason",
                "reason_code", "exit_code", "started_at", "finished_at", "runtime_seconds", "validation", "output_path");
        assertThat(retried.get("id").asText()).isEqualTo("r0008_z0.500");
        assertThat(retried.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(retried.get("attempts").asInt()).isEqualTo(3);
        assertThat(retried.get("runtime_seconds").asDouble()).isEqualTo(500.0);
        assertThat(retried.get("validation").get("valid").asBoolean()).isTrue();
        assertThat(retried.get("validation").get("rows").asLong()).isEqualTo(1008);

        JsonNode failed = jobs.get(34);
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("reason").asText()).isEqualTo("exit 3: bad input");
        assertThat(failed.get("reason_code").asText()).isEqualTo("exit 3");
        assertThat(failed.get("exit_code").asInt()).isEqualTo(3);
        assertThat(failed.get("validation").isNull()).isTrue();

        JsonNode pending = jobs.get(38);
        assertThat(pending.get("runtime_seconds").isNull()).as("never started").isTrue();
        assertThat(pending.get("reason").isNull()).isTrue();
    }

    @Test
    void history_replayed_to_the_end_agrees_with_the_job_states() {
        ReportInput in = fortyJobs();

        List<StateTimeline.Point> timeline = StateTimeline.build(in.events(), in.jobs().size());

        assertThat(timeline.get(timeline.size() - 1).counts()).containsExactly(1, 1, 1, 34, 2, 1);
    }

    @Test
    void index_page_links_charts_and_reports_and_lists_the_failed_jobs() throws IOException {
        ReportFiles files = writer.write(fortyJobs());
        String html = Files.readString(files.index());

        assertThat(html).contains("src=\"summary_plots/jobs_per_state_over_time.png\"",
                "src=\"summary_plots/runtime_by_redshift.png\"", "src=\"summary_plots/failures_by_reason.png\"",
                "href=\"validation_reports/validation_report.json\"", "href=\"validation_reports/validation_report.md\"");
        assertThat(html).contains("Failed jobs (2)", "r0008_z1.500", "exit 3: bad input",
                "r0008_z2.000", "TIMEOUT: walltime 00:38:00 reached", "91.9 %");
        assertThat(html).as("completed jobs are not listed").doesNotContain("r0000_z0.500");
        assertThat(html).as("self-contained").doesNotContain("http://", "https://", "<script", "<link");
        for (Path png : files.plots()) {
            assertThat(files.index().getParent().resolve("summary_plots").resolve(png.getFileName())).isRegularFile();
        }
    }

    @Test
    void markdown_lists_summary_failures_failed_and_retried_jobs() throws IOException {
        ReportFiles files = writer.write(fortyJobs());
        String md = Files.readString(files.markdown());

        assertThat(md).contains("# Validation report: alpha", "| COMPLETED | 34 | 85.0 % |", "| FAILED | 2 | 5.0 % |",
                "Success rate: 91.9 %", "| exit 3 | 3 | 1 |", "| TIMEOUT | 2 | 1 |", "| INVALID_OUTPUT | 1 | 0 |");
        String failedSection = md.substring(md.indexOf("## Failed jobs (2)"), md.indexOf("## Jobs that needed retries"));
        assertThat(failedSection).contains("| r0008_z1.500 |", "| r0008_z2.000 |").doesNotContain("r0008_z0.500");
        String retriedSection = md.substring(md.indexOf("## Jobs that needed retries (3)"));
        assertThat(retriedSection).contains("| r0008_z0.500 |", "| r0008_z1.000 |", "| r0008_z1.500 |")
                .doesNotContain("r0008_z2.000");
    }

    @Test
    void a_production_without_failures_gets_a_no_failures_chart_and_full_success() throws IOException {
        History h = new History();
        List<ReportJob> jobs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            h.job(id(i)).move(t(i * 10L), "QUEUED").move(t(i * 10L + 5), "RUNNING").move(t(i * 10L + 400), "COMPLETED");
            jobs.add(job(i, "COMPLETED", 1, null, 0, t(i * 10L + 5), t(i * 10L + 400)));
        }
        ReportInput in = new ReportInput("clean", "1.0.0", null, dir.resolve("clean"), t(900), jobs, h.events(), Map.of());

        ReportFiles files = writer.write(in);

        JsonNode root = JSON.readTree(files.json().toFile());
        assertThat(root.get("failures_by_reason").isEmpty()).isTrue();
        assertThat(root.get("failed_attempts").asInt()).isZero();
        assertThat(root.get("success_rate").asDouble()).isEqualTo(1.0);
        assertThat(root.get("tag").isNull()).isTrue();
        assertDrawnChart(files.plots().get(2));
        assertThat(Files.readString(files.index())).contains("Failed jobs (0)", "No job is in state FAILED.", "No failures.");
        assertThat(Files.readString(files.markdown())).contains("No failures.", "No job needed a retry.");
    }

    @Test
    void a_production_that_has_not_started_still_gets_every_file() throws IOException {
        List<ReportJob> jobs = List.of(job(0, "PENDING", 0, null, null, null, null),
                job(1, "PENDING", 0, null, null, null, null));
        ReportInput in = new ReportInput("fresh", null, null, dir.resolve("fresh"), T0, jobs, List.of(), Map.of());

        ReportFiles files = writer.write(in);

        JsonNode root = JSON.readTree(files.json().toFile());
        assertThat(root.get("success_rate").isNull()).as("no job finished").isTrue();
        assertThat(root.get("totals").get("PENDING").asInt()).isEqualTo(2);
        for (Path png : files.plots()) {
            assertDrawnChart(png);
        }
        assertThat(Files.readString(files.index())).contains("n/a (no job finished)");
    }

    @Test
    void the_index_page_lists_the_first_200_failed_jobs_and_says_how_many_more() throws IOException {
        History h = new History();
        List<ReportJob> jobs = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            String reason = i % 2 == 0 ? "LOST: gone from queue and accounting" : "exit 137: killed";
            h.job("job" + i).move(t(i), "QUEUED").move(t(i + 1), "RUNNING").move(t(i + 2), "FAILED", reason);
            jobs.add(new ReportJob("job" + i, i, 1.0, "FAILED", 1, reason, null, t(i + 1), t(i + 2), null));
        }
        ReportInput in = new ReportInput("lossy", "1", "t", dir.resolve("lossy"), t(600), jobs, h.events(), Map.of());

        ReportFiles files = writer.write(in);

        String html = Files.readString(files.index());
        assertThat(html).contains("Failed jobs (250)", ">job199<", "… and 50 more failed jobs").doesNotContain(">job200<");
        assertThat(asMap(JSON.readTree(files.json().toFile()).get("failures_by_reason")))
                .containsExactly(Map.entry("LOST", 125), Map.entry("exit 137", 125));
    }

    @Test
    void free_text_cannot_break_the_page_or_the_tables() throws IOException {
        History h = new History();
        String reason = "exit 2: <b>bad</b> | \"quoted\"\nsecond line";
        h.job("x").move(t(0), "QUEUED").move(t(1), "FAILED", reason);
        List<ReportJob> jobs = List.of(new ReportJob("x", 0, 0.5, "FAILED", 1, reason, 2, null, null, null));
        ReportInput in = new ReportInput("a<b", null, null, dir.resolve("esc"), t(5), jobs, h.events(), Map.of());

        ReportFiles files = writer.write(in);

        assertThat(Files.readString(files.index())).contains("a&lt;b", "&lt;b&gt;bad&lt;/b&gt;").doesNotContain("<b>bad</b>");
        assertThat(Files.readString(files.markdown())).contains("bad</b> \\| \"quoted\" second line |");
    }

    @Test
    void an_unknown_job_state_is_reported_with_the_job_and_field() {
        List<ReportJob> jobs = List.of(new ReportJob("r0001_z0.500", 1, 0.5, "DONE", 1, null, 0, null, null, null));
        ReportInput in = new ReportInput("alpha", null, null, dir, T0, jobs, List.of(), Map.of());

        assertThatThrownBy(() -> writer.write(in)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job r0001_z0.500").hasMessageContaining("'state'").hasMessageContaining("DONE");
    }

    @Test
    void reason_codes_are_the_text_before_the_first_colon() {
        assertThat(ReasonCodes.code("exit 3: segfault: core dumped")).isEqualTo("exit 3");
        assertThat(ReasonCodes.code("INVALID_OUTPUT: empty file")).isEqualTo("INVALID_OUTPUT");
        assertThat(ReasonCodes.code("TIMEOUT")).isEqualTo("TIMEOUT");
        assertThat(ReasonCodes.code("  ")).isEqualTo("UNKNOWN");
        assertThat(ReasonCodes.code(null)).isEqualTo("UNKNOWN");
    }

    /** A chart decodes at 1000 x 600 and is not blank: many colours, and a good share of non-white pixels. */
    static void assertDrawnChart(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("%s decodes as an image", png).isNotNull();
        assertThat(image.getWidth()).as("width of %s", png).isEqualTo(1000);
        assertThat(image.getHeight()).as("height of %s", png).isEqualTo(600);
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        for (int pixel : pixels) {
            int rgb = pixel & 0xFFFFFF;
            colours.add(rgb);
            if (rgb != 0xFFFFFF) {
                nonWhite++;
            }
        }
        assertThat(colours.size()).as("distinct colours in %s", png).isGreaterThan(10);
        assertThat(nonWhite).as("non-white pixels in %s", png).isGreaterThan(1000);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, Integer> asMap(JsonNode node) {
        Map<String, Integer> map = new java.util.LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asInt()));
        return map;
    }
}
