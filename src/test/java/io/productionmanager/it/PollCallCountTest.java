package io.productionmanager.it;

import io.productionmanager.testsupport.CliRun;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.production.Executors;
import io.productionmanager.production.Workspace;
import io.productionmanager.bench.QueuedProduction;
import io.productionmanager.config.ConfigFixtures;
import io.productionmanager.poll.PollService;
import io.productionmanager.slurm.SchedulerCallStats;
import io.productionmanager.slurm.SlurmCommands;
import io.productionmanager.store.JobState;

/**
 * A poll cycle makes one squeue and one sacct call for a production, whatever its size and however many of
 * its jobs change: 12,000 QUEUED jobs in 12 arrays against the canned answers of bench/fake-slurm, a cycle in
 * which nothing changes, then one in which every job starts running (more than one apply chunk). Counted by
 * the executor's statistics and by the fake commands' own log.
 */
class PollCallCountTest {

    @TempDir
    Path root;

    @Test
    void one_squeue_and_one_sacct_per_cycle_when_nothing_or_everything_changes() throws IOException {
        Path config = ConfigFixtures.copyOfProjectConfig(root);
        Files.writeString(config.resolve("defaults/fake.yaml"), Files.readString(config.resolve("defaults/local.yaml"))
                .replace("  executor: local", "  executor: slurm"));
        Files.writeString(config.resolve("productions/counted.yaml"), """
                production: {name: counted, version: v1.0}
                science:
                  redshifts: [0.5, 1.0, 1.5]
                  realizations: {count: 4000}
                execution:
                  batch_size: 1000
                  command: "true"
                  retry_policy: {lost_grace_minutes: 100000}
                resources:
                  max_array_size: 1000
                outputs:
                  base_path: "%s"
                """.formatted(root.resolve("out")));
        String[] global = {"--config-dir", config.toString(), "--machine", "fake", "--state-dir", root.resolve("state").toString()};
        assertThat(CliRun.run(concat(global, "init", "counted", "--no-git")).exitCode()).isZero();
        assertThat(CliRun.run(concat(global, "stage", "counted")).exitCode()).isZero();
        Path fake = root.resolve("fake");
        Files.createDirectories(fake);
        for (String c : List.of("sbatch", "squeue", "sacct", "scancel", "sinfo")) {
            Files.copy(ConfigFixtures.projectDir().resolve("bench/fake-slurm/" + c), fake.resolve(c), StandardCopyOption.COPY_ATTRIBUTES);
        }
        QueuedProduction.main(new String[] {config.toString(), "fake", "counted", "700000", fake.toString()});
        Files.writeString(fake.resolve("mode"), "pending\n");
        Files.writeString(fake.resolve("calls.log"), "");

        SlurmCommands commands = new SlurmCommands(fake.resolve("sbatch").toString(), fake.resolve("squeue").toString(),
                fake.resolve("sacct").toString(), fake.resolve("scancel").toString(), fake.resolve("sinfo").toString());
        Clock clock = Clock.systemUTC();
        try (Workspace ws = new Workspace(config, "fake", clock);
             Executors executors = new Executors(root.resolve("state/local"), 1, clock, commands, Duration.ofSeconds(60))) {
            PollService poll = new PollService(ws, executors, clock);
            SchedulerCallStats stats = executors.stats();

            PollService.PollResult steady = poll.pollOnce("counted");
            assertThat(steady.active()).isEqualTo(12_000);
            assertThat(steady.changed()).isZero();
            assertThat(stats.get("squeue").calls()).isEqualTo(1);
            assertThat(stats.get("sacct").calls()).isEqualTo(1);

            Files.writeString(fake.resolve("mode"), "running\n");
            PollService.PollResult all = poll.pollOnce("counted");
            assertThat(all.changed()).isEqualTo(12_000);
            assertThat(all.conflicts()).isZero();
            assertThat(stats.get("squeue").calls()).isEqualTo(2);
            assertThat(stats.get("sacct").calls()).isEqualTo(2);
            var counts = ws.open("counted").store().counts();
            assertThat(counts.get(JobState.RUNNING)).isEqualTo(12_000);
            assertThat(counts.get(JobState.QUEUED)).isZero();
            assertThat(ws.open("counted").store().events("r0000_z0.500"))
                    .anySatisfy(e -> assertThat(e.toState()).isEqualTo("RUNNING"));
        }
        List<String> logged = Files.readAllLines(fake.resolve("calls.log"));
        assertThat(logged).filteredOn(l -> l.startsWith("squeue ")).hasSize(2);
        assertThat(logged).filteredOn(l -> l.startsWith("sacct ")).hasSize(2);
        assertThat(logged).hasSize(4);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
