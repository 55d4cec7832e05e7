package io.productionmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import io.productionmanager.production.Production;
import io.productionmanager.mock.CatalogWriter;
import io.productionmanager.mock.MockCatalog;
import io.productionmanager.production.Efficiency;
import io.productionmanager.store.Attempt;
import io.productionmanager.store.JobState;
import io.productionmanager.testsupport.SlurmTestSupport;

/**
 * Resource usage of each run: a payload that holds about 200 MB shows a peak of that size against the 1 GB it
 * reserved, from the real SLURM's accounting (the poll's one sacct call) and from the local executor's samples
 * of the task's process tree, and the efficiency block says so.
 */
class EfficiencyPipelineTest extends PipelineTestCase {

    @Test
    void peak_memory_and_cpu_of_each_run_come_from_sacct() throws Exception {
        SlurmTestSupport.requireSlurm();
        Production p = runHoldingMemory("slurm");
        List<Attempt> runs = new java.util.ArrayList<>();
        p.store().forEachAttempt(runs::add);
        assertThat(runs).allSatisfy(a -> assertThat(a.use().timeLimitSeconds()).isEqualTo(15 * 60L));
    }

    @Test
    void peak_memory_and_cpu_of_each_run_come_from_the_local_executors_samples() throws Exception {
        runHoldingMemory("local");
    }

    private Production runHoldingMemory(String executor) throws Exception {
        Path payload = root.resolve("hold-memory.sh");
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/payloads/hold-memory.sh"))) {
            Files.copy(in, payload, StandardCopyOption.REPLACE_EXISTING);
        }
        Path catalog = root.resolve("valid.hdf5");
        CatalogWriter.write(MockCatalog.draw(0, 0.5, 1, 10), catalog);
        String name = "it_eff_" + Long.toHexString(System.nanoTime());
        Files.writeString(pipeline.configDir().resolve("productions").resolve(name + ".yaml"), """
                production:
                  name: "%s"
                  version: "v1.0"
                science:
                  redshifts: [0.5]
                  realizations: {start: 0, count: 2}
                execution:
                  executor: %s
                  batch_size: 2
                  timeout_hours: 0.25
                  command: "bash %s 200 {output} %s"
                  retry_policy: {max_retries: 0}
                resources:
                  partition: "debug"
                  memory_gb: 1.0
                outputs:
                  base_path: "%s"
                """.formatted(name, executor, payload, catalog, pipeline.baseDir()));
        pipeline.init(name);
        assertThat(pipeline.submit(name).hasErrors()).isFalse();
        pipeline.pollUntil(Duration.ofSeconds(120), () -> pipeline.all(name, JobState.COMPLETED));

        Production p = pipeline.open(name);
        List<Attempt> runs = new java.util.ArrayList<>();
        p.store().forEachAttempt(runs::add);
        assertThat(runs).hasSize(2).allSatisfy(a -> {
            assertThat(a.state()).isEqualTo(JobState.COMPLETED);
            assertThat(a.use().maxRssBytes()).as("peak of a 200 MB bash string").isBetween(150_000_000L, 900_000_000L);
            assertThat(a.use().reqMemBytes()).isEqualTo(1L << 30);
            assertThat(a.use().allocCpus()).isPositive();
            assertThat(a.use().elapsedSeconds()).isGreaterThanOrEqualTo(3L);
            assertThat(a.use().cpuSeconds()).isPositive();
        });
        Efficiency e = Efficiency.of(p.store(), p.config());
        assertThat(e.measured()).isEqualTo(2);
        assertThat(e.memory().median()).isBetween(0.14, 0.85);
        assertThat(e.suggestedMemoryGb()).isBetween(0.5, 1.0);
        assertThat(String.join("\n", e.lines())).contains("memory       median ").contains("suggestion   memory_gb: ");
        return p;
    }
}
