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

    /** Outputs section. */
    public record Outputs(
            Path basePath,
            String structure,
            String compression,
            CleanupPolicy cleanupPolicy) {
    }

    /** Cleanup policy (recorded; applied by later tooling). */
    public record CleanupPolicy(int keepLogsDays, boolean keepIntermediate, boolean archiveCompleted) {
    }

    /** The production's own directory: {@code {base_path}/{name}}. */
    public Path productionDir() {
        return outputs.basePath().resolve(name);
    }
}
