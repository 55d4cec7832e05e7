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
import io.productionmanager.store.Database;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.store.JobStore;

/**
 * A poll cycle makes one squeue and one sacct call for a production, whatever its size and however many of
 * its jobs change: 12,000 QUEUED jobs in 12 arrays against the canned answers of bench/fake-slurm, a cycle in
 * which nothing changes, then one in which every job starts running (more than one apply chunk), then a steady
 * one again. Counted by the executor's statistics and by the fake commands' own log. And the poller's view of the
 * active jobs follows what another connection writes.
 */
class PollCallCountTest {

    @TempDir
    Path root;

    /** A production of {@code realizations} x 3 QUEUED jobs in arrays of 1,000 under the fake scheduler; returns its config dir. */
    private Path queuedProduction(String name, int realizations, Path fake) throws IOException {
        Path config = ConfigFixtures.copyOfProjectConfig(root);
        Files.writeString(config.resolve("defaults/fake.yaml"), Files.readString(config.resolve("defaults/local.yaml"))
                .replace("  executor: local", "  executor: slurm"));
        Files.writeString(config.resolve("productions/" + name + ".yaml"), """
                production: {name: %s, version: v1.0}
                science:
                  redshifts: [0.5, 1.0, 1.5]
                  realizations: {count: %d}
                execution:
                  batch_size: 1000
                  command: "true"
                  retry_policy: {lost_grace_minutes: 100000}
                resources:
                  max_array_size: 1000
                outputs:
                  base_path: "%s"
                """.formatted(name, realizations, root.resolve("out")));
        String[] global = {"--config-dir", config.toString(), "--machine", "fake", "--state-dir", root.resolve("state").toString()};
        assertThat(CliRun.run(concat(global, "init", name, "--no-git")).exitCode()).isZero();
        assertThat(CliRun.run(concat(global, "stage", name)).exitCode()).isZero();
        Files.createDirectories(fake);
        for (String c : List.of("sbatch", "squeue", "sacct", "scancel", "sinfo")) {
            Files.copy(ConfigFixtures.projectDir().resolve("bench/fake-slurm/" + c), fake.resolve(c), StandardCopyOption.COPY_ATTRIBUTES);
        }
        QueuedProduction.main(new String[] {config.toString(), "fake", name, "700000", fake.toString()});
        Files.writeString(fake.resolve("mode"), "pending\n");
        Files.writeString(fake.resolve("calls.log"), "");
        return config;
    }

    private static SlurmCommands commands(Path fake) {
        return new SlurmCommands(fake.resolve("sbatch").toString(), fake.resolve("squeue").toString(),
                fake.resolve("sacct").toString(), fake.resolve("scancel").toString(), fake.resolve("sinfo").toString());
    }

    @Test
    void one_squeue_and_one_sacct_per_cycle_when_nothing_or_everything_changes() throws IOException {
        Path fake = root.resolve("fake");
        Path config = queuedProduction("counted", 4000, fake);

        SlurmCommands commands = commands(fake);
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

            // every job already RUNNING as the queue says: a steady cycle again, still one call of each
            PollService.PollResult after = poll.pollOnce("counted");
            assertThat(after.active()).isEqualTo(12_000);
            assertThat(after.changed()).isZero();
            assertThat(stats.get("squeue").calls()).isEqualTo(3);
            assertThat(stats.get("sacct").calls()).isEqualTo(3);
        }
        List<String> logged = Files.readAllLines(fake.resolve("calls.log"));
        assertThat(logged).filteredOn(l -> l.startsWith("squeue ")).hasSize(3);
        assertThat(logged).filteredOn(l -> l.startsWith("sacct ")).hasSize(3);
        assertThat(logged).hasSize(6);
    }

    /**
     * The poller keeps a view of the active jobs between cycles; when another connection (a command of another
     * process, here a second database connection of its own) changes the store, the next cycle sees it: a job put
     * back to QUEUED is moved to RUNNING again by the queue's answer, a cancelled job is no longer tracked. Its own
     * writes do not make it read the store again, and every cycle is still one squeue and one sacct.
     */
    @Test
    void the_view_of_active_jobs_follows_changes_another_connection_makes() throws IOException {
        Path fake = root.resolve("fake");
        Path config = queuedProduction("viewed", 400, fake);
        Clock clock = Clock.systemUTC();
        try (Workspace ws = new Workspace(config, "fake", clock);
             Executors executors = new Executors(root.resolve("state/local"), 1, clock, commands(fake), Duration.ofSeconds(60))) {
            PollService poll = new PollService(ws, executors, clock);
            SchedulerCallStats stats = executors.stats();
            assertThat(poll.pollOnce("viewed").changed()).isZero();
            Files.writeString(fake.resolve("mode"), "running\n");
            assertThat(poll.pollOnce("viewed").changed()).isEqualTo(1_200);
            assertThat(poll.pollOnce("viewed").changed()).as("its own writes are in the view").isZero();

            Path dbFile = ws.open("viewed").store().database().file();
            try (Database other = Database.open(dbFile)) {
                JobStore store = new JobStore(other, clock);
                Job requeued = store.find("r0000_z1.000").orElseThrow();
                assertThat(requeued.state()).isEqualTo(JobState.RUNNING);
                store.changeState(requeued.id(), requeued.version(), JobState.QUEUED, "requeued by the scheduler");
                store.cancel(List.of("r0001_z0.500"), "cancelled by the user");
            }

            PollService.PollResult seen = poll.pollOnce("viewed");
            assertThat(seen.active()).as("the cancelled job is no longer tracked").isEqualTo(1_199);
            assertThat(seen.changed()).as("the requeued job runs again").isEqualTo(1);
            assertThat(seen.conflicts()).isZero();
            var store = ws.open("viewed").store();
            assertThat(store.find("r0000_z1.000").orElseThrow().state()).isEqualTo(JobState.RUNNING);
            assertThat(store.find("r0001_z0.500").orElseThrow().state()).isEqualTo(JobState.CANCELLED);
            assertThat(store.counts().get(JobState.RUNNING)).isEqualTo(1_199);
            assertThat(poll.pollOnce("viewed").changed()).isZero();
            assertThat(stats.get("squeue").calls()).isEqualTo(5);
            assertThat(stats.get("sacct").calls()).isEqualTo(5);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
