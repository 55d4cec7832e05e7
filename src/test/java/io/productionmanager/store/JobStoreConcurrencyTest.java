package io.productionmanager.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.productionmanager.testsupport.MutableClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Database instances on one file (as the daemon and a command-line user would have): writers wait for
 * each other through busy_timeout, readers see whole transactions only, and no update is lost.
 */
class JobStoreConcurrencyTest {

    private static final int JOBS = 200;
    private static final int TOGGLES = 150;
    private static final int INCREMENTS_PER_WRITER = 150;
    /** Bound on optimistic retries per increment; a livelock fails the test instead of hanging it. */
    private static final int MAX_TRIES = 1_000;

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newFixedThreadPool(3);

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void a_writer_and_a_reader_in_two_instances_never_see_busy_errors_or_half_transactions() throws Exception {
        Path file = dir.resolve("production.db");
        MutableClock clock = MutableClock.startingAt2026();
        JobStore daemon = new JobStore(Database.open(file), clock);
        JobStore user = new JobStore(Database.open(file), clock);
        daemon.createJobs(IntStream.range(0, JOBS).mapToObj(r -> NewJob.of(r, 0.5, "out")));
        List<String> half = daemon.jobs().stream().limit(JOBS / 2).map(Job::id).toList();
        AtomicBoolean writerDone = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);

        Future<Integer> writer = pool.submit(() -> {
            start.await();
            try {
                for (int i = 0; i < TOGGLES; i++) {
                    daemon.cancel(half, "toggle " + i);
                    daemon.forceRetry(half, "toggle " + i);
                }
                return TOGGLES;
            } finally {
                writerDone.set(true);
            }
        });
        Future<Integer> reader = pool.submit(() -> {
            start.await();
            int reads = 0;
            // bounded: the writer's transactions end, and so does this loop; the cap only guards a broken writer
            while (!writerDone.get() && reads < 1_000_000) {
                Map<JobState, Long> counts = user.counts();
                long total = counts.values().stream().mapToLong(Long::longValue).sum();
                assertThat(total).isEqualTo(JOBS);
                assertThat(counts.get(JobState.CANCELLED)).as("a transaction is seen whole or not at all")
                        .isIn(0L, (long) half.size());
                reads++;
            }
            return reads;
        });
        start.countDown();

        assertThat(writer.get(120, TimeUnit.SECONDS)).isEqualTo(TOGGLES);
        assertThat(reader.get(120, TimeUnit.SECONDS)).isPositive();
        assertThat(user.counts().get(JobState.PENDING)).isEqualTo(JOBS);
        Job toggled = user.find(half.get(0)).orElseThrow();
        assertThat(toggled.version()).isEqualTo(2L * TOGGLES);
        assertThat(toggled.attempt()).isEqualTo(1 + TOGGLES);
        assertThat(user.events(toggled.id())).hasSize(2 * TOGGLES);
    }

    @Test
    void two_writers_incrementing_one_job_through_optimistic_locking_lose_no_update() throws Exception {
        Path file = dir.resolve("production.db");
        MutableClock clock = MutableClock.startingAt2026();
        JobStore a = new JobStore(Database.open(file), clock);
        JobStore b = new JobStore(Database.open(file), clock);
        a.createJobs(List.of(NewJob.of(0, 0.5, "out")).iterator());
        Job job = a.jobs().get(0);
        // QUEUED so an update to the same state is a pure field update; attempt serves as the counter
        Batch batch = a.createBatch(new NewBatch(0, "s.sh", null, "0-0", false, null, null), List.of(job.id()));
        a.markSubmitting(batch.id(), "t");
        a.markSubmitted(batch.id(), "1");
        CountDownLatch start = new CountDownLatch(1);

        Future<Integer> first = pool.submit(incrementer(a, job.id(), start));
        Future<Integer> second = pool.submit(incrementer(b, job.id(), start));
        start.countDown();
        int conflicts = first.get(120, TimeUnit.SECONDS) + second.get(120, TimeUnit.SECONDS);

        Job end = b.find(job.id()).orElseThrow();
        assertThat(end.attempt()).as("every increment counted once (%d conflicts retried)", conflicts)
                .isEqualTo(1 + 2 * INCREMENTS_PER_WRITER);
        assertThat(end.version()).isEqualTo(job.version() + 2 /* staged, queued */ + 2 * INCREMENTS_PER_WRITER);
    }

    /** Increments the job's attempt {@link #INCREMENTS_PER_WRITER} times, re-reading on conflicts; returns the conflicts. */
    private static Callable<Integer> incrementer(JobStore store, String jobId, CountDownLatch start) {
        return () -> {
            start.await();
            int conflicts = 0;
            for (int i = 0; i < INCREMENTS_PER_WRITER; i++) {
                boolean done = false;
                for (int tries = 0; !done; tries++) {
                    assertThat(tries).as("optimistic retries for one increment").isLessThan(MAX_TRIES);
                    Job current = store.find(jobId).orElseThrow();
                    ApplyResult r = store.apply(List.of(JobUpdate.of(current, JobState.QUEUED)
                            .withAttempt(current.attempt() + 1, null, null)));
                    done = r.rejected().isEmpty();
                    if (!done) {
                        assertThat(r.rejected().get(0).reason()).isEqualTo(ApplyResult.Reason.STALE_VERSION);
                        conflicts++;
                    }
                }
            }
            return conflicts;
        };
    }
}
