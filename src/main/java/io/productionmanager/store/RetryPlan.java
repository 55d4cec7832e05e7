package io.productionmanager.store;

import java.time.Instant;

/**
 * The retries a production has planned.
 *
 * @param scheduled FAILED jobs with a next attempt time
 * @param next      the earliest of those times; null when none is planned
 */
public record RetryPlan(long scheduled, Instant next) {
}
