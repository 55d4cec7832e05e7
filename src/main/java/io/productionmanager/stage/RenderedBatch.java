package io.productionmanager.stage;

import java.nio.file.Path;

/**
 * A batch written to disk by {@link ScriptRenderer}.
 *
 * @param batchNumber the batch number ({@code NNNN} in file names)
 * @param jobName     the SLURM job name, {@code pm_<production>_bNNNN}
 * @param script      absolute path of {@code logs/batch_NNNN.sh}
 * @param manifest    absolute path of {@code logs/batch_NNNN.tasks}
 * @param arraySpec   the {@code --array} value, e.g. {@code 0-999%50}
 * @param taskCount   number of array tasks (manifest lines)
 * @param resources   walltime and memory the batch requests
 */
public record RenderedBatch(
        int batchNumber,
        String jobName,
        Path script,
        Path manifest,
        String arraySpec,
        int taskCount,
        BatchResources resources) {
}
