package io.productionmanager.store;

import java.time.Instant;
import java.util.Locale;

/**
 * One array batch as stored.
 *
 * @param arrayId     the scheduler's array id once submitted
 * @param submitToken written before sbatch runs (crash-safe submit)
 * @param error       the scheduler's message when it refused the batch
 */
public record Batch(
        long id,
        int number,
        String scriptPath,
        String manifestPath,
        int taskCount,
        String arraySpec,
        String arrayId,
        String submitToken,
        BatchState state,
        String error,
        boolean retry,
        Double timeoutHours,
        Double memoryGb,
        Instant createdAt,
        Instant submittedAt) {

    /** The batch's name, as used for its script and logs: {@code batch_0000}. */
    public String name() {
        return nameOf(number);
    }

    /** {@code batch_0000} for 0. */
    public static String nameOf(int number) {
        return String.format(Locale.ROOT, "batch_%04d", number);
    }
}
