package io.productionmanager.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SchedulerCallStatsTest {

    @Test
    void counts_calls_errors_and_latency_per_command() {
        SchedulerCallStats stats = new SchedulerCallStats();

        stats.record("squeue", Duration.ofMillis(20), false);
        stats.record("squeue", Duration.ofMillis(100), true);
        stats.record("sacct", Duration.ofMillis(130), false);

        assertThat(stats.snapshot()).containsOnlyKeys("sacct", "squeue");
        SchedulerCallStats.CommandStats squeue = stats.get("squeue");
        assertThat(squeue.calls()).isEqualTo(2);
        assertThat(squeue.errors()).isEqualTo(1);
        assertThat(squeue.totalLatency()).isEqualTo(Duration.ofMillis(120));
        assertThat(squeue.maxLatency()).isEqualTo(Duration.ofMillis(100));
        assertThat(squeue.meanLatency()).isEqualTo(Duration.ofMillis(60));
    }

    @Test
    void a_command_never_called_reads_as_zero() {
        SchedulerCallStats.CommandStats none = new SchedulerCallStats().get("scancel");

        assertThat(none.calls()).isZero();
        assertThat(none.meanLatency()).isEqualTo(Duration.ZERO);
    }
}
