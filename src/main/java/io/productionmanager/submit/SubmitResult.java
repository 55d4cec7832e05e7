package io.productionmanager.submit;

import java.util.List;

/**
 * What a submit call did.
 *
 * @param submitted   batches submitted now, as {@code batch_0003 -> 261}
 * @param adopted     batches left SUBMITTING by a crash and found with the scheduler
 * @param reverted    batches left SUBMITTING by a crash and not found: back to STAGED and resubmitted
 * @param rejected    batches the scheduler refused, with its own message
 * @param heldBack    STAGED batches not submitted because of execution.max_queued
 * @param unreachable the scheduler could not be reached: nothing was changed, try again later
 * @param hold        set when automatic submission is on hold after a refused batch (the daemon and
 *                    the watcher do not submit until a user runs {@code submit}); null otherwise
 */
public record SubmitResult(String name, List<String> submitted, List<String> adopted, List<String> reverted,
                           List<String> rejected, int heldBack, String unreachable, int stagedBatches, String hold) {

    /** True when something went wrong that the user must look at. */
    public boolean hasErrors() {
        return !rejected.isEmpty() || unreachable != null;
    }
}
