package io.productionmanager.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Measures the store at production scale (not a test: run by hand, see docs/job-store.md). Each figure is
 * the first call in a fresh JVM, as the command line would see it, so it includes JIT warm-up.
 * Arguments: job count (default 40000), redshifts per realization (default 20), working directory.
 */
public final class StoreScaleProbe {

    private StoreScaleProbe() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        int redshifts = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("store-probe");
        Path file = dir.resolve("production.db");
        Files.deleteIfExists(file);
        Clock clock = Clock.systemUTC();

        long t0 = System.nanoTime();
        Database db = Database.open(file);
        JobStore store = new JobStore(db, clock);
        report("open + migrate", t0, 1);

        int realizations = jobs / redshifts;
        t0 = System.nanoTime();
        int created = store.createJobs(jobStream(realizations, redshifts));
        report("createJobs " + created, t0, 1);

        t0 = System.nanoTime();
        Map<JobState, Long> counts = null;
        for (int i = 0; i < 20; i++) {
            counts = store.counts();
        }
        report("counts() " + counts, t0, 20);

        t0 = System.nanoTime();
        int progress = store.progressByRealization().size();
        report("progressByRealization (" + progress + " realizations)", t0, 1);

        t0 = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            store.putMeta("probe", Integer.toString(i));
        }
        report("small write transaction (putMeta)", t0, 200);

        // staging and submitting in arrays of 1000, as the stage and submit routes do
        t0 = System.nanoTime();
        int batches = 0;
        for (List<Job> pending = store.pendingUnbatched(1000); !pending.isEmpty() && batches < 40;
             pending = store.pendingUnbatched(1000)) {
            int n = store.nextBatchNumber();
            Batch b = store.createBatch(new NewBatch(n, "logs/" + Batch.nameOf(n) + ".sh", null,
                    "0-" + (pending.size() - 1), false, null, null), pending.stream().map(Job::id).toList());
            store.markSubmitting(b.id(), "t" + n);
            store.markSubmitted(b.id(), Integer.toString(1000 + n));
            batches++;
        }
        report("stage + submit " + batches + " batches of 1000", t0, batches);

        t0 = System.nanoTime();
        List<Job> active = store.activeJobs();
        report("activeJobs (" + active.size() + ")", t0, 1);
        List<JobUpdate> updates = active.stream().map(j -> JobUpdate.of(j, JobState.RUNNING).withSlurmState("RUNNING")).toList();
        t0 = System.nanoTime();
        ApplyResult result = store.apply(updates);
        report("apply " + result.applied().size() + " updates (QUEUED->RUNNING, one poll cycle)", t0, 1);

        System.out.printf("database file: %d MB (plus WAL %d MB)%n", Files.size(file) >> 20,
                Files.exists(Path.of(file + "-wal")) ? Files.size(Path.of(file + "-wal")) >> 20 : 0);

        // what one 'created' event per job would have cost: the same number of event rows in one transaction
        t0 = System.nanoTime();
        db.write(c -> {
            insertEvents(c, created);
            return null;
        });
        report("(comparison) " + created + " per-job created events", t0, 1);
    }

    private static Stream<NewJob> jobStream(int realizations, int redshifts) {
        return IntStream.range(0, realizations).boxed().flatMap(r -> IntStream.range(0, redshifts)
                .mapToObj(z -> {
                    String id = NewJob.idFor(r, 0.1 * (z + 1));
                    return new NewJob(id, r, 0.1 * (z + 1), "catalogs/" + id + ".hdf5");
                }));
    }

    private static void insertEvents(Connection c, int n) throws java.sql.SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO events (job_id, batch_id, at, kind, from_state, to_state, reason) VALUES (?, NULL, ?, 'JOBS_CREATED', NULL, 'PENDING', NULL)")) {
            for (int i = 0; i < n; i++) {
                p.setString(1, "r" + i);
                p.setLong(2, i);
                p.addBatch();
                if (i % 10_000 == 9_999) {
                    p.executeBatch();
                }
            }
            p.executeBatch();
        }
    }

    private static void report(String what, long startNanos, int repetitions) {
        double ms = (System.nanoTime() - startNanos) / 1e6;
        System.out.printf("%-80s %10.1f ms total %10.2f ms each%n", what, ms, ms / repetitions);
    }
}
