package io.productionmanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.productionmanager.testsupport.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.production.Executors;
import io.productionmanager.production.Workspace;
import io.productionmanager.config.ConfigFixtures;
import io.productionmanager.slurm.SlurmCommands;
import io.productionmanager.stage.StageService;
import io.productionmanager.store.Batch;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.JobStore;
import io.productionmanager.submit.SubmitService;
import io.productionmanager.testsupport.MutableClock;

/**
 * Found by the daemon-kill runs: a batch left SUBMITTING is looked up by job name, and job names repeat
 * for a production of the same name initialized again. The lookup starts just before the SUBMITTING
 * mark (not ten minutes before the batch was staged), adopts the newest array of that name, and never
 * cancels the others, which belong to someone else.
 */
class SubmitRecoveryByJobNameTest {

    private static final Instant STAGED_AT = Instant.parse("2026-11-24T15:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void a_submitting_batch_is_looked_up_from_its_mark_and_adopts_the_newest_array_without_cancelling() throws Exception {
        Path config = ConfigFixtures.copyOfProjectConfig(tmp);
        ConfigFixtures.write(config.resolve("productions/again.yaml"), """
                production: {name: again, version: v1.0}
                science:
                  redshifts: [0.5]
                  realizations: {count: 2}
                execution:
                  executor: slurm
                  batch_size: 2
                outputs:
                  base_path: "%s"
                """.formatted(tmp.resolve("out")));
        cli(config, "init", "again", "--no-git");
        Path log = tmp.resolve("calls");
        // sacct knows an old array of that name (301, another production "again") and the one this batch got (862)
        Path sacct = script("sacct", "echo \"sacct $*\" >> '" + log + "'\nprintf '301_0\\n301_1\\n862_0\\n862_1\\n'\n");
        Path scancel = script("scancel", "echo \"scancel $*\" >> '" + log + "'\n");
        Path squeue = script("squeue", "exit 0\n");
        Path sbatch = script("sbatch", "echo \"sbatch $*\" >> '" + log + "'\necho 999\n");
        MutableClock clock = new MutableClock(STAGED_AT);
        try (Workspace ws = new Workspace(config, "local", clock);
             Executors executors = new Executors(tmp.resolve("state"), 1, clock,
                     new SlurmCommands(sbatch.toString(), squeue.toString(), sacct.toString(), scancel.toString(),
                             squeue.toString()), Duration.ofSeconds(20))) {
            StageService stager = new StageService(ws, config.resolve("templates"), tmp.resolve("app.jar"));
            stager.stage("again");
            JobStore store = ws.open("again").store();
            Batch batch = store.batches(BatchState.STAGED).get(0);
            // an hour later the daemon marked it SUBMITTING, ran sbatch and died before recording the array
            clock.advance(Duration.ofHours(1));
            store.markSubmitting(batch.id(), "token-1");
            clock.advance(Duration.ofMinutes(2));

            new SubmitService(ws, executors, stager, clock, (b, id) -> { }, d -> { }).submit("again");

            assertThat(store.batch(batch.id()).orElseThrow().state()).isEqualTo(BatchState.SUBMITTED);
            assertThat(store.batch(batch.id()).orElseThrow().arrayId()).isEqualTo("862");
            List<String> calls = Files.readAllLines(log);
            assertThat(calls).as("one minute before the SUBMITTING mark, not before staging")
                    .anyMatch(c -> c.startsWith("sacct ") && c.contains("--starttime 2026-11-24T15:59:00"));
            assertThat(calls).as("nothing cancelled, nothing submitted again")
                    .noneMatch(c -> c.startsWith("scancel")).noneMatch(c -> c.startsWith("sbatch"));
        }
    }

    private Path script(String name, String body) throws IOException {
        Path p = tmp.resolve("bin").resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/bash\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private static void cli(Path config, String... args) {
        CliRun.withConfig(config, args).requireSuccess();
    }
}
