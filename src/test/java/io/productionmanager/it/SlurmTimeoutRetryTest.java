package io.productionmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.productionmanager.production.Production;
import io.productionmanager.store.Batch;
import io.productionmanager.store.Event;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.submit.CancelService;
import io.productionmanager.testsupport.SlurmTestSupport;

/**
 * A job over its time limit on the real SLURM: killed by SLURM (about 60–90 s in), seen as TIMEOUT, and
 * retried with the limit grown by {@code timeout_factor}. Slow by nature (the kill), so one job only.
 */
class SlurmTimeoutRetryTest extends PipelineTestCase {

    @Override
    void beforePipeline() throws Exception {
        SlurmTestSupport.requireSlurm();
    }

    @Test
    void timedOutJobIsRetriedWithALongerTimeLimit() throws Exception {
        ProductionYaml prod = ProductionYaml.named("it_timeout").redshifts(0.5).realizations(1)
                .timeoutHours(1.0 / 60).timeoutFactor(1.5).maxRetries(1).generatorArgs("--sleep-seconds 300");
        pipeline.write(prod);
        String name = prod.name();
        pipeline.init(name);
        assertThat(pipeline.submit(name).hasErrors()).isFalse();
        Production p = pipeline.open(name);
        Batch first = p.store().batches().get(0);
        assertThat(Files.readAllLines(Path.of(first.scriptPath()))).contains("#SBATCH --time=00:01:00");

        // SLURM checks limits about every 30 s: the kill comes 60-90 s after the start
        pipeline.pollUntil(Duration.ofSeconds(240), () -> {
            Job j = pipeline.jobs(name).get(0);
            return j.attempt() == 2 && (j.state() == JobState.QUEUED || j.state() == JobState.RUNNING);
        });

        Job j = p.store().jobs().get(0);
        List<Event> failures = p.store().events(j.id()).stream().filter(e -> "FAILED".equals(e.toState())).toList();
        assertThat(failures).singleElement().satisfies(e ->
                assertThat(e.reason()).startsWith("TIMEOUT").contains("retry 1 of 1").contains("0.02 h -> 0.03 h"));
        assertThat(j.timeoutHours()).isEqualTo(0.025, org.assertj.core.data.Offset.offset(1e-9));
        List<Batch> batches = p.store().batches();
        assertThat(batches).hasSize(2);
        assertThat(batches.get(1).retry()).isTrue();
        assertThat(Files.readAllLines(Path.of(batches.get(1).scriptPath()))).contains("#SBATCH --time=00:01:30");
        assertThat(SlurmQueries.states(first.submittedAt().minusSeconds(60), first.arrayId()))
                .containsEntry(first.arrayId() + "_0", "TIMEOUT");

        // the second run would time out too (a minute and a half): not waited for
        pipeline.app().bean("cancelService", CancelService.class).cancel(name, List.of());
        assertThat(pipeline.jobs(name)).extracting(Job::state).containsOnly(JobState.CANCELLED);
    }
}
