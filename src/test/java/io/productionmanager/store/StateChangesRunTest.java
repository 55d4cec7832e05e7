package io.productionmanager.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consecutive tasks of a batch changed alike are written as one statement over the batch's task range (a run):
 * the same rows, events (in the order of the changes) and refusals as writing them one by one, and one by one
 * whenever the range is not exactly the run's jobs at the versions it expects.
 */
class StateChangesRunTest {

    @TempDir
    Path dir;

    /** A store with {@code batches} submitted batches of {@code size} QUEUED jobs each, built the same way every time. */
    private static StoreFixture queued(Path dir, int batches, int size) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        StoreFixture f = new StoreFixture(dir);
        List<NewJob> jobs = new ArrayList<>();
        for (int r = 0; r < batches * size; r++) {
            jobs.add(NewJob.of(r, 0.5, "catalogs/r" + r + ".hdf5"));
        }
        f.store.createJobs(jobs.iterator());
        for (int b = 0; b < batches; b++) {
            List<String> ids = jobs.subList(b * size, (b + 1) * size).stream().map(NewJob::id).toList();
            Batch batch = f.store.createBatch(new NewBatch(b, "logs/" + Batch.nameOf(b) + ".sh", null,
                    "0-" + (size - 1), false, null, null), ids);
            f.store.markSubmitting(batch.id(), "token-" + b);
            f.store.markSubmitted(batch.id(), String.valueOf(5000 + b));
        }
        return f;
    }

    private static List<Job> jobsOfBatch(StoreFixture f, int number) {
        Batch batch = f.store.batches().stream().filter(b -> b.number() == number).findFirst().orElseThrow();
        return f.store.jobsOfBatch(batch.id());
    }

    private static StateChanges.Change update(Job j, JobState to, Function<Job, Job> edit, String reason) {
        return new StateChanges.Change(j.id(), j.version(), to, edit::apply, reason, true);
    }

    private static StateChanges.Result apply(StoreFixture f, List<StateChanges.Change> changes, Map<String, Job> read,
                                             int minRun) {
        Instant now = f.clock.instant();
        return f.db.write(c -> read == null ? StateChanges.apply(c, changes, now, minRun)
                : StateChanges.apply(c, changes, read, now, minRun));
    }

    @Test
    void a_whole_array_starting_is_one_run_with_an_event_per_job_in_task_order() {
        StoreFixture f = queued(dir, 1, 40);
        List<Job> jobs = jobsOfBatch(f, 0);
        Instant started = f.clock.advance(Duration.ofMinutes(3));
        List<StateChanges.Change> changes = jobs.stream()
                .map(j -> update(j, JobState.RUNNING, x -> x.withRun("RUNNING", null, started, null), "RUNNING")).toList();
        long eventsBefore = f.rows("events");

        StateChanges.Result result = apply(f, changes, null, StateChanges.MIN_RUN);

        assertThat(result.inRuns()).isEqualTo(40);
        assertThat(result.outcomes()).allMatch(StateChanges.Outcome::applied);
        for (Job j : jobs) {
            Job now = f.reload(j);
            assertThat(now.state()).isEqualTo(JobState.RUNNING);
            assertThat(now.slurmState()).isEqualTo("RUNNING");
            assertThat(now.startedAt()).isEqualTo(started);
            assertThat(now.version()).isEqualTo(j.version() + 1);
            assertThat(now.updatedAt()).isEqualTo(started);
            assertThat(result.outcomes().get(j.taskIndex()).after()).isEqualTo(now);
        }
        List<Event> events = f.allEvents().subList((int) eventsBefore, (int) f.rows("events"));
        assertThat(events).extracting(Event::jobId).containsExactlyElementsOf(jobs.stream().map(Job::id).toList());
        assertThat(events).allSatisfy(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.STATE_CHANGED);
            assertThat(e.fromState()).isEqualTo("QUEUED");
            assertThat(e.toState()).isEqualTo("RUNNING");
            assertThat(e.reason()).isEqualTo("RUNNING");
            assertThat(e.at()).isEqualTo(started);
            assertThat(e.batchId()).isEqualTo(jobs.get(0).batchId());
        });
    }

    @Test
    void a_job_changed_since_it_was_read_makes_its_run_go_one_by_one_and_only_that_job_is_refused() {
        StoreFixture f = queued(dir, 2, 40);
        List<Job> jobs = new ArrayList<>(jobsOfBatch(f, 0));
        jobs.addAll(jobsOfBatch(f, 1));
        Map<String, Job> read = new HashMap<>();
        jobs.forEach(j -> read.put(j.id(), j));
        // after the rows were read, another process updates a field of batch 0's task 17 (same state, next
        // version) and moves batch 1's task 25 on
        Job other = f.store.apply(List.of(JobUpdate.of(jobs.get(17), JobState.QUEUED).withSlurmState("PENDING")
                .withReason("other process"))).applied().get(0);
        Job moved = f.store.changeState(jobs.get(65).id(), jobs.get(65).version(), JobState.RUNNING, "other process");
        Instant started = f.clock.advance(Duration.ofMinutes(1));
        List<StateChanges.Change> changes = jobs.stream()
                .map(j -> update(j, JobState.RUNNING, x -> x.withRun("RUNNING", null, started, null), "RUNNING")).toList();

        StateChanges.Result result = apply(f, changes, read, StateChanges.MIN_RUN);

        assertThat(result.inRuns()).as("both runs were rolled back and written one by one").isZero();
        assertThat(result.outcomes()).filteredOn(o -> !o.applied()).extracting(o -> o.change().jobId(),
                StateChanges.Outcome::refusal).containsExactly(
                        org.assertj.core.api.Assertions.tuple(other.id(), ApplyResult.Reason.STALE_VERSION),
                        org.assertj.core.api.Assertions.tuple(moved.id(), ApplyResult.Reason.STALE_VERSION));
        assertThat(f.reload(other)).as("the other process's changes survive").isEqualTo(other);
        assertThat(f.reload(moved)).isEqualTo(moved);
        assertThat(IntStream.range(0, 80).filter(k -> k != 17 && k != 65).mapToObj(k -> f.reload(jobs.get(k))))
                .allSatisfy(j -> assertThat(j.startedAt()).isEqualTo(started));
        assertThat(f.store.events(other.id())).extracting(Event::toState).doesNotContain("RUNNING");
    }

    @Test
    void a_task_range_that_holds_another_job_too_is_written_one_by_one() throws SQLException {
        StoreFixture f = queued(dir, 1, 20);
        List<Job> jobs = jobsOfBatch(f, 0);
        // a job outside the changes claims task 5 of the same batch: the range 0..19 is not the run's 20 jobs
        try (Connection c = f.db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO jobs (id, realization, redshift, output_path, state, batch_id, task_index, "
                    + "created_at, updated_at) SELECT 'intruder', 999, 0.5, 'x.hdf5', 'QUEUED', batch_id, 5, 0, 0 "
                    + "FROM jobs WHERE id = '" + jobs.get(0).id() + "'");
        }
        Instant started = f.clock.advance(Duration.ofMinutes(1));
        List<StateChanges.Change> changes = jobs.stream()
                .map(j -> update(j, JobState.RUNNING, x -> x.withRun("RUNNING", null, started, null), "RUNNING")).toList();

        StateChanges.Result result = apply(f, changes, null, StateChanges.MIN_RUN);

        assertThat(result.inRuns()).isZero();
        assertThat(result.outcomes()).allMatch(StateChanges.Outcome::applied);
        assertThat(f.store.find("intruder").orElseThrow().state()).isEqualTo(JobState.QUEUED);
        assertThat(f.store.events("intruder")).isEmpty();
        assertThat(jobs).allSatisfy(j -> assertThat(f.reload(j).state()).isEqualTo(JobState.RUNNING));
    }

    @Test
    void a_large_apply_leaves_its_pooled_connection_with_sqlites_defaults() {
        StoreFixture f = queued(dir, 2, JobStore.BIG_APPLY / 2);
        List<JobUpdate> updates = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            jobsOfBatch(f, b).forEach(j -> updates.add(JobUpdate.of(j, JobState.RUNNING).withSlurmState("RUNNING")));
        }

        JobStore.MarkedApply m = f.store.applyMarked(updates, null, f.store.changeMark());

        assertThat(m.result().applied()).hasSize(JobStore.BIG_APPLY);
        // the connection the apply used is the one handed out next
        List<Long> settings = f.db.read(c -> List.of(pragma(c, "cache_size"), pragma(c, "wal_autocheckpoint")));
        assertThat(settings).containsExactly(-2000L, 1000L);
    }

    @Test
    void a_large_apply_commits_without_copying_its_log_into_the_database_below_ten_thousand_pages() throws Exception {
        StoreFixture f = queued(dir, 2, 10_000);
        List<JobUpdate> updates = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            jobsOfBatch(f, b).forEach(j -> updates.add(JobUpdate.of(j, JobState.RUNNING).withSlurmState("RUNNING")));
        }
        Path file = f.db.file();
        Path wal = Path.of(file + "-wal");
        f.db.read(c -> pragma(c, "wal_checkpoint(TRUNCATE)"));
        long databaseBefore = java.nio.file.Files.size(file);

        f.store.applyMarked(updates, null, f.store.changeMark());

        long walPages = java.nio.file.Files.size(wal) / 4096;
        assertThat(walPages).as("the apply's pages, more than SQLite's default threshold of 1,000")
                .isBetween(1_000L, (long) JobStore.BIG_APPLY_CHECKPOINT_PAGES);
        assertThat(java.nio.file.Files.size(file)).as("nothing copied into the database at the commit")
                .isEqualTo(databaseBefore);
    }

    private static long pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Three batches of changes mixing runs, breaks in a run (another start time, a field update, a job leaving its
     * batch), illegal and unknown changes and a stale row: the database after it is the same, row for row and event
     * for event, as when every change is written by itself.
     */
    @Test
    void runs_leave_the_same_rows_events_and_outcomes_as_writing_every_change_alone() throws SQLException {
        StoreFixture withRuns = queued(dir.resolve("runs"), 3, 30);
        StoreFixture alone = queued(dir.resolve("alone"), 3, 30);

        StateChanges.Result a = applyMix(withRuns, StateChanges.MIN_RUN);
        StateChanges.Result b = applyMix(alone, Integer.MAX_VALUE);

        assertThat(a.inRuns()).as("some of the mix is written in runs").isGreaterThanOrEqualTo(30);
        assertThat(b.inRuns()).isZero();
        assertThat(describe(a)).isEqualTo(describe(b));
        assertThat(a.finishedBatchIds()).isEqualTo(b.finishedBatchIds());
        for (String table : List.of("jobs", "events", "batches", "attempts")) {
            assertThat(dump(withRuns, table)).as(table).isEqualTo(dump(alone, table));
        }
    }

    private static StateChanges.Result applyMix(StoreFixture f, int minRun) {
        List<Job> b0 = jobsOfBatch(f, 0);
        List<Job> b1 = jobsOfBatch(f, 1);
        List<Job> b2 = jobsOfBatch(f, 2);
        // one job of batch 2 is moved on by someone else after the rows were read
        Map<String, Job> read = new HashMap<>();
        for (List<Job> batch : List.of(b0, b1, b2)) {
            batch.forEach(j -> read.put(j.id(), j));
        }
        f.store.changeState(b2.get(12).id(), b2.get(12).version(), JobState.RUNNING, "other process");
        Instant t1 = f.clock.advance(Duration.ofMinutes(1));
        Instant t2 = t1.plusSeconds(30);
        List<StateChanges.Change> changes = new ArrayList<>();
        // batch 0: every task starts alike
        b0.forEach(j -> changes.add(update(j, JobState.RUNNING, x -> x.withRun("RUNNING", null, t1, null), "RUNNING")));
        // batch 1: runs broken by another start time, a field update, a finished job, an illegal change
        for (Job j : b1) {
            int k = j.taskIndex();
            if (k == 9) {
                changes.add(update(j, JobState.QUEUED, x -> x.withRun("PENDING", null, null, null), "still pending"));
            } else if (k == 10) {
                changes.add(update(j, JobState.COMPLETED, x -> x.withRun("COMPLETED", 0, t1, t2), "exit 0"));
            } else if (k == 11) {
                changes.add(update(j, JobState.PENDING, x -> x, "illegal? no: requeued"));
            } else if (k == 12) {
                changes.add(StateChanges.Change.transition(j.id(), j.version(), JobState.QUEUED, x -> x, "no change"));
            } else {
                Instant start = k < 20 ? t1 : t2;
                changes.add(update(j, JobState.RUNNING, x -> x.withRun("RUNNING", null, start, null), "RUNNING"));
            }
        }
        // batch 2: one stale row inside what would be a run, then an unknown job
        b2.forEach(j -> changes.add(update(j, JobState.RUNNING, x -> x.withRun("RUNNING", null, t2, null), "RUNNING")));
        changes.add(new StateChanges.Change("r9999_z9.999", 0, JobState.RUNNING, x -> x, "ghost", true));
        Instant now = f.clock.instant();
        return f.db.write(c -> StateChanges.apply(c, changes, read, now, minRun));
    }

    private static List<String> describe(StateChanges.Result r) {
        return r.outcomes().stream().map(o -> o.change().jobId() + " " + (o.applied() ? "applied " + o.after()
                : o.refusal() + " " + o.error().getMessage())).toList();
    }

    private static List<List<Object>> dump(StoreFixture f, String table) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = f.db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY rowid")) {
            ResultSetMetaData m = rs.getMetaData();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= m.getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
