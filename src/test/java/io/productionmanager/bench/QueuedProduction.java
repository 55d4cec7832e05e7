package io.productionmanager.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.store.Batch;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.JobStore;

/**
 * Benchmark setup (not a test): marks every STAGED batch of an initialized, staged production as
 * submitted under made-up array ids, so all its jobs are QUEUED, and writes the canned answers a
 * scheduler would give for them (squeue with every task pending or running, sacct with one
 * collapsed pending row per array) for the fake squeue/sacct of {@code bench/fake-slurm}.
 *
 * <p>Usage: {@code QueuedProduction CONFIG_DIR MACHINE NAME FIRST_ARRAY_ID OUT_DIR}
 */
public final class QueuedProduction {

    private QueuedProduction() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: QueuedProduction CONFIG_DIR MACHINE NAME FIRST_ARRAY_ID OUT_DIR");
        }
        Path configDir = Path.of(args[0]);
        String name = args[2];
        long arrayId = Long.parseLong(args[3]);
        Path out = Path.of(args[4]);
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        int tasks = 0;
        try (Workspace ws = new Workspace(configDir, args[1], Clock.systemUTC());
             Writer pending = Files.newBufferedWriter(out.resolve("squeue-pending.txt"), StandardCharsets.UTF_8);
             Writer running = Files.newBufferedWriter(out.resolve("squeue-running.txt"), StandardCharsets.UTF_8);
             Writer acct = Files.newBufferedWriter(out.resolve("sacct-pending.txt"), StandardCharsets.UTF_8)) {
            Production p = ws.open(name);
            JobStore store = p.store();
            List<Batch> staged = store.batches(BatchState.STAGED);
            for (Batch b : staged) {
                String id = Long.toString(arrayId++);
                store.markSubmitting(b.id(), "bench-" + id);
                store.markSubmitted(b.id(), id);
                String jobName = "pm_" + name + "_b" + b.name().substring(b.name().lastIndexOf('_') + 1);
                for (int task = 0; task < b.taskCount(); task++) {
                    pending.write(id + "_" + task + "|" + jobName + "|PENDING|Resources\n");
                    running.write(id + "_" + task + "|" + jobName + "|RUNNING|None\n");
                }
                acct.write(id + "_[0-" + (b.taskCount() - 1) + "]|" + jobName + "|PENDING|0:0|Unknown|Unknown|Resources\n");
                tasks += b.taskCount();
            }
            System.out.printf("%s: %d batches submitted as arrays %s.., %d tasks QUEUED, in %d ms%n", name,
                    staged.size(), args[3], tasks, (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
