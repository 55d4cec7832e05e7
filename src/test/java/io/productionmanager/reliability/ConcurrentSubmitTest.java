package io.productionmanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.productionmanager.testsupport.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.production.Executors;
import io.productionmanager.production.Workspace;
import io.productionmanager.config.ConfigFixtures;
import io.productionmanager.slurm.SlurmCommands;
import io.productionmanager.stage.StageService;
import io.productionmanager.store.BatchState;
import io.productionmanager.submit.SubmitService;

/**
 * Found by the daemon-kill run: the watcher's submit of a new production and the poll cycle's submit
 * ran at the same time, and one took the other's in-flight SUBMITTING batch for a crash leftover.
 * Submits (and stages) of one production now run one at a time: every batch goes to sbatch once.
 */
class ConcurrentSubmitTest {

    @TempDir
    Path tmp;

    @Test
    void concurrent_submits_and_stages_of_one_production_send_every_batch_to_sbatch_once() throws Exception {
        Path config = ConfigFixtures.copyOfProjectConfig(tmp);
        ConfigFixtures.write(config.resolve("productions/race.yaml"), """
                production: {name: race, version: v1.0}
                science:
                  redshifts: [0.5, 1.0]
                  realizations: {count: 4}
                execution:
                  executor: slurm
                  batch_size: 1
                  submit_rate_per_second: 1000
                outputs:
                  base_path: "%s"
                """.formatted(tmp.resolve("out")));
        assertThat(cli(config, "init", "race", "--no-git")).isZero();
        // sbatch takes a moment (as a real one does) and logs the job name of every call
        Path calls = tmp.resolve("sbatch.calls");
        Path sbatch = script("sbatch", "sleep 0.2\ngrep -m1 -- '--job-name' \"$2\" >> '" + calls + "'\necho $$\n");
        Path empty = script("empty", "exit 0\n");
        Clock clock = Clock.systemUTC();
        try (Workspace ws = new Workspace(config, "local", clock);
             Executors executors = new Executors(tmp.resolve("state"), 1, clock,
                     new SlurmCommands(sbatch.toString(), empty.toString(), empty.toString(), empty.toString(),
                             empty.toString()), Duration.ofSeconds(20))) {
            StageService stager = new StageService(ws, config.resolve("templates"), tmp.resolve("app.jar"));
            SubmitService submitter = new SubmitService(ws, executors, stager, clock, (b, id) -> { }, d -> { });

            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                boolean stageOnly = i == 3;
                results.add(pool.submit(() -> {
                    start.await();
                    return stageOnly ? stager.stage("race") : submitter.submit("race");
                }));
            }
            start.countDown();
            for (Future<Object> f : results) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();

            List<String> names = Files.readAllLines(calls);
            Map<String, Long> perName = names.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(perName).as("sbatch calls per job name").hasSize(8).allSatisfy((name, n) -> assertThat(n).isEqualTo(1L));
            var store = ws.open("race").store();
            assertThat(store.batches(BatchState.SUBMITTED)).hasSize(8);
            assertThat(store.batches(BatchState.STAGED, BatchState.SUBMITTING, BatchState.REJECTED)).isEmpty();
        }
    }

    private Path script(String name, String body) throws IOException {
        Path p = tmp.resolve("bin").resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/bash\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private static int cli(Path config, String... args) {
        return CliRun.withConfig(config, args).requireSuccess().exitCode();
    }
}
