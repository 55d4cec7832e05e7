package io.productionmanager.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.productionmanager.production.Executors;
import io.productionmanager.production.Workspace;
import io.productionmanager.poll.PollService;
import io.productionmanager.slurm.SchedulerCallStats;
import io.productionmanager.slurm.SlurmCommands;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.Database;
import io.productionmanager.store.JobState;
import io.productionmanager.store.JobStore;

/**
 * Benchmark (not a test): times {@link PollService#pollOnce} over a production whose jobs are all
 * QUEUED, against the fake squeue/sacct of {@code bench/fake-slurm} (canned answers, so the time
 * measured is ours), and counts the scheduler calls each cycle makes. Steady cycles first (every
 * task pending: nothing changes; before the last of them, when there are at least three, another process cancels
 * one job, so that cycle shows what the poller pays to follow someone else's write), then one cycle in which every
 * task is reported running.
 *
 * <p>Usage: {@code PollCycleBench CONFIG_DIR MACHINE NAME FAKE_SLURM_DIR STEADY_CYCLES}; prints one
 * Markdown table row per cycle.
 */
public final class PollCycleBench {

    private PollCycleBench() {
    }

    /** CPU time of this whole process (every thread, the collector's too), or 0 when the JVM does not tell. */
    static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** Cancels the first QUEUED job through a connection of its own, as a user's {@code cancel} in another process. */
    private static void cancelOneJobFromAnotherProcess(Path db, Clock clock) {
        try (Database other = Database.open(db)) {
            JobStore store = new JobStore(other, clock);
            long batch = store.batches(BatchState.SUBMITTED).get(0).id();
            String id = store.activeJobsOfBatch(batch).get(0).id();
            store.cancel(List.of(id), "cancelled by the user");
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: PollCycleBench CONFIG_DIR MACHINE NAME FAKE_SLURM_DIR STEADY_CYCLES");
        }
        Path fake = Path.of(args[3]).toAbsolutePath();
        int steady = Integer.parseInt(args[4]);
        SlurmCommands commands = new SlurmCommands(fake.resolve("sbatch").toString(), fake.resolve("squeue").toString(),
                fake.resolve("sacct").toString(), fake.resolve("scancel").toString(), fake.resolve("sinfo").toString());
        Clock clock = Clock.systemUTC();
        try (Workspace ws = new Workspace(Path.of(args[0]), args[1], clock);
             Executors executors = new Executors(fake.resolve("local-state"), 1, clock, commands,
                     Duration.ofSeconds(60))) {
            PollService poll = new PollService(ws, executors, clock);
            SchedulerCallStats stats = executors.stats();
            System.out.println("| cycle | scheduler answer | active jobs | changed | time (ms) | CPU of the process (ms) | squeue calls | sacct calls | QUEUED after | RUNNING after |");
            System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            List<Long> steadyMs = new ArrayList<>();
            for (int i = 1; i <= steady + 1; i++) {
                String mode = i <= steady ? "pending" : "running";
                Files.writeString(fake.resolve("mode"), mode + "\n");
                boolean otherWrote = steady >= 3 && i == steady;
                if (otherWrote) {
                    cancelOneJobFromAnotherProcess(ws.open(args[2]).store().database().file(), clock);
                }
                long squeue0 = stats.get("squeue").calls();
                long sacct0 = stats.get("sacct").calls();
                long cpu0 = processCpuNanos();
                long t0 = System.nanoTime();
                PollService.PollResult r = poll.pollOnce(args[2]);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                long cpuMs = (processCpuNanos() - cpu0) / 1_000_000;
                if (r.unreachable() != null) {
                    throw new IllegalStateException("fake scheduler unreachable: " + r.unreachable());
                }
                if (i > 1 && i <= steady && !otherWrote) {
                    steadyMs.add(ms); // the first cycle also pays class loading and JIT warm-up
                }
                var counts = ws.open(args[2]).store().counts();
                System.out.printf("| %d | all %s%s | %,d | %,d | %d | %d | %d | %d | %,d | %,d |%n", i, mode, otherWrote ? " (one job cancelled by another connection before)" : "", r.active(),
                        r.changed(), ms, cpuMs, stats.get("squeue").calls() - squeue0, stats.get("sacct").calls() - sacct0,
                        counts.get(JobState.QUEUED), counts.get(JobState.RUNNING));
            }
            Collections.sort(steadyMs);
            if (!steadyMs.isEmpty()) {
                System.out.printf("%nmedian steady cycle (cycles 2..%d%s): %d ms%n", steady,
                        steady >= 3 ? ", without the one after another connection's write" : "", steadyMs.get(steadyMs.size() / 2));
            }
        }
    }
}
