package io.productionmanager.qa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.statistics.BoxAndWhiskerCategoryDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Failures are grouped by reason code with the recorded reasons kept; the runtime box plot shows the slowest job. */
class FailureGroupingAndOutliersTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    /** Event reasons exactly as the poll records them: the outcome, then the retry planner's decision after "; ". */
    private ReportInput retriedFailures() {
        History h = new History();
        List<ReportJob> jobs = new ArrayList<>();
        h.job("a").move(T0, "QUEUED").move(T0.plusSeconds(1), "FAILED", "exit 1; retry 1 of 3 after 1.2 s")
                .move(T0.plusSeconds(2), "PENDING").move(T0.plusSeconds(3), "QUEUED")
                .move(T0.plusSeconds(4), "FAILED", "exit 1; retry 2 of 3 after 2.4 s")
                .move(T0.plusSeconds(5), "PENDING").move(T0.plusSeconds(6), "QUEUED")
                .move(T0.plusSeconds(7), "FAILED", "exit 1; retries exhausted (3 of max_retries 3 used)");
        jobs.add(new ReportJob("a", 0, 0.5, "FAILED", 3, "exit 1", 1, T0.plusSeconds(6), T0.plusSeconds(7), null));
        h.job("b").move(T0, "QUEUED").move(T0.plusSeconds(1), "FAILED", "exit 1; retry 1 of 3 after 1.2 s");
        jobs.add(new ReportJob("b", 0, 1.0, "FAILED", 1, "exit 1", 1, T0, T0.plusSeconds(1), null));
        h.job("c").move(T0, "QUEUED").move(T0.plusSeconds(9), "FAILED",
                "TIMEOUT; retry 1 of 3 after 1.2 s, time limit 1.00 h -> 1.50 h");
        h.job("c").move(T0.plusSeconds(10), "PENDING");
        jobs.add(new ReportJob("c", 1, 0.5, "PENDING", 2, "TIMEOUT", null, null, null, null));
        h.job("d").move(T0, "QUEUED").move(T0.plusSeconds(3), "FAILED",
                "INVALID_OUTPUT: empty file (catalogs/d.h5); retry 1 of 3 after 1.2 s");
        jobs.add(new ReportJob("d", 1, 1.0, "FAILED", 1, "INVALID_OUTPUT: empty file (catalogs/d.h5)", 0, T0,
                T0.plusSeconds(3), null));
        h.job("e").move(T0, "QUEUED").move(T0.plusSeconds(3), "FAILED",
                "LOST: gone from the queue and accounting, no exit marker after 10 min; retry 1 of 3 after 1.2 s");
        jobs.add(new ReportJob("e", 2, 0.5, "FAILED", 1, "LOST: gone from the queue and accounting", null, null, null, null));
        return new ReportInput("grouped", "v1", "t", dir.resolve("grouped"), T0.plusSeconds(60), jobs, h.events(), Map.of());
    }

    @Test
    void attempts_of_one_exit_status_are_one_group_whatever_the_retry_decision() {
        ReportSummary s = ReportSummary.of(retriedFailures());

        assertThat(s.failuresByReason()).containsExactly(Map.entry("exit 1", 4), Map.entry("INVALID_OUTPUT", 1),
                Map.entry("LOST", 1), Map.entry("TIMEOUT", 1));
        assertThat(s.failureDetails().get("exit 1")).containsExactly(
                Map.entry("exit 1; retry 1 of 3 after 1.2 s", 2),
                Map.entry("exit 1; retries exhausted (3 of max_retries 3 used)", 1),
                Map.entry("exit 1; retry 2 of 3 after 2.4 s", 1));
    }

    @Test
    void the_failure_chart_has_one_bar_per_reason_code() {
        ReportSummary s = ReportSummary.of(retriedFailures());

        JFreeChart chart = ReportCharts.failuresByReason("grouped", s.failuresByReason());

        CategoryDataset bars = chart.getCategoryPlot().getDataset();
        assertThat(bars.getColumnKeys()).containsExactly("exit 1", "INVALID_OUTPUT", "LOST", "TIMEOUT");
        assertThat(bars.getValue("failed attempts", "exit 1").intValue()).isEqualTo(4);
    }

    @Test
    void the_tables_keep_the_recorded_reasons_of_each_code() throws IOException {
        ReportFiles files = new ReportWriter().write(retriedFailures());

        String md = Files.readString(files.markdown());
        assertThat(md).contains("| exit 1 | 4 | 2 | exit 1; retry 1 of 3 after 1.2 s (×2)<br>"
                + "exit 1; retries exhausted (3 of max_retries 3 used) (×1)<br>exit 1; retry 2 of 3 after 2.4 s (×1) |");
        assertThat(Files.readString(files.index())).contains("<td>exit 1</td>",
                "exit 1; retry 2 of 3 after 2.4 s (×1)", "INVALID_OUTPUT: empty file (catalogs/d.h5); retry 1 of 3 after 1.2 s (×1)");
        JsonNode root = new ObjectMapper().readTree(files.json().toFile());
        assertThat(root.get("failures_by_reason").get("exit 1").asInt()).isEqualTo(4);
        assertThat(root.get("failures_by_reason").has("exit 1; retry 1 of 3 after 1.2 s")).isFalse();
        assertThat(root.get("failure_details_by_reason").get("exit 1").get("exit 1; retry 2 of 3 after 2.4 s").asInt())
                .isEqualTo(1);
    }

    @Test
    void reason_codes_end_at_the_first_colon_semicolon_or_parenthesis() {
        assertThat(ReasonCodes.code("exit 1; retry 1 of 3 after 1.2 s")).isEqualTo("exit 1");
        assertThat(ReasonCodes.code("OUT_OF_MEMORY; retry 1 of 3 after 1 min, memory 4.0 GB -> 6.0 GB"))
                .isEqualTo("OUT_OF_MEMORY");
        assertThat(ReasonCodes.code("NODE_FAIL: requeued without spending an attempt")).isEqualTo("NODE_FAIL");
        assertThat(ReasonCodes.code("cancelled outside production-manager (CANCELLED by 0)"))
                .isEqualTo("cancelled outside production-manager");
    }

    @Test
    void the_runtime_box_plot_includes_the_slowest_job_far_beyond_the_whiskers() {
        List<ReportJob> jobs = new ArrayList<>();
        // 99 jobs of about 100 s and one of 5,000 s: far beyond 2 IQR, the point JFreeChart would only mark at the edge
        for (int i = 0; i < 100; i++) {
            double seconds = i == 57 ? 5_000 : 95 + i % 10;
            jobs.add(new ReportJob("j" + i, i, 0.5, "COMPLETED", 1, null, 0, T0,
                    T0.plusMillis(Math.round(seconds * 1000)), null));
        }

        JFreeChart chart = ReportCharts.runtimeByRedshift("slow", jobs);

        CategoryPlot plot = chart.getCategoryPlot();
        BoxAndWhiskerCategoryDataset data = (BoxAndWhiskerCategoryDataset) plot.getDataset();
        double slowest = 5_000 / 60.0; // the axis is in minutes once the longest job runs over 2 min
        assertThat(data.getOutliers(0, 0)).as("outliers drawn as points").contains(slowest);
        assertThat(data.getMaxOutlier(0, 0).doubleValue()).as("no value is treated as far out").isEqualTo(slowest);
        assertThat(plot.getRangeAxis().getRange().contains(slowest)).as("axis range %s holds %s",
                plot.getRangeAxis().getRange(), slowest).isTrue();
        assertThat(data.getMaxRegularValue(0, 0).doubleValue()).as("whisker ends at the longest regular job")
                .isLessThan(2.0);
    }

    @Test
    void with_jfreechart_defaults_the_slowest_job_would_be_off_the_axis() {
        // the reason for widening the outlier limits: the library's own statistics leave the far-out job out
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 99; i++) {
            values.add(95.0 + i % 10);
        }
        values.add(5_000.0);
        Map<String, Double> limits = new LinkedHashMap<>();
        limits.put("library", org.jfree.data.statistics.BoxAndWhiskerCalculator
                .calculateBoxAndWhiskerStatistics(values).getMaxOutlier().doubleValue());
        limits.put("ours", ReportCharts.withEveryOutlierDrawn(values).getMaxOutlier().doubleValue());

        assertThat(limits.get("library")).isLessThan(5_000.0);
        assertThat(limits.get("ours")).isEqualTo(5_000.0);
    }
}
