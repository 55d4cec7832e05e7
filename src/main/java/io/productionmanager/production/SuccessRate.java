package io.productionmanager.production;

import java.util.Map;
import java.util.OptionalDouble;

import io.productionmanager.store.JobState;

/**
 * The one definition of a production's success rate, shared by {@code status}, {@code report}, the
 * metrics and the Java API: COMPLETED ÷ (COMPLETED + FAILED + CANCELLED), the jobs that reached an end
 * state. PENDING, QUEUED and RUNNING jobs are not counted; a FAILED job waiting for its retry counts as
 * failed until it runs again. Empty when no job has reached an end state yet.
 */
public final class SuccessRate {

    /** How the rate is described next to the figure in human-readable output. */
    public static final String DEFINITION = "completed / (completed + failed + cancelled)";

    private SuccessRate() {
    }

    /** The rate from counts per state (missing states count as zero). */
    public static OptionalDouble of(Map<JobState, ? extends Number> counts) {
        long completed = count(counts, JobState.COMPLETED);
        long finished = completed + count(counts, JobState.FAILED) + count(counts, JobState.CANCELLED);
        return finished == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) completed / finished);
    }

    private static long count(Map<JobState, ? extends Number> counts, JobState s) {
        Number n = counts.get(s);
        return n == null ? 0 : n.longValue();
    }
}
