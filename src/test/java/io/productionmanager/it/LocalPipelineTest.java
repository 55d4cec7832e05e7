package io.productionmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.productionmanager.production.Production;
import io.productionmanager.qa.OutputValidator;
import io.productionmanager.store.Batch;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.submit.SubmitResult;

/** The same 3 × 4 production through the local executor: the same routes, scripts and tracking. */
class LocalPipelineTest extends PipelineTestCase {

    @Test
    void threeByFourProductionCompletesLocallyWithEveryOutputValid() throws Exception {
        ProductionYaml prod = ProductionYaml.named("it_local").executor("local").redshifts(0.5, 1.0, 1.5).realizations(4)
                .batchSize(5);
        pipeline.write(prod);
        String name = prod.name();
        assertThat(pipeline.init(name).jobs()).isEqualTo(12);

        SubmitResult submitted = pipeline.submit(name);

        assertThat(submitted.hasErrors()).as(submitted.toString()).isFalse();
        assertThat(submitted.submitted()).hasSize(3);
        pipeline.pollUntil(Duration.ofSeconds(120), () -> pipeline.all(name, JobState.COMPLETED));
        Production p = pipeline.open(name);
        OutputValidator validator = new OutputValidator(p.config().outputs().validation());
            assertThat(validator.requiredDatasets()).as("the toy's production declares its datasets")
                    .containsExactly("x", "y", "z", "magnitude");
        for (Job j : p.store().jobs()) {
            Batch own = p.store().batch(j.batchId()).orElseThrow();
            assertThat(java.nio.file.Files.readAllLines(Path.of(own.manifestPath())).get(j.taskIndex()))
                    .as("manifest line of task %d of %s", j.taskIndex(), own.name()).startsWith(j.id() + "\t");
            assertThat(j.attempt()).as(() -> j.id() + " " + p.store().events(j.id())).isEqualTo(1);
            assertThat(j.exitCode()).isZero();
            assertThat(validator.validate(p.output(j.outputPath())).valid()).as(j.outputPath()).isTrue();
        }
        assertThat(p.store().batches()).hasSize(3).extracting(Batch::state).containsOnly(BatchState.FINISHED);
    }
}
