package io.productionmanager.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.stage.BatchResources;
import io.productionmanager.stage.RenderedBatch;
import io.productionmanager.stage.ScriptRenderer;
import io.productionmanager.stage.TaskSpec;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.store.NewBatch;

/**
 * Profiling aid (not a test): the phases of staging an initialized production, timed one by one in
 * one process (open, read pending jobs, render scripts, record batches, count), to show where the
 * time of {@code stage} goes apart from the JVM and Camel start.
 *
 * <p>Usage: {@code StagePhases CONFIG_DIR MACHINE NAME BATCH_SIZE}
 */
public final class StagePhases {

    private StagePhases() {
    }

    public static void main(String[] args) {
        long t = System.nanoTime();
        long read = 0;
        long render = 0;
        long record = 0;
        try (Workspace ws = new Workspace(Path.of(args[0]), args[1], Clock.systemUTC())) {
            Production p = ws.open(args[2]);
            long open = System.nanoTime() - t;
            int size = Integer.parseInt(args[3]);
            ScriptRenderer renderer = new ScriptRenderer(Path.of(args[0]).resolve("templates"));
            BatchResources res = BatchResources.of(p.config());
            int batches = 0;
            while (true) {
                long t0 = System.nanoTime();
                List<Job> pending = p.store().pendingUnbatched(size * 20);
                read += System.nanoTime() - t0;
                if (pending.isEmpty()) {
                    break;
                }
                for (int from = 0; from < pending.size(); from += size) {
                    List<Job> chunk = pending.subList(from, Math.min(pending.size(), from + size));
                    long t1 = System.nanoTime();
                    int number = p.store().nextBatchNumber();
                    List<TaskSpec> tasks = new ArrayList<>();
                    List<String> ids = new ArrayList<>();
                    for (Job j : chunk) {
                        tasks.add(new TaskSpec(j.id(), j.realization(), j.redshift(), p.output(j.outputPath()), j.attempt()));
                        ids.add(j.id());
                    }
                    RenderedBatch b = renderer.render(p.config(), p.dir(), number, tasks, res, Path.of("production-manager.jar"));
                    long t2 = System.nanoTime();
                    p.store().createBatch(new NewBatch(number, b.script().toString(), b.manifest().toString(),
                            b.arraySpec(), false, res.timeoutHours(), res.memoryGb()), ids);
                    record += System.nanoTime() - t2;
                    render += t2 - t1;
                    batches++;
                }
            }
            long t3 = System.nanoTime();
            long pendingLeft = p.store().counts().get(JobState.PENDING);
            long count = System.nanoTime() - t3;
            System.out.printf("open %d ms, read pending %d ms, render %d ms, record batches %d ms, counts %d ms;"
                    + " %d batches, total %d ms (%d pending)%n", open / 1_000_000, read / 1_000_000, render / 1_000_000,
                    record / 1_000_000, count / 1_000_000, batches, (System.nanoTime() - t) / 1_000_000, pendingLeft);
        }
    }
}
