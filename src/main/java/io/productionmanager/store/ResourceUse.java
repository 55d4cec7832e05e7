package io.productionmanager.store;

/**
 * What one run of a job used and reserved, stored with its attempt. Every field may be null (unknown).
 *
 * @param elapsedSeconds   wall time of the run
 * @param cpuSeconds       CPU time of the run's processes
 * @param maxRssBytes      peak resident memory of the run's processes
 * @param reqMemBytes      memory reserved for the run
 * @param allocCpus        CPUs allocated to the run
 * @param timeLimitSeconds wall time reserved for the run, null when unlimited or unknown
 */
public record ResourceUse(Long elapsedSeconds, Double cpuSeconds, Long maxRssBytes, Long reqMemBytes,
                          Integer allocCpus, Long timeLimitSeconds) {

    /** Nothing known. */
    public static final ResourceUse NONE = new ResourceUse(null, null, null, null, null, null);
}
