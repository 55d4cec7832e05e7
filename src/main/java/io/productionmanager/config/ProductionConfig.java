package io.productionmanager.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A production's configuration after every level of precedence has been applied
 * (built-in defaults, machine resources, machine job-type overrides, the production file, flags).
 *
 * @param name       production name, matches {@code [A-Za-z0-9][A-Za-z0-9_.-]*}
 * @param version    production version (the file's, or {@code --version})
 * @param machine    machine defaults file used, e.g. {@code nersc} or {@code local}
 * @param sourceFile the production YAML this came from
 */
public record ProductionConfig(
        String name,
        String version,
        String description,
        List<String> tags,
        String machine,
        Path sourceFile,
        Science science,
        Execution execution,
        Resources resources,
        Outputs outputs) {

    /** Science section: what is generated. */
    public record Science(
            String cosmology,
            List<Double> redshifts,
            int realizationStart,
            int realizationCount,
            int realizationStep,
            Map<String, Object> catalogParams) {

        /** Number of jobs = realizations x redshifts. */
        public long jobCount() {
            return (long) realizationCount * redshifts.size();
        }
    }

    /** Execution section: how jobs run. */
    public record Execution(
            String jobType,
            int batchSize,
            double timeoutHours,
            RetryPolicy retryPolicy,
            /* the job command as argument words, placeholders {realization} {redshift} {output} {job_id} unexpanded */
            List<String> command,
            /* "slurm" or "local" */
            String executor,
            boolean autoSubmit,
            int maxQueued,
            /* maximum sbatch calls per second */
            double submitRatePerSecond,
            /* optional %N throttle for arrays, 0 = none */
            int arrayThrottle,
            /* local executor: parallel tasks, 0 = number of cores */
            int localParallelism) {
    }

    /** Retry policy: exponential backoff, cause-aware growth, permanent exit codes. */
    public record RetryPolicy(
            int maxRetries,
            double backoffMultiplier,
            double initialDelayMinutes,
            double maxDelayMinutes,
            double timeoutFactor,
            double maxTimeoutHours,
            double memoryFactor,
            double maxMemoryGb,
            List<Integer> noRetryExitCodes,
            double lostGraceMinutes,
            /* NODE_FAIL / PREEMPTED requeues a job gets without spending an attempt */
            int maxFreeRequeues) {
    }

    /** Scheduler resources; null/0 means "not requested" and is left out of the script. */
    public record Resources(
            String account,
            String partition,
            String qos,
            String constraint,
            int nodesPerJob,
            int tasksPerNode,
            int cpusPerTask,
            int gpusPerNode,
            double memoryGb,
            int maxArraySize) {
    }

    /**
     * Outputs section.
     *
     * @param filename   the output file name with placeholders {@code {realization}} {@code {redshift}} {@code {job_id}}
     * @param validation what makes an output valid
     */
    public record Outputs(
            Path basePath,
            String structure,
            String compression,
            CleanupPolicy cleanupPolicy,
            String filename,
            Validation validation) {
    }

    /**
     * What makes a job's output valid ({@code outputs.validation}).
     *
     * @param format           {@code hdf5} (opens as HDF5, holds the required datasets or at least one) or {@code any}
     * @param requiredDatasets dataset paths an HDF5 output must hold, e.g. {@code x} or {@code galaxies/x}
     * @param minBytes         smallest acceptable file size
     * @param checkCommand     a command run after the job's command inside the allocation, as words with
     *                         placeholders unexpanded; empty when there is none
     */
    public record Validation(String format, List<String> requiredDatasets, long minBytes, List<String> checkCommand) {

        /** {@code format: hdf5}. */
        public static final String HDF5 = "hdf5";
        /** {@code format: any}. */
        public static final String ANY = "any";

        public Validation {
            requiredDatasets = List.copyOf(requiredDatasets);
            checkCommand = List.copyOf(checkCommand);
        }

        /** True when the output must be an HDF5 file. */
        public boolean hdf5() {
            return !ANY.equals(format);
        }
    }

    /** Cleanup policy (recorded; applied by later tooling). */
    public record CleanupPolicy(int keepLogsDays, boolean keepIntermediate, boolean archiveCompleted) {
    }

    /** The production's own directory: {@code {base_path}/{name}}. */
    public Path productionDir() {
        return outputs.basePath().resolve(name);
    }
}
