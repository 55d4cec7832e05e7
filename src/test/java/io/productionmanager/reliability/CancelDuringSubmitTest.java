package io.productionmanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.production.Executors;
import io.productionmanager.production.Workspace;
import io.productionmanager.cli.ProductionManagerCommand;
import io.productionmanager.config.ConfigFixtures;
import io.productionmanager.slurm.SlurmCommands;
import io.productionmanager.stage.StageService;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.JobState;
import io.productionmanager.submit.CancelService;
import io.productionmanager.submit.SubmitResult;
import io.productionmanager.submit.SubmitService;

/**
 * A cancel that arrives while a submit (the daemon's) has a batch SUBMITTING waits for the production lock:
 * it then sees the array sbatch returned and cancels it, instead of taking the batch for a crash leftover
 * (found nowhere, back to STAGED) while the array runs on untracked.
 */
class CancelDuringSubmitTest {

    @TempDir
    Path tmp;

    @Test
    void cancel_waits_for_a_submit_in_flight_and_then_cancels_the_array_it_submitted() throws Exception {
        Path config = ConfigFixtures.copyOfProjectConfig(tmp);
        ConfigFixtures.write(config.resolve("productions/lockc.yaml"), """
                production: {name: lockc, version: v1.0}
                outputs: {base_path: "%s"}
                execution: {executor: slurm, batch_size: 2}
                science: {redshifts: [0.5, 1.0], realizations: {count: 1}}
                """.formatted(tmp.resolve("out")));
        StringWriter setUp = new StringWriter();
        assertThat(ProductionManagerCommand.commandLine().setOut(new PrintWriter(setUp)).setErr(new PrintWriter(setUp))
                .execute("--config-dir", config.toString(), "init", "lockc", "--no-git")).as("init: %s", setUp).isZero();
        // sbatch hangs until the test lets it answer; squeue/sacct know nothing yet; scancel logs its ids
        Path gate = tmp.resolve("sbatch.go");
        Path sbatchStarted = tmp.resolve("sbatch.started");
        Path scancelled = tmp.resolve("scancel.ids");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Map<String, String> bodies = Map.of(
                "sbatch", "touch '" + sbatchStarted + "'\nwhile [ ! -e '" + gate + "' ]; do sleep 0.05; done\necho 4242",
                "empty", "exit 0",
                "scancel", "echo \"$@\" >> '" + scancelled + "'");
        for (Map.Entry<String, String> e : bodies.entrySet()) {
            Path f = Files.writeString(bin.resolve(e.getKey()), "#!/bin/bash\n" + e.getValue() + "\n");
            assertThat(f.toFile().setExecutable(true)).isTrue();
        }
        Path sbatch = bin.resolve("sbatch");
        Path empty = bin.resolve("empty");
        Path scancel = bin.resolve("scancel");
        Clock clock = Clock.systemUTC();
        try (Workspace ws = new Workspace(config, "local", clock);
             Executors executors = new Executors(tmp.resolve("state"), 1, clock,
                     new SlurmCommands(sbatch.toString(), empty.toString(), empty.toString(), scancel.toString(),
                             empty.toString()), Duration.ofSeconds(60))) {
            StageService stager = new StageService(ws, config.resolve("templates"), tmp.resolve("app.jar"));
            SubmitService submitter = new SubmitService(ws, executors, stager, clock, (b, id) -> { }, d -> { });
            CancelService canceller = new CancelService(ws, executors);

            CompletableFuture<SubmitResult> submit = CompletableFuture.supplyAsync(() -> submitter.submit("lockc"));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(sbatchStarted));
            assertThat(ws.open("lockc").store().batches(BatchState.SUBMITTING)).hasSize(1);

            CompletableFuture<CancelService.CancelResult> cancel =
                    CompletableFuture.supplyAsync(() -> canceller.cancel("lockc", List.of()));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                    .until(() -> !cancel.isDone());
            assertThat(ws.open("lockc").store().batches(BatchState.SUBMITTING))
                    .as("cancel left the batch in flight alone").hasSize(1);

            Files.createFile(gate);
            assertThat(submit.get(30, TimeUnit.SECONDS).submitted()).containsExactly("batch_0000 -> 4242");
            CancelService.CancelResult cancelled = cancel.get(30, TimeUnit.SECONDS);

            assertThat(cancelled.scancelIds()).as("the array submitted meanwhile is cancelled").containsExactly("4242");
            assertThat(Files.readString(scancelled).trim()).isEqualTo("4242");
            assertThat(cancelled.cancelledJobs()).hasSize(2);
            assertThat(ws.open("lockc").store().counts().get(JobState.CANCELLED)).isEqualTo(2);
        }
    }
}
