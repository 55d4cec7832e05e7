package io.productionmanager.stage;

import io.productionmanager.config.ProductionConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Cuts an ordered list of jobs into consecutive batches no larger than one SLURM array may be. */
public final class BatchPlanner {

    private BatchPlanner() {
    }

    /**
     * The largest batch the configuration allows: {@code execution.batch_size}, capped by
     * {@code resources.max_array_size} when that is set (0 = no limit).
     */
    public static int effectiveBatchSize(ProductionConfig cfg) {
        return effectiveBatchSize(cfg.execution().batchSize(), cfg.resources().maxArraySize());
    }

    /** {@code min(batchSize, maxArraySize)}, where a {@code maxArraySize} of 0 means no limit. */
    public static int effectiveBatchSize(int batchSize, int maxArraySize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("execution.batch_size must be at least 1, got " + batchSize);
        }
        if (maxArraySize < 0) {
            throw new IllegalArgumentException("resources.max_array_size must be 0 (no limit) or positive, got " + maxArraySize);
        }
        return maxArraySize == 0 ? batchSize : Math.min(batchSize, maxArraySize);
    }

    /** Batches for {@code jobs} in their given order, sized by the configuration. */
    public static <T> List<List<T>> plan(List<T> jobs, ProductionConfig cfg) {
        return plan(jobs, effectiveBatchSize(cfg));
    }

    /**
     * Consecutive, order-preserving batches of at most {@code maxPerBatch} jobs; only the last may be
     * smaller. No jobs give no batches. The returned lists are unmodifiable views of copies.
     */
    public static <T> List<List<T>> plan(List<T> jobs, int maxPerBatch) {
        if (maxPerBatch <= 0) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + maxPerBatch);
        }
        List<T> copy = List.copyOf(jobs);
        List<List<T>> batches = new ArrayList<>((copy.size() + maxPerBatch - 1) / maxPerBatch);
        for (int from = 0; from < copy.size(); from += maxPerBatch) {
            batches.add(copy.subList(from, Math.min(copy.size(), from + maxPerBatch)));
        }
        return Collections.unmodifiableList(batches);
    }
}
