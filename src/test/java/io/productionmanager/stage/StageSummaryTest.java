package io.productionmanager.stage;

import io.productionmanager.config.ProductionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import static io.productionmanager.testsupport.Configs.aConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StageSummaryTest {

    @TempDir
    Path tmp;

    @Test
    void forty_thousand_one_node_jobs_of_24_hours_in_batches_of_1000() {
        ProductionConfig cfg = aConfig().name("cov").partition("regular").nodesPerJob(1).tasksPerNode(4).cpusPerTask(32)
                .timeoutHours(24).memoryGb(16).build();

        StageSummary s = StageSummary.ofPlan(cfg, 0, Collections.nCopies(40, 1000), BatchResources.of(cfg));

        assertThat(s.sbatchCalls()).isEqualTo(40);
        assertThat(s.taskCount()).isEqualTo(40_000);
        assertThat(s.nodeHours()).isEqualTo(40_000 * 24.0);
        assertThat(s.coreHours()).isEqualTo(40_000 * 24.0 * 4 * 32);
        assertThat(s.hasUnboundedBatches()).isFalse();
    }

    @Test
    void node_hours_multiply_by_nodes_per_job_and_use_each_batch_s_own_walltime() {
        ProductionConfig cfg = aConfig().nodesPerJob(2).tasksPerNode(0).cpusPerTask(0).timeoutHours(10).build();
        StageSummary s = new StageSummary("p", List.of(
                new StageSummary.BatchLine(0, 100, new BatchResources(10, 0)),
                new StageSummary.BatchLine(1, 3, new BatchResources(15, 0))), 2, 0, 0, "nodes=2");

        assertThat(s.nodeHours()).isCloseTo(100 * 2 * 10 + 3 * 2 * 15, within(1e-9));
        assertThat(s.coreHours()).as("unset tasks/node and cpus/task count as SLURM's default of 1").isEqualTo(s.nodeHours());
        assertThat(StageSummary.ofPlan(cfg, 0, List.of(5), BatchResources.of(cfg)).nodeHours()).isEqualTo(5 * 2 * 10.0);
    }

    @Test
    void the_summary_of_written_batches_matches_what_was_rendered() {
        ProductionConfig cfg = aConfig().basePath(tmp).timeoutHours(0.5).memoryGb(2).build();
        ScriptRenderer renderer = new ScriptRenderer(null);
        List<TaskSpec> tasks = java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> new TaskSpec("r" + i, i, 0.5, tmp.resolve("o" + i), 0)).toList();
        List<RenderedBatch> rendered = BatchPlanner.plan(tasks, 2).stream()
                .map(batch -> renderer.render(cfg, cfg.productionDir(), tasks.indexOf(batch.get(0)) / 2, batch,
                        BatchResources.of(cfg), null))
                .toList();

        StageSummary s = StageSummary.of(cfg, rendered);

        assertThat(s.batches()).extracting(StageSummary.BatchLine::batchNumber).containsExactly(0, 1, 2);
        assertThat(s.batches()).extracting(StageSummary.BatchLine::arraySize).containsExactly(2, 2, 1);
        assertThat(s.nodeHours()).isEqualTo(2.5);
    }

    @Test
    void format_shows_a_row_per_batch_and_the_totals() {
        ProductionConfig cfg = aConfig().name("cov").account("m4943").partition("regular").nodesPerJob(1).tasksPerNode(1)
                .cpusPerTask(4).timeoutHours(24).memoryGb(1.5).build();
        StageSummary s = StageSummary.ofPlan(cfg, 0, List.of(1000, 1000, 500), BatchResources.of(cfg));

        assertThat(s.format()).isEqualTo(String.join(System.lineSeparator(),
                "Production cov: 2500 tasks in 3 batches (account=m4943 partition=regular nodes=1 tasks/node=1 cpus/task=4)",
                "batch       tasks  resources",
                "0000         1000  time=24:00:00 mem=1536M",
                "0001         1000  time=24:00:00 mem=1536M",
                "0002          500  time=24:00:00 mem=1536M",
                "sbatch calls: 3",
                "reserved at most: 60,000.0 node-hours, 240,000.0 core-hours",
                ""));
    }

    @Test
    void batches_without_walltime_are_flagged_as_a_lower_bound() {
        ProductionConfig cfg = aConfig().timeoutHours(0).memoryGb(0).build();
        StageSummary s = StageSummary.ofPlan(cfg, 4, List.of(10), BatchResources.of(cfg));

        assertThat(s.hasUnboundedBatches()).isTrue();
        assertThat(s.format()).contains("0004").contains("time=- mem=-").contains("lower bound");
    }
}
