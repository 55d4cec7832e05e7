package io.productionmanager.qa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class LargeProductionReportTest {

    @TempDir
    Path dir;

    @Test
    void a_report_for_40000_jobs_and_200000_events_is_complete_and_consistent() throws IOException {
        ReportInput in = SyntheticProduction.build(dir.resolve("omega"), 2_000, 20);
        assertThat(in.jobs()).hasSize(40_000);
        assertThat(in.events().size()).as("events").isBetween(180_000, 220_000);

        ReportFiles files = new ReportWriter().write(in);

        JsonNode root = new ObjectMapper().readTree(files.json().toFile());
        assertThat(root.get("job_count").asInt()).isEqualTo(40_000);
        assertThat(root.get("jobs")).hasSize(40_000);
        int sum = 0;
        for (JsonNode n : root.get("totals")) {
            sum += n.asInt();
        }
        assertThat(sum).isEqualTo(40_000);
        long failedEvents = in.events().stream().filter(e -> "FAILED".equals(e.toState())).count();
        assertThat(root.get("failed_attempts").asLong()).isEqualTo(failedEvents);
        assertThat(StateTimeline.build(in.events(), 40_000)).hasSizeLessThanOrEqualTo(StateTimeline.DEFAULT_MAX_POINTS);
        for (Path png : files.plots()) {
            ReportWriterTest.assertDrawnChart(png);
        }
    }
}
