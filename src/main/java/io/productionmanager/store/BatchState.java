package io.productionmanager.store;

import java.util.EnumSet;
import java.util.Set;

/** The life of an array batch: staged, being submitted, submitted, refused by the scheduler, or done. */
public enum BatchState {
    STAGED, SUBMITTING, SUBMITTED, REJECTED, FINISHED;

    /** The states a batch in this state may move to. */
    public Set<BatchState> allowedNext() {
        return switch (this) {
            // marked before sbatch runs, so a crash leaves a trace
            case STAGED -> EnumSet.of(SUBMITTING);
            // sbatch answered with an id / refused / a restart found nothing submitted
            case SUBMITTING -> EnumSet.of(SUBMITTED, REJECTED, STAGED);
            // all its jobs left the queue
            case SUBMITTED -> EnumSet.of(FINISHED);
            case REJECTED, FINISHED -> EnumSet.noneOf(BatchState.class);
        };
    }
}
