package io.productionmanager.submit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.productionmanager.production.Production;
import io.productionmanager.executor.Executor;
import io.productionmanager.stage.ScriptRenderer;
import io.productionmanager.store.Batch;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.Event;
import io.productionmanager.store.EventKind;

/**
 * Settles batches a crash left SUBMITTING: the array the scheduler knows by the batch's job name is
 * adopted; when it has none the batch goes back to STAGED. Submit and cancel both settle first.
 */
final class SubmittingBatches {

    /** What settling did: {@code batch_0003 -> 261} lines for adopted batches, names of reverted ones. */
    record Settled(List<String> adopted, List<String> reverted, List<String> arrayIds) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SubmittingBatches.class);
    /**
     * A batch's SUBMITTING mark is matched against arrays from this long before it (clocks of this host and
     * the controller may differ a little). Not more: the job name only holds production name and batch
     * number, so an older production of the same name (removed and initialized again) has the same names.
     */
    private static final Duration LOOKUP_MARGIN = Duration.ofMinutes(1);

    private SubmittingBatches() {
    }

    static Settled settle(Production p, Executor executor) {
        List<String> adopted = new java.util.ArrayList<>();
        List<String> reverted = new java.util.ArrayList<>();
        List<String> arrays = new java.util.ArrayList<>();
        for (Batch b : p.store().batches(BatchState.SUBMITTING)) {
            String jobName = ScriptRenderer.jobName(p.config().name(), b.number());
            Instant since = submittingSince(p, b).minus(LOOKUP_MARGIN);
            List<String> found = executor.findByJobName(jobName, since);
            if (found.isEmpty()) {
                p.store().revertToStaged(b.id());
                reverted.add(b.name());
                LOG.warn("{}: {} was SUBMITTING and the scheduler has no {}: back to STAGED", p.name(), b.name(), jobName);
                continue;
            }
            // the newest: this batch was submitted at most once (the mark is committed before sbatch), so
            // any other array of that name belongs to another production of the same name; it is left alone
            String arrayId = found.stream().max(SubmittingBatches::compareArrayIds).orElseThrow();
            if (found.size() > 1) {
                LOG.error("{}: {} found {} times ({}); adopted the newest, {}; the others are not this batch's"
                        + " and were left alone", p.name(), b.name(), found.size(), found, arrayId);
            }
            p.store().markSubmitted(b.id(), arrayId);
            adopted.add(b.name() + " -> " + arrayId);
            arrays.add(arrayId);
            LOG.warn("{}: {} was SUBMITTING; adopted array {} found by job name", p.name(), b.name(), arrayId);
        }
        return new Settled(adopted, reverted, arrays);
    }

    /** When the batch was last marked SUBMITTING (its creation when the history has no such mark). */
    private static Instant submittingSince(Production p, Batch b) {
        Instant marked = null;
        for (Event e : p.store().batchEvents(b.id())) {
            if (e.kind() == EventKind.BATCH_SUBMITTING) {
                marked = e.at();
            }
        }
        return marked != null ? marked : b.createdAt();
    }

    /** Numeric order of array ids ("99" before "100"); ids that are not numbers sort by text after them. */
    static int compareArrayIds(String a, String b) {
        boolean na = a.chars().allMatch(Character::isDigit);
        boolean nb = b.chars().allMatch(Character::isDigit);
        if (na && nb) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        return na != nb ? (na ? -1 : 1) : a.compareTo(b);
    }

}
