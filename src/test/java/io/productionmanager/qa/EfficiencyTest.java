package io.productionmanager.qa;

import static org.assertj.core.api.Assertions.assertThat;

import io.productionmanager.production.Efficiency;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.productionmanager.config.ProductionConfig;
import io.productionmanager.store.Attempt;
import io.productionmanager.store.JobState;
import io.productionmanager.store.ResourceUse;
import io.productionmanager.testsupport.Configs;

class EfficiencyTest {

    private static final long GB = 1L << 30;
    private final ProductionConfig config = Configs.aConfig().memoryGb(16).timeoutHours(4).nodesPerJob(2).build();

    private static Attempt run(long elapsedSeconds, double cpuSeconds, int cpus, double peakGb, long reqGb) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        return new Attempt("r0000_z0.500", 1, 1L, 0, "1_0", JobState.COMPLETED, 0, null, start,
                start.plusSeconds(elapsedSeconds), new ResourceUse(elapsedSeconds, cpuSeconds,
                Math.round(peakGb * GB), reqGb * GB, cpus, 4 * 3600L));
    }

    @Test
    void ratios_percentiles_node_hours_and_a_suggestion_with_margins() {
        List<Attempt> runs = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            // peaks 0.04 .. 4.0 GB of 16 reserved; one hour each on 4 CPUs at 50 % use
            runs.add(run(3600, 4 * 3600 * 0.5, 4, i * 0.04, 16));
        }

        Efficiency e = Efficiency.of(runs, config);

        assertThat(e.runs()).isEqualTo(100);
        assertThat(e.cpu().median()).isEqualTo(0.5);
        assertThat(e.memory().worst()).isEqualTo(0.04 / 16, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(e.memory().median()).isEqualTo(2.02 / 16, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(e.nodeHoursUsed()).as("100 runs × 1 h × 2 nodes").isEqualTo(200.0);
        assertThat(e.nodeHoursReserved()).as("100 runs × 4 h × 2 nodes").isEqualTo(800.0);
        // p99 of peaks = 3.9604 GB; × 1.2 = 4.75 → 5.0 GB; p99 elapsed 1 h × 1.5 = 1.5 h
        assertThat(e.suggestedMemoryGb()).isEqualTo(5.0);
        assertThat(e.suggestedTimeoutHours()).isEqualTo(1.5);
        assertThat(e.flags()).hasSize(2).anyMatch(f -> f.contains("under half of the memory"))
                .anyMatch(f -> f.contains("under half of the time"));
        assertThat(String.join("\n", e.reportLines())).contains("node-hours   200 used of 800 reserved (25%)")
                .contains("CPU          median 50%").contains("suggestion   memory_gb: 5 (now 16; p99 peak 3.96 GB + 20%)")
                .contains("timeout_hours: 1.50 (now 4; p99 elapsed 1h00m + 50%)");
    }

    @Test
    void well_sized_jobs_are_not_flagged_and_no_usage_means_no_suggestion() {
        Efficiency good = Efficiency.of(List.of(run(3 * 3600, 3 * 3600 * 4 * 0.9, 4, 14, 16)), config);
        assertThat(good.flags()).isEmpty();

        Efficiency none = Efficiency.of(List.of(), config);
        assertThat(none.suggestedMemoryGb()).isNull();
        assertThat(none.cpu().count()).isZero();
        assertThat(none.lines()).containsExactly("efficiency (cpu_intensive): no ended run reports its usage yet (0 ended runs)");
    }
}
