package io.productionmanager.executor;

/**
 * What one finished (or running) task used and reserved, as the scheduler's accounting reports it.
 * Every field may be null when the scheduler does not know it (e.g. no memory sample was taken).
 *
 * @param elapsedSeconds   wall time the task ran
 * @param cpuSeconds       CPU time (user + system) of the task's processes
 * @param maxRssBytes      peak resident memory of the task's processes
 * @param reqMemBytes      memory reserved for the task
 * @param allocCpus        CPUs allocated to the task
 * @param timeLimitSeconds wall time reserved for the task, null when unlimited
 */
public record Usage(Long elapsedSeconds, Double cpuSeconds, Long maxRssBytes, Long reqMemBytes, Integer allocCpus,
                    Long timeLimitSeconds) {

    /** Nothing known. */
    public static final Usage NONE = new Usage(null, null, null, null, null, null);

    /** True when no field is known. */
    public boolean isEmpty() {
        return elapsedSeconds == null && cpuSeconds == null && maxRssBytes == null && reqMemBytes == null
                && allocCpus == null && timeLimitSeconds == null;
    }

    /** This usage with the fields {@code other} knows and this one does not; peak memory is the larger of both. */
    public Usage merge(Usage other) {
        if (other == null) {
            return this;
        }
        Long rss = maxRssBytes == null ? other.maxRssBytes
                : other.maxRssBytes == null ? maxRssBytes : Long.valueOf(Math.max(maxRssBytes, other.maxRssBytes));
        return new Usage(first(elapsedSeconds, other.elapsedSeconds), first(cpuSeconds, other.cpuSeconds), rss,
                first(reqMemBytes, other.reqMemBytes), first(allocCpus, other.allocCpus),
                first(timeLimitSeconds, other.timeLimitSeconds));
    }

    /** CPU efficiency: CPU time over elapsed × CPUs, or null when unknown. */
    public Double cpuEfficiency() {
        if (cpuSeconds == null || elapsedSeconds == null || allocCpus == null || elapsedSeconds <= 0 || allocCpus <= 0) {
            return null;
        }
        return cpuSeconds / (elapsedSeconds * (double) allocCpus);
    }

    /** Memory efficiency: peak over reserved memory, or null when unknown. */
    public Double memoryEfficiency() {
        if (maxRssBytes == null || reqMemBytes == null || reqMemBytes <= 0) {
            return null;
        }
        return maxRssBytes / (double) reqMemBytes;
    }

    private static <T> T first(T a, T b) {
        return a != null ? a : b;
    }
}
