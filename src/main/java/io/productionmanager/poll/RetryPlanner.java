package io.productionmanager.poll;

import io.productionmanager.production.Durations;
import java.time.Duration;
import java.time.Instant;

import io.productionmanager.config.ProductionConfig.RetryPolicy;

/**
 * The retry policy as a pure calculation: when a failed job runs again, with which resources,
 * and whether the attempt counts. Delay = initial × multiplier^(attempt−1), capped.
 */
public final class RetryPlanner {

    /**
     * The decision for one failure.
     *
     * @param retry        whether the job will run again
     * @param nextAttemptAt when it becomes due (null when not retried)
     * @param nextAttempt  the attempt number of the next run (unchanged for a free requeue)
     * @param timeoutHours time limit for the next run
     * @param memoryGb     memory for the next run (0 = not requested)
     * @param reason       the decision in words, recorded as an event
     */
    public record Decision(boolean retry, Instant nextAttemptAt, int nextAttempt, double timeoutHours,
                           double memoryGb, String reason) {
    }

    private final RetryPolicy policy;

    public RetryPlanner(RetryPolicy policy) {
        this.policy = policy;
    }

    /** Backoff before attempt {@code failedAttempt + 1}: initial × multiplier^(failedAttempt−1), capped. */
    public Duration backoff(int failedAttempt) {
        double minutes = policy.initialDelayMinutes() * Math.pow(policy.backoffMultiplier(), Math.max(0, failedAttempt - 1));
        if (policy.maxDelayMinutes() > 0) {
            minutes = Math.min(minutes, policy.maxDelayMinutes());
        }
        return Duration.ofMillis(Math.round(minutes * 60_000));
    }

    /**
     * Decides what happens after attempt {@code attempt} failed at {@code failedAt}.
     *
     * @param timeoutHours      the time limit the failed attempt ran with
     * @param memoryGb          the memory it ran with (0 = not requested)
     * @param freeRequeuesUsed  NODE_FAIL / PREEMPTED requeues the job already had (since its last manual retry)
     */
    public Decision decide(FailureCause cause, Integer exitCode, int attempt, Instant failedAt,
                           double timeoutHours, double memoryGb, int freeRequeuesUsed) {
        if (cause.isFreeRequeue()) {
            int cap = policy.maxFreeRequeues();
            if (freeRequeuesUsed >= cap) {
                return new Decision(false, null, attempt, timeoutHours, memoryGb,
                        "not requeued: free requeues exhausted (" + freeRequeuesUsed + " of max_free_requeues " + cap
                                + " used after NODE_FAIL / PREEMPTED); `retry` runs it again");
            }
            // a node that keeps failing must not be fed the job every cycle: the normal backoff applies
            Duration wait = backoff(attempt);
            return new Decision(true, failedAt.plus(wait), attempt, timeoutHours, memoryGb,
                    "free requeue " + (freeRequeuesUsed + 1) + " of " + cap + " after " + Durations.inWords(wait)
                            + " (attempt not spent)");
        }
        if (cause == FailureCause.EXIT_CODE && exitCode != null && policy.noRetryExitCodes().contains(exitCode)) {
            return new Decision(false, null, attempt, timeoutHours, memoryGb,
                    "exit " + exitCode + " is listed in retry_policy.no_retry_exit_codes: not retried");
        }
        int retriesUsed = attempt - 1;
        if (retriesUsed >= policy.maxRetries()) {
            return new Decision(false, null, attempt, timeoutHours, memoryGb,
                    "retries exhausted (" + policy.maxRetries() + " of max_retries " + policy.maxRetries() + " used)");
        }
        double nextTimeout = timeoutHours;
        double nextMemory = memoryGb;
        String growth = "";
        if (cause == FailureCause.TIMEOUT) {
            nextTimeout = cap(timeoutHours * policy.timeoutFactor(), policy.maxTimeoutHours());
            growth = String.format(", time limit %.2f h -> %.2f h", timeoutHours, nextTimeout);
        } else if (cause == FailureCause.OUT_OF_MEMORY && memoryGb > 0) {
            nextMemory = cap(memoryGb * policy.memoryFactor(), policy.maxMemoryGb());
            growth = String.format(", memory %.1f GB -> %.1f GB", memoryGb, nextMemory);
        }
        Duration wait = backoff(attempt);
        return new Decision(true, failedAt.plus(wait), attempt + 1, nextTimeout, nextMemory,
                "retry " + (retriesUsed + 1) + " of " + policy.maxRetries() + " after " + Durations.inWords(wait) + growth);
    }

    private static double cap(double value, double max) {
        return max > 0 ? Math.min(value, max) : value;
    }
}
