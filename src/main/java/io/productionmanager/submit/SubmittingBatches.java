package io.productionmanager.submit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.productionmanager.app.Production;
import io.productionmanager.executor.Executor;
import io.productionmanager.stage.ScriptRenderer;
import io.productionmanager.store.Batch;
import io.productionmanager.store.BatchState;

/**
 * Settles batches a crash left SUBMITTING: the array the scheduler knows by the batch's job name is
 * adopted; when it has none the batch goes back to STAGED. Submit and cancel both settle first.
 */
final class SubmittingBatches {

    /** What settling did: {@code batch_0003 -> 261} lines for adopted batches, names of reverted ones. */
    record Settled(List<String> adopted, List<String> reverted, List<String> arrayIds) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SubmittingBatches.class);
    /** A batch's SUBMITTING mark is matched against arrays submitted from this long before it. */
    private static final Duration LOOKUP_MARGIN = Duration.ofMinutes(10);

    private SubmittingBatches() {
    }

    static Settled settle(Production p, Executor executor) {
        List<String> adopted = new java.util.ArrayList<>();
        List<String> reverted = new java.util.ArrayList<>();
        List<String> arrays = new java.util.ArrayList<>();
        for (Batch b : p.store().batches(BatchState.SUBMITTING)) {
            String jobName = ScriptRenderer.jobName(p.config().name(), b.number());
            Instant since = (b.submittedAt() != null ? b.submittedAt() : b.createdAt()).minus(LOOKUP_MARGIN);
            List<String> found = executor.findByJobName(jobName, since);
            if (found.isEmpty()) {
                p.store().revertToStaged(b.id());
                reverted.add(b.name());
                LOG.warn("{}: {} was SUBMITTING and the scheduler has no {}: back to STAGED", p.name(), b.name(), jobName);
                continue;
            }
            String arrayId = found.get(0);
            if (found.size() > 1) {
                // should not happen (the token is committed before sbatch); keep the first, cancel the others
                executor.cancel(found.subList(1, found.size()));
                LOG.error("{}: {} found {} times ({}); kept {}, cancelled the rest", p.name(), b.name(),
                        found.size(), found, arrayId);
            }
            p.store().markSubmitted(b.id(), arrayId);
            adopted.add(b.name() + " -> " + arrayId);
            arrays.add(arrayId);
            LOG.warn("{}: {} was SUBMITTING; adopted array {} found by job name", p.name(), b.name(), arrayId);
        }
        return new Settled(adopted, reverted, arrays);
    }
}
