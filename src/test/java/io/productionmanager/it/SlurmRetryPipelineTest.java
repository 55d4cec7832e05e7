package io.productionmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.productionmanager.production.Production;
import io.productionmanager.store.Event;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.testsupport.SlurmTestSupport;

/** Tracking and recovery on the real SLURM: failures seen by the poller, retried after a (tiny) backoff. */
class SlurmRetryPipelineTest extends PipelineTestCase {

    @Override
    void beforePipeline() throws Exception {
        SlurmTestSupport.requireSlurm();
    }

    @Test
    void firstAttemptFailuresOfEveryThirdRealizationAreRetriedToCompletion() {
        ProductionYaml prod = ProductionYaml.named("it_flaky").redshifts(0.5, 1.0).realizations(6).batchSize(12)
                .generatorArgs("--fail-on-attempts 1 --fail-realizations-mod 3");
        String name = start(prod);

        pipeline.pollUntil(Duration.ofSeconds(120), () -> pipeline.all(name, JobState.COMPLETED));

        Production p = pipeline.open(name);
        for (Job j : p.store().jobs()) {
            boolean flaky = j.realization() % 3 == 0;
            assertThat(j.attempt()).as(j.id()).isEqualTo(flaky ? 2 : 1);
            List<String> path = transitions(p, j);
            if (flaky) {
                assertThat(path).as(j.id()).containsSubsequence("QUEUED", "FAILED", "PENDING", "QUEUED", "COMPLETED");
                assertThat(failure(p, j).reason()).startsWith("exit 1").contains("retry 1 of 2");
            } else {
                assertThat(path).as(j.id()).doesNotContain("FAILED");
            }
        }
        // the four retries go out in one retry batch, or in more when their failures are seen in different cycles
        List<io.productionmanager.store.Batch> batches = p.store().batches();
        assertThat(batches).allSatisfy(b -> assertThat(b.arrayId()).isNotNull());
        assertThat(batches.get(0).retry()).isFalse();
        assertThat(batches.get(0).taskCount()).isEqualTo(12);
        assertThat(batches.subList(1, batches.size())).isNotEmpty().allSatisfy(b -> assertThat(b.retry()).isTrue());
        assertThat(batches.subList(1, batches.size()).stream().mapToInt(io.productionmanager.store.Batch::taskCount).sum())
                .as("one retry per flaky job").isEqualTo(4);
    }

    @Test
    void aJobThatAlwaysExitsThreeFailsForGoodAfterMaxRetries() {
        ProductionYaml prod = ProductionYaml.named("it_exit3").redshifts(0.5).realizations(1)
                .generatorArgs("--exit-code 3").maxRetries(2).noRetryExitCodes(2);
        String name = start(prod);

        pipeline.pollUntil(Duration.ofSeconds(120), () -> {
            Job j = pipeline.jobs(name).get(0);
            return j.state() == JobState.FAILED && j.nextAttemptAt() == null;
        });

        Production p = pipeline.open(name);
        Job j = p.store().jobs().get(0);
        assertThat(j.attempt()).isEqualTo(3);
        assertThat(j.failureReason()).isEqualTo("exit 3");
        assertThat(j.exitCode()).isEqualTo(3);
        assertThat(transitions(p, j).stream().filter("FAILED"::equals)).hasSize(3);
        List<Event> failures = p.store().events(j.id()).stream().filter(e -> "FAILED".equals(e.toState())).toList();
        assertThat(failures.get(0).reason()).isEqualTo("exit 3; retry 1 of 2 after 0.6 s");
        assertThat(failures.get(2).reason()).startsWith("exit 3; retries exhausted");
        assertThat(p.store().batches()).hasSize(3);
    }

    @Test
    void exitZeroWithoutOutputIsInvalidOutputAndRetried() {
        ProductionYaml prod = ProductionYaml.named("it_noout").redshifts(0.5).realizations(1)
                .generatorArgs("--no-output").maxRetries(1);
        String name = start(prod);

        pipeline.pollUntil(Duration.ofSeconds(120), () -> {
            Job j = pipeline.jobs(name).get(0);
            return j.state() == JobState.FAILED && j.nextAttemptAt() == null;
        });

        Production p = pipeline.open(name);
        Job j = p.store().jobs().get(0);
        assertThat(j.attempt()).isEqualTo(2);
        assertThat(j.exitCode()).isZero();
        assertThat(j.failureReason()).startsWith("INVALID_OUTPUT");
        List<Event> failures = p.store().events(j.id()).stream().filter(e -> "FAILED".equals(e.toState())).toList();
        assertThat(failures).hasSize(2);
        assertThat(failures.get(0).reason()).startsWith("INVALID_OUTPUT").contains("retry 1 of 1");
    }

    private String start(ProductionYaml prod) {
        pipeline.write(prod);
        pipeline.init(prod.name());
        assertThat(pipeline.submit(prod.name()).hasErrors()).isFalse();
        return prod.name();
    }

    static List<String> transitions(Production p, Job j) {
        return p.store().events(j.id()).stream().map(Event::toState).filter(s -> s != null).toList();
    }

    /** The first FAILED event of a job. */
    static Event failure(Production p, Job j) {
        return p.store().events(j.id()).stream().filter(e -> "FAILED".equals(e.toState())).findFirst().orElseThrow();
    }
}
