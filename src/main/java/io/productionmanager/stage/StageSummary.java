package io.productionmanager.stage;

import io.productionmanager.config.ProductionConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What staging a production asks of the scheduler: its batches, the sbatch calls they need and the
 * node-hours and core-hours they reserve if every task runs to its walltime.
 *
 * @param production   production name
 * @param batches      one line per batch, in batch order
 * @param nodesPerJob  nodes per task as requested (0 = not requested, counted as 1)
 * @param tasksPerNode tasks per node as requested (0 = not requested, counted as 1)
 * @param cpusPerTask  CPUs per task as requested (0 = not requested, counted as 1)
 * @param resourcesLine the scheduler resources common to every batch, e.g. {@code partition=regular nodes=1}
 */
public record StageSummary(
        String production,
        List<BatchLine> batches,
        int nodesPerJob,
        int tasksPerNode,
        int cpusPerTask,
        String resourcesLine) {

    /**
     * One batch of the summary.
     *
     * @param batchNumber the batch number
     * @param arraySize   its number of array tasks
     * @param resources   the walltime and memory it requests
     */
    public record BatchLine(int batchNumber, int arraySize, BatchResources resources) {

        /** The batch's own resources as {@code time=HH:MM:SS mem=NG}, {@code -} for each one not requested. */
        public String resourcesLine() {
            return "time=" + (resources.timeoutHours() > 0 ? SlurmFormats.time(resources.timeoutHours()) : "-")
                    + " mem=" + (resources.memoryGb() > 0 ? SlurmFormats.memory(resources.memoryGb()) : "-");
        }
    }

    public StageSummary {
        batches = List.copyOf(batches);
    }

    /** The summary of batches that have been written. */
    public static StageSummary of(ProductionConfig cfg, List<RenderedBatch> rendered) {
        List<BatchLine> lines = new ArrayList<>(rendered.size());
        for (RenderedBatch b : rendered) {
            lines.add(new BatchLine(b.batchNumber(), b.taskCount(), b.resources()));
        }
        return fromLines(cfg, lines);
    }

    /** The summary of a plan not yet written (e.g. a dry run): consecutive batches from {@code firstBatchNumber}. */
    public static StageSummary ofPlan(ProductionConfig cfg, int firstBatchNumber, List<Integer> arraySizes, BatchResources res) {
        List<BatchLine> lines = new ArrayList<>(arraySizes.size());
        for (int i = 0; i < arraySizes.size(); i++) {
            lines.add(new BatchLine(firstBatchNumber + i, arraySizes.get(i), res));
        }
        return fromLines(cfg, lines);
    }

    private static StageSummary fromLines(ProductionConfig cfg, List<BatchLine> lines) {
        ProductionConfig.Resources r = cfg.resources();
        return new StageSummary(cfg.name(), lines, r.nodesPerJob(), r.tasksPerNode(), r.cpusPerTask(), commonResources(r));
    }

    private static String commonResources(ProductionConfig.Resources r) {
        StringBuilder s = new StringBuilder();
        appendIfSet(s, "account", r.account());
        appendIfSet(s, "partition", r.partition());
        appendIfSet(s, "qos", r.qos());
        appendIfSet(s, "constraint", r.constraint());
        appendIfSet(s, "nodes", r.nodesPerJob());
        appendIfSet(s, "tasks/node", r.tasksPerNode());
        appendIfSet(s, "cpus/task", r.cpusPerTask());
        appendIfSet(s, "gpus/node", r.gpusPerNode());
        return s.length() == 0 ? "(scheduler defaults)" : s.toString();
    }

    private static void appendIfSet(StringBuilder s, String key, String value) {
        if (value != null && !value.isBlank()) {
            s.append(s.length() == 0 ? "" : " ").append(key).append('=').append(value);
        }
    }

    private static void appendIfSet(StringBuilder s, String key, int value) {
        if (value > 0) {
            s.append(s.length() == 0 ? "" : " ").append(key).append('=').append(value);
        }
    }

    /** sbatch calls needed to submit everything: one per batch. */
    public int sbatchCalls() {
        return batches.size();
    }

    /** Total array tasks over all batches. */
    public long taskCount() {
        return batches.stream().mapToLong(BatchLine::arraySize).sum();
    }

    /** Σ tasks × nodes per job × walltime hours; batches without a walltime count 0 (see {@link #hasUnboundedBatches()}). */
    public double nodeHours() {
        double hours = 0;
        for (BatchLine b : batches) {
            hours += (double) b.arraySize() * orOne(nodesPerJob) * b.resources().timeoutHours();
        }
        return hours;
    }

    /** {@link #nodeHours()} × tasks per node × CPUs per task. */
    public double coreHours() {
        return nodeHours() * orOne(tasksPerNode) * orOne(cpusPerTask);
    }

    /** True if some batch requests no walltime, so the partition's default limit applies and the estimate is a lower bound. */
    public boolean hasUnboundedBatches() {
        return batches.stream().anyMatch(b -> b.resources().timeoutHours() <= 0);
    }

    private static int orOne(int requested) {
        // SLURM's default for nodes, tasks per node and CPUs per task is 1.
        return requested > 0 ? requested : 1;
    }

    /** The table the CLI prints after staging: one row per batch, then the totals. */
    public String format() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Production %s: %d tasks in %d batches (%s)%n",
                production, taskCount(), batches.size(), resourcesLine));
        s.append(String.format(Locale.ROOT, "%-8s %8s  %s%n", "batch", "tasks", "resources"));
        for (BatchLine b : batches) {
            s.append(String.format(Locale.ROOT, "%-8s %8d  %s%n", ScriptRenderer.batchLabel(b.batchNumber()),
                    b.arraySize(), b.resourcesLine()));
        }
        s.append(String.format(Locale.ROOT, "sbatch calls: %d%n", sbatchCalls()));
        String bound = hasUnboundedBatches() ? " (lower bound: some batches request no walltime)" : "";
        s.append(String.format(Locale.ROOT, "reserved at most: %,.1f node-hours, %,.1f core-hours%s%n",
                nodeHours(), coreHours(), bound));
        return s.toString();
    }
}
