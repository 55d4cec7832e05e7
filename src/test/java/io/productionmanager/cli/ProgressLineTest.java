package io.productionmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.productionmanager.store.JobState;

/** The one progress bar: redrawn in place on a terminal; plain periodic lines, never a carriage return, otherwise. */
class ProgressLineTest {

    /** A clock the test moves by hand. */
    private static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static Map<JobState, Long> counts(long completed, long running) {
        Map<JobState, Long> c = new EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) {
            c.put(s, 0L);
        }
        c.put(JobState.COMPLETED, completed);
        c.put(JobState.RUNNING, running);
        return c;
    }

    @Test
    void the_bar_is_the_same_for_every_command() {
        assertThat(ProgressLine.bar(20, 100))
                .isEqualTo("[########--------------------------------]  20.0%  20/100 completed");
        assertThat(ProgressLine.line("alpha", counts(12_000, 300), 40_000))
                .isEqualTo("alpha [############----------------------------]  30.0%  12,000/40,000 completed,"
                        + " 300 running, 0 queued, 0 failed");
        assertThat(new MonitorView(Duration.ofMinutes(5)).render(new MonitorView.Snapshot("alpha", "/p", 100,
                counts(20, 0), Instant.EPOCH, java.util.List.of())).get(1)).isEqualTo(ProgressLine.bar(20, 100));
    }

    @Test
    void on_a_terminal_the_line_is_redrawn_in_place() {
        StringWriter text = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(text), true, new StepClock(), Duration.ofSeconds(10));

        p.show("demo", counts(1, 3), 4);
        p.show("demo", counts(4, 0), 4);
        p.done();

        assertThat(text.toString()).startsWith("\r\033[2Kdemo [").contains("\r\033[2Kdemo [" + "#".repeat(40))
                .endsWith(System.lineSeparator());
        assertThat(text.toString().chars().filter(ch -> ch == '\n')).as("one line break, at the end").hasSize(1);
    }

    @Test
    void without_a_terminal_plain_lines_come_at_most_once_per_interval_and_the_last_at_the_end() {
        StringWriter text = new StringWriter();
        StepClock clock = new StepClock();
        ProgressLine p = new ProgressLine(new PrintWriter(text), false, clock, Duration.ofSeconds(10));

        p.show("demo", counts(0, 4), 40);
        clock.now = clock.now.plusSeconds(3);
        p.show("demo", counts(1, 4), 40);
        p.show("demo", counts(2, 4), 40);
        clock.now = clock.now.plusSeconds(10);
        p.show("demo", counts(3, 4), 40);
        p.show("demo", counts(40, 0), 40);
        p.done();

        assertThat(text.toString()).doesNotContain("\r", "\033");
        assertThat(text.toString().lines()).containsExactly(ProgressLine.line("demo", counts(0, 4), 40),
                ProgressLine.line("demo", counts(3, 4), 40), ProgressLine.line("demo", counts(40, 0), 40));
    }

    @Test
    void the_terminal_check_follows_the_console_unless_replaced() {
        // under the test runner standard output is not a terminal
        assertThat(ProgressLine.terminal.getAsBoolean()).isEqualTo(System.console() != null);
    }
}
