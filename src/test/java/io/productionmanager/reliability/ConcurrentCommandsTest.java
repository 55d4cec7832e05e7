package io.productionmanager.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.productionmanager.testsupport.CliRun;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.config.ConfigFixtures;
import io.productionmanager.poll.RetryService;
import io.productionmanager.stage.StageService;
import io.productionmanager.store.ApplyResult;
import io.productionmanager.store.Batch;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.Event;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.store.JobUpdate;

/**
 * {@code status}, {@code list} and {@code retry} run while a poller changes the same production's
 * database: no command sees an error (no SQLITE_BUSY), and no change is lost (the history and the
 * final counts agree with what every thread says it did).
 */
class ConcurrentCommandsTest {

    private static final int ITERATIONS = 200;
    /** Every this many retries goes through the real command line (each boots the application). */
    private static final int CLI_RETRY_EVERY = 10;
    private static final int JOBS = 100;
    /** Changes per poll cycle: few, so that the poller keeps working while the commands run. */
    private static final int PER_POLL = 3;
    private static final int MAX_POLLS = 1_000_000;

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    /** What the poller thread applied, by target state, and how often a concurrent change made it re-read. */
    static final class PollerTally {
        final Map<JobState, AtomicLong> applied = new EnumMap<>(JobState.class);
        final AtomicLong stale = new AtomicLong();
        final AtomicLong submittedBatches = new AtomicLong();
        final AtomicLong cycles = new AtomicLong();

        PollerTally() {
            for (JobState s : JobState.values()) {
                applied.put(s, new AtomicLong());
            }
        }
    }

    @Test
    void status_list_and_retry_beside_a_poller_see_no_error_and_lose_no_update() throws Exception {
        Path config = ConfigFixtures.copyOfProjectConfig(tmp);
        Path out = tmp.resolve("out");
        ConfigFixtures.write(config.resolve("productions/conc.yaml"), """
                production: {name: conc, version: v1.0}
                science:
                  redshifts: [0.5, 1.0]
                  realizations: {count: 50}
                execution:
                  batch_size: 10
                outputs:
                  base_path: "%s"
                """.formatted(out));
        Run init = cli(config, "init", "conc", "--no-git");
        assertThat(init.exit()).as("init: %s", init).isZero();
        Run stage = cli(config, "stage", "conc");
        assertThat(stage.exit()).as("stage: %s", stage).isZero();

        PollerTally tally = new PollerTally();
        AtomicLong requeued = new AtomicLong();
        AtomicInteger cliRetries = new AtomicInteger();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean othersDone = new java.util.concurrent.atomic.AtomicBoolean();
        Future<?> pollerFuture = pool.submit(guard("poller", problems, () -> poller(config, tally, othersDone)));
        futures.add(pool.submit(guard("status", problems, () -> {
            for (int i = 0; i < ITERATIONS; i++) {
                Run r = cli(config, "status", "conc", "--json");
                expectClean("status", i, r, problems);
                JsonNode json = new ObjectMapper().readTree(r.out());
                long sum = 0;
                for (JsonNode n : json.path("counts")) {
                    sum += n.asLong();
                }
                if (json.path("total").asLong() != JOBS || sum != JOBS) {
                    problems.add("status " + i + ": counts do not add up to " + JOBS + ": " + r.out());
                }
            }
            return null;
        })));
        futures.add(pool.submit(guard("list", problems, () -> {
            for (int i = 0; i < ITERATIONS; i++) {
                Run r = cli(config, "list");
                expectClean("list", i, r, problems);
                if (!r.out().contains("conc")) {
                    problems.add("list " + i + ": conc missing: " + r.out());
                }
            }
            return null;
        })));
        futures.add(pool.submit(guard("retry", problems, () -> {
            try (Workspace ws = new Workspace(config, "local", Clock.systemUTC())) {
                RetryService retry = new RetryService(ws, new StageService(ws, config.resolve("templates"),
                        tmp.resolve("production-manager.jar")), Clock.systemUTC());
                for (int i = 0; i < ITERATIONS; i++) {
                    if (i % CLI_RETRY_EVERY == 0) {
                        Run r = cli(config, "retry", "conc");
                        expectClean("retry (command line)", i, r, problems);
                        cliRetries.incrementAndGet();
                        requeued.addAndGet(parseRequeued(r.out(), problems));
                    } else {
                        requeued.addAndGet(retry.retryNow("conc", List.of()).requeued().size());
                    }
                }
            }
            return null;
        })));
        for (Future<?> f : futures) {
            f.get(10, TimeUnit.MINUTES);
        }
        othersDone.set(true);
        pollerFuture.get(10, TimeUnit.MINUTES);
        pool.shutdown();

        assertThat(problems).as("errors seen by a command or thread").isEmpty();
        assertThat(cliRetries.get()).isEqualTo(ITERATIONS / CLI_RETRY_EVERY);
        try (Workspace ws = new Workspace(config, "local", Clock.systemUTC())) {
            Production p = ws.open("conc");
            Map<JobState, Long> counts = p.store().counts();
            Map<String, Long> eventsTo = new java.util.HashMap<>();
            Map<String, Long> requeueEvents = new java.util.HashMap<>();
            p.store().forEachEvent((Event e) -> {
                if (e.jobId() != null && e.toState() != null) {
                    eventsTo.merge(e.toState(), 1L, Long::sum);
                    if ("FAILED".equals(e.fromState()) && "PENDING".equals(e.toState())) {
                        requeueEvents.merge("requeue", 1L, Long::sum);
                    }
                }
            });
            long completed = tally.applied.get(JobState.COMPLETED).get();
            long failed = tally.applied.get(JobState.FAILED).get();
            long running = tally.applied.get(JobState.RUNNING).get();
            // every change a thread made is in the history exactly once, and nothing else is
            assertThat(eventsTo.getOrDefault("COMPLETED", 0L)).as("COMPLETED events").isEqualTo(completed);
            assertThat(eventsTo.getOrDefault("FAILED", 0L)).as("FAILED events").isEqualTo(failed);
            assertThat(eventsTo.getOrDefault("RUNNING", 0L)).as("RUNNING events").isEqualTo(running);
            assertThat(requeueEvents.getOrDefault("requeue", 0L)).as("FAILED -> PENDING events").isEqualTo(requeued.get());
            // and the rows agree with the history
            assertThat(counts.get(JobState.COMPLETED)).isEqualTo(completed);
            assertThat(counts.get(JobState.FAILED)).isEqualTo(failed - requeued.get());
            assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(JOBS);
            writeSummary("iterations " + ITERATIONS + " per command thread; poller " + tally.cycles.get() + " cycles, applied RUNNING=" + running + " COMPLETED=" + completed
                    + " FAILED=" + failed + ", re-read after a concurrent change " + tally.stale.get() + " times, submitted "
                    + tally.submittedBatches.get() + " batches; retry requeued " + requeued.get() + " jobs (" + cliRetries.get()
                    + " through the command line); final " + counts);
            // the run did exercise every path
            assertThat(completed).as("jobs completed").isPositive();
            assertThat(requeued.get()).as("jobs retried").isPositive();
            for (Job j : p.store().jobs()) {
                List<Event> history = p.store().events(j.id());
                long changes = history.stream().filter(e -> e.toState() != null).count();
                assertThat(j.state().name()).as("last event of %s", j.id())
                        .isEqualTo(history.stream().filter(e -> e.toState() != null).reduce((a, b) -> b).orElseThrow().toState());
                assertThat(changes).as("state changes of %s", j.id()).isPositive();
            }
        }
    }

    /**
     * The poller: cycles over its own connection for as long as the commands run (at least
     * {@value #ITERATIONS}, at most {@value #MAX_POLLS}), each submitting the staged batches and moving
     * a few queued jobs to running and running ones to completed (or, on the first two attempts of an
     * odd realization, to failed), re-reading whatever a concurrent change made stale.
     */
    private Void poller(Path config, PollerTally tally, java.util.concurrent.atomic.AtomicBoolean othersDone) {
        try (Workspace ws = new Workspace(config, "local", Clock.systemUTC())) {
            Production p = ws.open("conc");
            for (int i = 0; i < MAX_POLLS && (i < ITERATIONS || !othersDone.get()); i++) {
                for (Batch b : p.store().batches(BatchState.STAGED)) {
                    ws.exclusively(p, () -> {
                        // a retry may have staged it a moment ago: take only what is still STAGED
                        if (p.store().batch(b.id()).orElseThrow().state() == BatchState.STAGED) {
                            p.store().markSubmitting(b.id(), UUID.randomUUID().toString());
                            p.store().markSubmitted(b.id(), String.valueOf(10_000 + b.number()));
                            tally.submittedBatches.incrementAndGet();
                        }
                        return null;
                    });
                }
                List<JobUpdate> updates = new ArrayList<>();
                for (Job j : p.store().jobs(JobState.QUEUED, JobState.RUNNING).stream().limit(PER_POLL).toList()) {
                    if (j.state() == JobState.QUEUED) {
                        updates.add(JobUpdate.of(j, JobState.RUNNING).withSlurmState("RUNNING"));
                    } else if (j.realization() % 2 == 1 && j.attempt() < 3) {
                        updates.add(JobUpdate.of(j, JobState.FAILED).withSlurmState("FAILED").withExitCode(1)
                                .withFailureReason("exit code 1").withNextAttemptAt(Instant.parse("2100-01-01T00:00:00Z")));
                    } else {
                        updates.add(JobUpdate.of(j, JobState.COMPLETED).withSlurmState("COMPLETED").withExitCode(0));
                    }
                }
                ApplyResult r = p.store().apply(updates);
                for (Job j : r.applied()) {
                    tally.applied.get(j.state()).incrementAndGet();
                }
                tally.stale.addAndGet(r.rejected().size());
                tally.cycles.incrementAndGet();
            }
        }
        return null;
    }

    /** The figures of the run, for the reliability notes (target/reliability/concurrent-commands.txt). */
    private static void writeSummary(String line) {
        Path file = ConfigFixtures.projectDir().resolve("target/reliability/concurrent-commands.txt");
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, line + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long parseRequeued(String out, List<String> problems) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("conc: (\\d+) jobs back to PENDING").matcher(out);
        if (!m.find()) {
            problems.add("retry output not understood: " + out);
            return 0;
        }
        return Long.parseLong(m.group(1));
    }

    private static void expectClean(String what, int i, Run r, List<String> problems) {
        if (r.exit() != 0 || !r.err().isEmpty()) {
            problems.add(what + " " + i + ": exit " + r.exit() + ", stderr: " + r.err());
        }
    }

    private static Callable<Void> guard(String name, List<String> problems, Callable<Void> body) {
        return () -> {
            try {
                return body.call();
            } catch (Exception | AssertionError e) {
                problems.add(name + " thread: " + e);
                throw e;
            }
        };
    }

    private static Run cli(Path config, String... args) {
        CliRun r = CliRun.withConfig(config, args);
        return new Run(r.exitCode(), r.out(), r.err());
    }
}
