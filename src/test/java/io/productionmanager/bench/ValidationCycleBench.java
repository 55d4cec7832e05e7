package io.productionmanager.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.productionmanager.production.Executors;
import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.mock.CatalogWriter;
import io.productionmanager.mock.MockCatalog;
import io.productionmanager.poll.PollService;
import io.productionmanager.slurm.SlurmCommands;
import io.productionmanager.store.Batch;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;

/**
 * Benchmark (not a test): the wall time of the poll cycle in which every job of a production is seen
 * finished, so every output is validated. Starts from a production whose jobs are all QUEUED under
 * made-up array ids ({@link QueuedProduction}); writes a toy catalog (the generator's datasets, ROWS rows)
 * at every job's output path; runs one steady cycle (the fake sacct answers PENDING) as warm-up; then makes
 * the fake squeue answer nothing and the fake sacct answer COMPLETED 0:0 for every task, and times one
 * {@link PollService#pollOnce}.
 *
 * <p>Usage: {@code ValidationCycleBench CONFIG_DIR MACHINE NAME FAKE_SLURM_DIR ROWS}; prints one Markdown table row without its first cell.
 */
public final class ValidationCycleBench {

    private ValidationCycleBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: ValidationCycleBench CONFIG_DIR MACHINE NAME FAKE_SLURM_DIR ROWS");
        }
        Path fake = Path.of(args[3]).toAbsolutePath();
        String name = args[2];
        SlurmCommands commands = new SlurmCommands(fake.resolve("sbatch").toString(), fake.resolve("squeue").toString(),
                fake.resolve("sacct").toString(), fake.resolve("scancel").toString(), fake.resolve("sinfo").toString());
        Clock clock = Clock.systemUTC();
        try (Workspace ws = new Workspace(Path.of(args[0]), args[1], clock);
             Executors executors = new Executors(fake.resolve("local-state"), 1, clock, commands, Duration.ofSeconds(120))) {
            Production p = ws.open(name);
            long t0 = System.nanoTime();
            Path template = fake.resolve("catalog.hdf5");
            CatalogWriter.write(MockCatalog.draw(1, 0.5, 0, Integer.parseInt(args[4])), template);
            List<Job> jobs = p.store().jobs(JobState.QUEUED);
            Set<Path> dirs = new HashSet<>();
            for (Job j : jobs) {
                Path out = p.output(j.outputPath());
                if (dirs.add(out.getParent())) {
                    Files.createDirectories(out.getParent());
                }
                Files.copy(template, out, StandardCopyOption.REPLACE_EXISTING);
            }
            long writeMs = (System.nanoTime() - t0) / 1_000_000;

            PollService poll = new PollService(ws, executors, clock);
            Files.writeString(fake.resolve("mode"), "pending\n");
            PollService.PollResult warm = poll.pollOnce(name);

            // every task finished: gone from the queue, COMPLETED 0:0 in accounting
            Files.writeString(fake.resolve("mode"), "done\n");
            Files.writeString(fake.resolve("squeue-done.txt"), "");
            try (Writer acct = Files.newBufferedWriter(fake.resolve("sacct-pending.txt"), StandardCharsets.UTF_8)) {
                for (Batch b : p.store().batches(BatchState.SUBMITTED)) {
                    String jobName = "pm_" + name + "_b" + b.name().substring(b.name().lastIndexOf('_') + 1);
                    for (int task = 0; task < b.taskCount(); task++) {
                        acct.write(b.arrayId() + "_" + task + "|" + jobName
                                + "|COMPLETED|0:0|2026-11-30T05:00:00|2026-11-30T05:01:00|None\n");
                    }
                }
            }
            long t1 = System.nanoTime();
            PollService.PollResult r = poll.pollOnce(name);
            long cycleMs = (System.nanoTime() - t1) / 1_000_000;
            if (r.unreachable() != null || warm.unreachable() != null) {
                throw new IllegalStateException("fake scheduler unreachable: " + r.unreachable() + " " + warm.unreachable());
            }
            var counts = ws.open(name).store().counts();
            System.out.printf("%,d | %,d | %d | %,d | %,d | %,d | %d |%n", jobs.size(), Files.size(template), writeMs,
                    r.changed(), counts.get(JobState.COMPLETED), counts.get(JobState.FAILED), cycleMs);
        }
    }
}
