package io.productionmanager.store;

import java.util.Objects;

/**
 * A rendered array script to record as a batch; its task count is the number of jobs staged in it.
 *
 * @param number       {@code batch_0000} is 0; see {@link JobStore#nextBatchNumber()}
 * @param manifestPath file listing the jobs in task order (may be null)
 * @param arraySpec    the {@code --array} value, e.g. {@code 0-199%50}
 * @param retry        true for a batch of retried jobs
 * @param timeoutHours walltime requested by the script (null = the production's)
 * @param memoryGb     memory requested by the script (null = the production's)
 */
public record NewBatch(int number, String scriptPath, String manifestPath, String arraySpec, boolean retry,
                       Double timeoutHours, Double memoryGb) {

    public NewBatch {
        Objects.requireNonNull(scriptPath, "scriptPath");
        Objects.requireNonNull(arraySpec, "arraySpec");
        if (number < 0) {
            throw new IllegalArgumentException("Batch number must be >= 0, got " + number);
        }
    }
}
