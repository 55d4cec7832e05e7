package io.productionmanager.poll;

import java.time.Clock;
import java.util.Map;

import io.productionmanager.store.JobState;
import io.productionmanager.store.RetryPlan;

/** Opens {@link ActivityLog}'s line format to tests in other packages. */
public final class ActivityLogLines {

    private ActivityLogLines() {
    }

    public static String line(String name, Map<JobState, Long> counts, RetryPlan retries, Clock clock) {
        return ActivityLog.line(name, counts, retries, clock);
    }
}
