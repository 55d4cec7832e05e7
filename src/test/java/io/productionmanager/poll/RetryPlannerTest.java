package io.productionmanager.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.productionmanager.config.ProductionConfig.RetryPolicy;

class RetryPlannerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static RetryPolicy policy(int maxRetries, double multiplier, double initial, double maxDelay) {
        return new RetryPolicy(maxRetries, multiplier, initial, maxDelay, 1.5, 48.0, 2.0, 64.0, List.of(3, 42), 10.0, 3);
    }

    @Test
    void backoff_doubles_from_the_initial_delay_for_each_failed_attempt() {
        RetryPlanner p = new RetryPlanner(policy(5, 2.0, 10.0, 0));
        assertThat(List.of(p.backoff(1), p.backoff(2), p.backoff(3), p.backoff(4)))
                .containsExactly(Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(40), Duration.ofMinutes(80));
    }

    @Test
    void backoff_is_capped_by_max_delay_minutes() {
        RetryPlanner p = new RetryPlanner(policy(10, 3.0, 10.0, 60.0));
        assertThat(p.backoff(1)).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.backoff(2)).isEqualTo(Duration.ofMinutes(30));
        assertThat(p.backoff(3)).as("90 min capped to 60").isEqualTo(Duration.ofMinutes(60));
        assertThat(p.backoff(9)).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void a_job_failing_every_time_is_retried_max_retries_times_over_simulated_hours_then_stays_failed() {
        RetryPlanner p = new RetryPlanner(policy(3, 2.0, 10.0, 0));
        Instant clock = T0;
        int attempt = 1;
        List<Instant> dueTimes = new ArrayList<>();
        RetryPlanner.Decision d;
        while (true) {
            d = p.decide(FailureCause.EXIT_CODE, 1, attempt, clock, 1.0, 4.0, 0);
            if (!d.retry()) {
                break;
            }
            dueTimes.add(d.nextAttemptAt());
            clock = d.nextAttemptAt().plus(Duration.ofMinutes(5)); // the retry runs 5 minutes and fails again
            attempt = d.nextAttempt();
        }
        assertThat(dueTimes).containsExactly(
                T0.plus(Duration.ofMinutes(10)),
                T0.plus(Duration.ofMinutes(10 + 5 + 20)),
                T0.plus(Duration.ofMinutes(10 + 5 + 20 + 5 + 40)));
        assertThat(attempt).as("4 attempts = 1 + max_retries").isEqualTo(4);
        assertThat(d.reason()).contains("retries exhausted");
        assertThat(d.nextAttemptAt()).isNull();
    }

    @Test
    void timeout_retries_with_a_longer_time_limit_capped() {
        RetryPlanner p = new RetryPlanner(policy(5, 2.0, 1.0, 0));
        RetryPlanner.Decision d = p.decide(FailureCause.TIMEOUT, 0, 1, T0, 12.0, 4.0, 0);
        assertThat(d.retry()).isTrue();
        assertThat(d.timeoutHours()).isEqualTo(18.0);
        assertThat(d.memoryGb()).isEqualTo(4.0);
        RetryPlanner.Decision capped = p.decide(FailureCause.TIMEOUT, 0, 2, T0, 40.0, 4.0, 0);
        assertThat(capped.timeoutHours()).as("40 x 1.5 = 60 capped at 48").isEqualTo(48.0);
        assertThat(capped.reason()).contains("time limit 40.00 h -> 48.00 h");
    }

    @Test
    void out_of_memory_retries_with_more_memory_capped() {
        RetryPlanner p = new RetryPlanner(policy(5, 2.0, 1.0, 0));
        RetryPlanner.Decision d = p.decide(FailureCause.OUT_OF_MEMORY, 0, 1, T0, 2.0, 16.0, 0);
        assertThat(d.memoryGb()).isEqualTo(32.0);
        assertThat(d.timeoutHours()).isEqualTo(2.0);
        assertThat(p.decide(FailureCause.OUT_OF_MEMORY, 0, 1, T0, 2.0, 48.0, 0).memoryGb()).isEqualTo(64.0);
    }

    @Test
    void node_failure_and_preemption_are_requeued_after_the_backoff_without_spending_an_attempt() {
        RetryPlanner p = new RetryPlanner(policy(0, 2.0, 10.0, 0));
        for (FailureCause c : List.of(FailureCause.NODE_FAIL, FailureCause.PREEMPTED)) {
            RetryPlanner.Decision d = p.decide(c, null, 1, T0, 1.0, 1.0, 0);
            assertThat(d.retry()).as(c + " is retried even with max_retries 0").isTrue();
            assertThat(d.nextAttempt()).isEqualTo(1);
            assertThat(d.nextAttemptAt()).as("not the next cycle: the normal backoff").isEqualTo(T0.plus(Duration.ofMinutes(10)));
            assertThat(d.reason()).isEqualTo("free requeue 1 of 3 after 10 min (attempt not spent)");
        }
    }

    @Test
    void a_job_that_keeps_killing_its_node_is_requeued_max_free_requeues_times_then_stays_failed() {
        RetryPlanner p = new RetryPlanner(policy(0, 2.0, 10.0, 0));
        Instant clock = T0;
        List<Instant> dueTimes = new ArrayList<>();
        int used = 0;
        RetryPlanner.Decision d;
        while (true) {
            d = p.decide(FailureCause.NODE_FAIL, null, 1, clock, 1.0, 1.0, used);
            if (!d.retry()) {
                break;
            }
            dueTimes.add(d.nextAttemptAt());
            clock = d.nextAttemptAt().plus(Duration.ofMinutes(1));
            used++;
        }
        assertThat(dueTimes).as("max_free_requeues 3, each after the backoff of attempt 1").containsExactly(
                T0.plus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(21)), T0.plus(Duration.ofMinutes(32)));
        assertThat(d.nextAttemptAt()).isNull();
        assertThat(d.nextAttempt()).as("no attempt was spent").isEqualTo(1);
        assertThat(d.reason()).isEqualTo("not requeued: free requeues exhausted (3 of max_free_requeues 3 used"
                + " after NODE_FAIL / PREEMPTED); `retry` runs it again");
    }

    @Test
    void exit_codes_listed_as_no_retry_are_never_retried() {
        RetryPlanner p = new RetryPlanner(policy(5, 2.0, 10.0, 0));
        RetryPlanner.Decision d = p.decide(FailureCause.EXIT_CODE, 3, 1, T0, 1.0, 1.0, 0);
        assertThat(d.retry()).isFalse();
        assertThat(d.reason()).contains("no_retry_exit_codes");
        assertThat(p.decide(FailureCause.EXIT_CODE, 4, 1, T0, 1.0, 1.0, 0).retry()).isTrue();
    }
}
