package io.productionmanager.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.productionmanager.store.JobState;

class StateTimelineTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void counts_after_each_event_time_follow_every_move_in_time_order() {
        History h = new History();
        h.productionEvent(t(0), "production started");
        h.job("a").move(t(0), "QUEUED").move(t(60), "RUNNING").move(t(120), "COMPLETED");
        h.job("b").move(t(60), "QUEUED").move(t(180), "FAILED", "exit 3: boom").move(t(240), "PENDING", "retry");
        h.job("c").move(t(240), "CANCELLED", "by user");
        List<ReportEvent> shuffled = new ArrayList<>(h.events());
        Collections.shuffle(shuffled, new Random(7));

        List<StateTimeline.Point> points = StateTimeline.build(shuffled, 4);

        assertThat(points).extracting(StateTimeline.Point::at).containsExactly(t(0), t(60), t(120), t(180), t(240));
        assertCounts(points.get(0), 3, 1, 0, 0, 0, 0);
        assertCounts(points.get(1), 2, 1, 1, 0, 0, 0);
        assertCounts(points.get(2), 2, 1, 0, 1, 0, 0);
        assertCounts(points.get(3), 2, 0, 0, 1, 1, 0);
        // b goes back to PENDING and c is cancelled at the same instant
        assertCounts(points.get(4), 2, 0, 0, 1, 0, 1);
    }

    @Test
    void jobs_without_history_stay_pending_and_events_without_both_states_move_nothing() {
        List<ReportEvent> events = List.of(
                new ReportEvent("a", t(10), null, "PENDING", "created"),
                new ReportEvent("a", t(20), "PENDING", "QUEUED", "submitted"),
                new ReportEvent("a", t(30), "QUEUED", null, "note"),
                new ReportEvent("a", t(40), "QUEUED", "QUEUED", "seen again"));

        List<StateTimeline.Point> points = StateTimeline.build(events, 10);

        assertThat(points).hasSize(1);
        assertThat(points.get(0).at()).isEqualTo(t(20));
        assertCounts(points.get(0), 9, 1, 0, 0, 0, 0);
    }

    @Test
    void no_state_changes_give_an_empty_timeline() {
        assertThat(StateTimeline.build(List.of(), 40)).isEmpty();
        assertThat(StateTimeline.build(List.of(new ReportEvent(null, t(0), null, null, "started")), 40)).isEmpty();
    }

    @Test
    void a_long_history_is_sampled_to_at_most_max_points_with_exact_counts_at_each_sample() {
        History h = new History();
        int jobs = 2_000;
        for (int i = 0; i < jobs; i++) {
            long s = i * 7L;
            h.job("j" + i).move(t(s), "QUEUED").move(t(s + 3), "RUNNING").move(t(s + 5), "FAILED", "TIMEOUT")
                    .move(t(s + 6), "PENDING").move(t(s + 8), "CANCELLED");
        }
        List<ReportEvent> events = h.events();

        List<StateTimeline.Point> points = StateTimeline.build(events, jobs, 100);

        assertThat(points).hasSize(100);
        assertThat(points.get(0).at()).isEqualTo(t(0));
        assertThat(points.get(99).at()).isEqualTo(events.get(events.size() - 1).at());
        assertCounts(points.get(99), 0, 0, 0, 0, 0, jobs);
        for (StateTimeline.Point p : points) {
            assertThat(p.total()).as("jobs counted at %s", p.at()).isEqualTo(jobs);
            assertThat(p.counts()).as("counts at %s", p.at()).containsExactly(replayUpTo(events, jobs, p.at()));
        }
        assertThat(StateTimeline.build(events, jobs)).as("default limit").hasSizeLessThanOrEqualTo(2_000);
    }

    @Test
    void an_unknown_state_is_reported_with_the_event_and_field() {
        List<ReportEvent> events = List.of(
                new ReportEvent("a", t(0), "PENDING", "QUEUED", null),
                new ReportEvent("a", t(1), "QUEUED", "DONE", null));

        assertThatThrownBy(() -> StateTimeline.build(events, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event 1").hasMessageContaining("toState").hasMessageContaining("DONE");
    }

    /** Reference: replay every event at or before {@code at}, one by one, on a fresh count. */
    private static int[] replayUpTo(List<ReportEvent> events, int jobs, Instant at) {
        int[] counts = new int[JobState.values().length];
        counts[JobState.PENDING.ordinal()] = jobs;
        for (ReportEvent e : events) {
            if (!e.at().isAfter(at)) {
                counts[JobState.valueOf(e.fromState()).ordinal()]--;
                counts[JobState.valueOf(e.toState()).ordinal()]++;
            }
        }
        return counts;
    }

    private static void assertCounts(StateTimeline.Point p, int pending, int queued, int running, int completed,
                                     int failed, int cancelled) {
        assertThat(p.counts()).as("PENDING, QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED at %s", p.at())
                .containsExactly(pending, queued, running, completed, failed, cancelled);
    }
}
