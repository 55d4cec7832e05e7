package io.productionmanager.stage;

import io.productionmanager.config.ProductionConfig;

/**
 * The per-batch resources that retries may grow: walltime and memory; 0 means "not requested".
 *
 * @param timeoutHours walltime per task in hours, written as {@code --time}
 * @param memoryGb     memory per node in GB (1 GB = 1024 MB), written as {@code --mem}
 */
public record BatchResources(double timeoutHours, double memoryGb) {

    public BatchResources {
        if (!Double.isFinite(timeoutHours) || timeoutHours < 0) {
            throw new IllegalArgumentException("timeout_hours must be 0 (not requested) or positive, got " + timeoutHours);
        }
        if (!Double.isFinite(memoryGb) || memoryGb < 0) {
            throw new IllegalArgumentException("memory_gb must be 0 (not requested) or positive, got " + memoryGb);
        }
    }

    /** The resources of a normal (first-attempt) batch: the configuration's own values. */
    public static BatchResources of(ProductionConfig cfg) {
        return new BatchResources(cfg.execution().timeoutHours(), cfg.resources().memoryGb());
    }
}
