package io.productionmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.app.Production;
import io.productionmanager.qa.OutputValidator;
import io.productionmanager.stage.ScriptRenderer;
import io.productionmanager.store.Batch;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.submit.SubmitResult;
import io.productionmanager.testsupport.SlurmTestSupport;

/** SUBMIT on the real SLURM: one array per batch, every task run and its output valid. */
class SlurmSubmitPipelineTest {

    @TempDir
    Path root;

    private Pipeline pipeline;
    private Instant testStart;

    @BeforeEach
    void start() throws Exception {
        SlurmTestSupport.requireSlurm();
        testStart = Instant.now().minusSeconds(5);
        pipeline = Pipeline.start(root);
    }

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void threeByFourProductionRunsAsOneArrayPerBatchWithEveryOutputValid() {
        ProductionYaml prod = ProductionYaml.named("it_submit").redshifts(0.5, 1.0, 1.5).realizations(4).batchSize(5);
        pipeline.write(prod);
        String name = prod.name();
        assertThat(pipeline.init(name).jobs()).isEqualTo(12);

        SubmitResult submitted = pipeline.submit(name);

        assertThat(submitted.hasErrors()).as(submitted.toString()).isFalse();
        assertThat(submitted.submitted()).hasSize(3);
        Production p = pipeline.open(name);
        List<Batch> batches = p.store().batches();
        assertThat(batches).extracting(Batch::state).containsOnly(BatchState.SUBMITTED);
        assertThat(batches).extracting(Batch::taskCount).containsExactly(5, 5, 2);
        for (Job j : p.store().jobs()) {
            Batch b = batches.stream().filter(x -> x.id() == j.batchId()).findFirst().orElseThrow();
            assertThat(j.slurmId()).isEqualTo(b.arrayId() + "_" + j.taskIndex());
        }

        pipeline.pollUntil(Duration.ofSeconds(120), () -> pipeline.all(name, JobState.COMPLETED));

        OutputValidator validator = new OutputValidator();
        for (Job j : p.store().jobs()) {
            assertThat(j.attempt()).isEqualTo(1);
            assertThat(validator.validate(p.output(j.outputPath())).valid()).as(j.outputPath()).isTrue();
        }
        // the scheduler's own record: exactly one array per batch, the one the store holds
        for (Batch b : batches) {
            String jobName = ScriptRenderer.jobName(name, b.number());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> !SlurmQueries.arraysNamed(jobName, testStart).isEmpty());
            assertThat(SlurmQueries.arraysNamed(jobName, testStart)).containsExactly(b.arrayId());
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(SlurmQueries.states(testStart, batches.stream().map(Batch::arrayId).toArray(String[]::new)))
                        .hasSize(12).allSatisfy((id, state) -> assertThat(state).isEqualTo("COMPLETED")));
        assertThat(Set.copyOf(p.store().batches().stream().map(Batch::state).toList())).containsOnly(BatchState.FINISHED);
    }
}
