package io.productionmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.productionmanager.store.JobState;

class MonitorViewTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private static MonitorView.Snapshot snap(long completed, long running, long failed, int secondsAfter) {
        Map<JobState, Long> c = new EnumMap<>(JobState.class);
        c.put(JobState.COMPLETED, completed);
        c.put(JobState.RUNNING, running);
        c.put(JobState.FAILED, failed);
        c.put(JobState.PENDING, 100 - completed - running - failed);
        return new MonitorView.Snapshot("alpha", "/p/alpha", 100, c, T0.plusSeconds(secondsAfter),
                failed > 0 ? List.of("r0001_z0.500  exit 3") : List.of());
    }

    @Test
    void shows_progress_bar_counts_rate_and_eta() {
        MonitorView v = new MonitorView(Duration.ofMinutes(5));
        v.render(snap(0, 4, 0, 0));
        List<String> lines = v.render(snap(20, 4, 1, 120));
        assertThat(lines.get(0)).isEqualTo("alpha  /p/alpha");
        assertThat(lines.get(1)).startsWith("[########--------------------------------]  20.0%  20/100 completed");
        assertThat(lines.get(2)).contains("COMPLETED 20").contains("RUNNING 4").contains("FAILED 1");
        assertThat(lines.get(3)).startsWith("rate 10.0 jobs/min   ETA 8m00s");
        assertThat(lines).contains("  r0001_z0.500  exit 3");
    }

    @Test
    void eta_is_unknown_before_any_progress_and_done_at_the_end() {
        MonitorView v = new MonitorView(Duration.ofMinutes(5));
        assertThat(v.render(snap(0, 0, 0, 0)).get(3)).contains("ETA unknown");
        assertThat(v.render(snap(100, 0, 0, 60)).get(3)).contains("ETA done");
    }
}
