package io.productionmanager.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The jobs, batches, history and facts of one production. Every job state change goes through one
 * guarded path (transition table, optimistic lock, event); writes are short BEGIN IMMEDIATE
 * transactions, so a daemon and a command-line user can share the database.
 */
public final class JobStore {


    // The partial indexes are named: without statistics the planner prefers the unselective state index and
    // then sorts every pending (or failed) job, 0.27 s instead of 7 ms at a million jobs.
    static final String PENDING_UNBATCHED = "INDEXED BY jobs_unbatched WHERE state = 'PENDING' AND batch_id IS NULL "
            + "ORDER BY realization, redshift LIMIT ?";
    static final String DUE_RETRIES = "INDEXED BY jobs_due_retry WHERE state = 'FAILED' AND next_attempt_at IS NOT NULL "
            + "AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?";

    private final Database db;
    private final Clock clock;

    public JobStore(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The database this store writes to. */
    public Database database() {
        return db;
    }

    // ---------------------------------------------------------------- creating jobs

    /** Creates the jobs, all PENDING, in one transaction; see {@link #createJobs(Iterator)}. */
    public int createJobs(Stream<NewJob> jobs) {
        try (jobs) {
            return createJobs(jobs.iterator());
        }
    }

    /**
     * Creates the jobs, all PENDING at attempt 1, in one transaction (JDBC batches of 10,000 rows, read
     * from the iterator as they go, so memory stays flat for a million jobs). All or none: a duplicate id
     * fails the whole call, naming the id. The history gets one {@link EventKind#JOBS_CREATED} event for the
     * call, not one per job: a job's creation time is its {@code created_at}, and per-job events would
     * double the rows.
     *
     * @return the number of jobs created
     */
    public int createJobs(Iterator<NewJob> jobs) {
        Instant now = clock.instant();
        return db.write(c -> JobInserter.insert(c, jobs, now, db.file()));
    }

    // ---------------------------------------------------------------- reading jobs

    /** Number of jobs per state (every state present, zero if none), from one GROUP BY on the state index. */
    public Map<JobState, Long> counts() {
        return db.read(c -> {
            Map<JobState, Long> counts = new EnumMap<>(JobState.class);
            for (JobState s : JobState.values()) {
                counts.put(s, 0L);
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT state, COUNT(*) FROM jobs GROUP BY state")) {
                while (rs.next()) {
                    counts.put(JobState.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    /** Number of jobs. */
    public long total() {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM jobs")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    public Optional<Job> find(String jobId) {
        return db.read(c -> JobRows.query(c, "WHERE id = ?", jobId).stream().findFirst());
    }

    /** Jobs in any of the given states (all jobs when none are given), by realization then redshift. */
    public List<Job> jobs(JobState... states) {
        if (states.length == 0) {
            return db.read(c -> JobRows.query(c, "ORDER BY realization, redshift"));
        }
        Object[] names = Arrays.stream(states).map(Enum::name).toArray();
        return db.read(c -> JobRows.query(c, "WHERE state IN (" + Sql.placeholders(names.length) + ") "
                + "ORDER BY realization, redshift", names));
    }

    /**
     * Hands each QUEUED and RUNNING job, the columns a poll cycle needs, to {@code consumer}, in no particular
     * order, without holding them all (a poll keeps only what it compares).
     */
    public void forEachActive(Consumer<ActiveJob> consumer) {
        db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id, version, state, slurm_id, batch_id, task_index, "
                    + "output_path, attempt FROM jobs WHERE state IN ('QUEUED', 'RUNNING')");
                 ResultSet rs = p.executeQuery()) {
                JobState[] states = JobState.values();
                java.util.Map<String, JobState> byName = new java.util.HashMap<>();
                for (JobState st : states) {
                    byName.put(st.name(), st);
                }
                while (rs.next()) {
                    long batch = rs.getLong(5);
                    Long batchId = rs.wasNull() ? null : batch;
                    int task = rs.getInt(6);
                    Integer taskIndex = rs.wasNull() ? null : task;
                    consumer.accept(new ActiveJob(rs.getString(1), rs.getLong(2), byName.get(rs.getString(3)),
                            rs.getString(4), batchId, taskIndex, rs.getString(7), rs.getInt(8)));
                }
            }
            return null;
        });
    }

    /**
     * The QUEUED and RUNNING jobs of one batch, whole rows, in task order (read through the batch index: a
     * thousand rows of a million-job table).
     */
    public List<Job> activeJobsOfBatch(long batchId) {
        return db.read(c -> JobRows.query(c, ACTIVE_OF_BATCH, batchId));
    }

    static final String ACTIVE_OF_BATCH = "INDEXED BY jobs_batch WHERE batch_id = ? AND state IN ('QUEUED', 'RUNNING') "
            + "ORDER BY task_index";

    /**
     * A number that changes whenever the history grows: the id of the newest event (ids are never reused). Every
     * change of a job's state, every batch created, submitted or finished and every creation of jobs appends an
     * event, so a caller that keeps a view of the active jobs sees from this one cheap read whether anyone (this
     * process or another) changed them since.
     */
    public long changeMark() {
        return db.read(JobStore::changeMark);
    }

    /**
     * The batches named by the events after change mark {@code after} up to {@code upTo} (see {@link #changeMark()}):
     * every job whose state changed in that span was, before or after the change, in one of them. Empty when the
     * span holds more than {@code limit} events (a caller then does better to read everything again).
     */
    public Optional<Set<Long>> batchesChangedBetween(long after, long upTo, int limit) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT batch_id FROM events WHERE id > ? AND id <= ? LIMIT ?")) {
                p.setLong(1, after);
                p.setLong(2, upTo);
                p.setInt(3, limit + 1);
                Set<Long> batches = new java.util.LinkedHashSet<>();
                int events = 0;
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        if (++events > limit) {
                            return Optional.<Set<Long>>empty();
                        }
                        long batch = rs.getLong(1);
                        if (!rs.wasNull()) {
                            batches.add(batch);
                        }
                    }
                }
                return Optional.of(batches);
            }
        });
    }

    /** Changes at which {@link #applyMarked} gives its connection a larger page cache for the transaction. */
    static final int BIG_APPLY = 1_000;
    /**
     * That cache, in KiB: the pages a large apply touches (rows, two state indexes, events and their indexes) stay
     * in memory until the commit instead of being spilled to the WAL and written again.
     */
    static final int BIG_APPLY_CACHE_KIB = 32 * 1024;
    /**
     * WAL pages after which a large apply's commit copies the log into the database (SQLite's default: 1,000). A
     * copy ends with two flushes to disk; a poll cycle that changes a million jobs commits a hundred transactions of
     * about 1,500 pages each, and would flush at every one of them.
     */
    static final int BIG_APPLY_CHECKPOINT_PAGES = 10_000;

    private static void pragma(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long changeMark(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * What {@link #applyMarked} did, and the {@link #changeMark()} around it.
     *
     * @param othersWrote true when the mark at the start of the transaction was not the one the caller expected:
     *                    someone else wrote since the caller last looked
     * @param mark        the mark right after this transaction (the caller's own writes included)
     */
    public record MarkedApply(ApplyResult result, boolean othersWrote, long mark) {
    }

    /**
     * {@link #apply(List)}, reading the change mark at the start and at the end of the same write transaction, so a
     * caller that keeps a view of the jobs can tell its own writes from anyone else's.
     *
     * @param read the jobs as the caller read them, by id, at the versions its updates expect (they are not read
     *             again; one that changed since is refused as stale by the version check), or null to read them here
     */
    public MarkedApply applyMarked(List<JobUpdate> updates, Map<String, Job> read, long expectedMark) {
        List<StateChanges.Change> changes = changes(updates);
        Instant now = clock.instant();
        boolean big = changes.size() >= BIG_APPLY;
        return db.write(c -> {
            long before = changeMark(c);
            if (big) {
                pragma(c, "PRAGMA cache_size = -" + BIG_APPLY_CACHE_KIB);
                pragma(c, "PRAGMA wal_autocheckpoint = " + BIG_APPLY_CHECKPOINT_PAGES);
            }
            ApplyResult result = (read == null ? StateChanges.apply(c, changes, now)
                    : StateChanges.apply(c, changes, read, now)).toApplyResult();
            return new MarkedApply(result, before != expectedMark, changeMark(c));
        }, big ? JobStore::sqliteDefaults : null);
    }

    /**
     * SQLite's page cache and checkpoint threshold again, put back after a large apply committed (the commit decides
     * whether to copy the log into the database, with the threshold set then): the pooled connection keeps them.
     */
    private static Void sqliteDefaults(Connection c) throws SQLException {
        pragma(c, "PRAGMA cache_size = -2000");
        pragma(c, "PRAGMA wal_autocheckpoint = 1000");
        return null;
    }

    /** The jobs with the given ids (unknown ids are left out), by id. */
    public java.util.Map<String, Job> jobsById(java.util.Collection<String> ids) {
        return db.read(c -> JobRows.load(c, ids));
    }

    /**
     * Hands every job in any of the given states (all jobs when none are given) to {@code consumer}, by
     * realization then redshift, without holding them all in memory (for listings of a million jobs).
     */
    public void forEachJob(Consumer<Job> consumer, JobState... states) {
        Object[] names = Arrays.stream(states).map(Enum::name).toArray();
        String where = names.length == 0 ? "" : "WHERE state IN (" + Sql.placeholders(names.length) + ") ";
        db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + JobRows.COLUMNS + " FROM jobs " + where
                    + "ORDER BY realization, redshift")) {
                for (int i = 0; i < names.length; i++) {
                    p.setObject(i + 1, names[i]);
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(JobRows.job(rs));
                    }
                }
            }
            return null;
        });
    }

    public List<Job> failedJobs() {
        return jobs(JobState.FAILED);
    }

    /** Completed and total jobs of every realization, in realization order. */
    public List<RealizationProgress> progressByRealization() {
        return db.read(c -> {
            // one covering scan of the state index, in (state, realization) order: no sort of the whole table, and
            // one snapshot (a job moving on meanwhile is counted once)
            java.util.TreeMap<Integer, int[]> byRealization = new java.util.TreeMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(PROGRESS)) {
                while (rs.next()) {
                    int[] counts = byRealization.computeIfAbsent(rs.getInt(2), r -> new int[2]);
                    counts[0] += JobState.COMPLETED.name().equals(rs.getString(1)) ? rs.getInt(3) : 0;
                    counts[1] += rs.getInt(3);
                }
            }
            List<RealizationProgress> progress = new ArrayList<>(byRealization.size());
            byRealization.forEach((r, counts) -> progress.add(new RealizationProgress(r, counts[0], counts[1])));
            return progress;
        });
    }

    static final String PROGRESS = "SELECT state, realization, COUNT(*) FROM jobs INDEXED BY jobs_state_realization "
            + "GROUP BY state, realization";

    /** A job's history, oldest first. */
    public List<Event> events(String jobId) {
        return db.read(c -> {
            List<Event> events = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT " + EventLog.COLUMNS + " FROM events WHERE job_id = ? ORDER BY id")) {
                p.setString(1, jobId);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        events.add(EventLog.event(rs));
                    }
                }
            }
            return events;
        });
    }

    /** A batch's own history (staged, submitting, submitted, ...), oldest first; its jobs' events are under their ids. */
    public List<Event> batchEvents(long batchId) {
        return db.read(c -> {
            List<Event> events = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT " + EventLog.COLUMNS + " FROM events WHERE batch_id = ? AND job_id IS NULL ORDER BY id")) {
                p.setLong(1, batchId);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        events.add(EventLog.event(rs));
                    }
                }
            }
            return events;
        });
    }

    /** Streams the whole history in time order (for reports) without holding it in memory. */
    public void forEachEvent(Consumer<Event> consumer) {
        db.read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT " + EventLog.COLUMNS + " FROM events ORDER BY at, id")) {
                while (rs.next()) {
                    consumer.accept(EventLog.event(rs));
                }
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- staging

    /** The number for the next batch: one more than the highest so far, 0 for the first. */
    public int nextBatchNumber() {
        return db.read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(number) + 1, 0) FROM batches")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** Up to {@code limit} PENDING jobs not yet in a batch, by realization then redshift. */
    public List<Job> pendingUnbatched(int limit) {
        return db.read(c -> JobRows.query(c, PENDING_UNBATCHED, limit));
    }

    /**
     * Records a rendered array script as a STAGED batch and assigns its jobs (PENDING and unbatched, given
     * in task order) their batch and task index, in one transaction. All or none: a job that is missing,
     * not PENDING or already batched fails the call.
     */
    public Batch createBatch(NewBatch batch, List<String> jobIdsInTaskOrder) {
        if (jobIdsInTaskOrder.isEmpty()) {
            throw new IllegalArgumentException("Batch " + Batch.nameOf(batch.number()) + " has no jobs.");
        }
        if (new LinkedHashSet<>(jobIdsInTaskOrder).size() != jobIdsInTaskOrder.size()) {
            throw new IllegalArgumentException("Batch " + Batch.nameOf(batch.number()) + " lists a job twice.");
        }
        Instant now = clock.instant();
        return db.write(c -> {
            long id = Batches.insert(c, batch, jobIdsInTaskOrder.size(), now);
            try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET batch_id = ?, task_index = ?, updated_at = ?, "
                    + "version = version + 1 WHERE id = ? AND state = 'PENDING' AND batch_id IS NULL")) {
                for (int task = 0; task < jobIdsInTaskOrder.size(); task++) {
                    p.setLong(1, id);
                    p.setInt(2, task);
                    p.setLong(3, now.toEpochMilli());
                    p.setString(4, jobIdsInTaskOrder.get(task));
                    p.addBatch();
                }
                int[] counts = p.executeBatch();
                for (int task = 0; task < counts.length; task++) {
                    if (counts[task] != 1) {
                        throw new IllegalStateException("Cannot stage job " + jobIdsInTaskOrder.get(task) + " in "
                                + Batch.nameOf(batch.number()) + ": " + whyNotStageable(c, jobIdsInTaskOrder.get(task)));
                    }
                }
            }
            EventLog.append(c, List.of(new Event(0, null, id, now, EventKind.BATCH_STAGED, null, BatchState.STAGED.name(),
                    Batch.nameOf(batch.number()) + ": " + jobIdsInTaskOrder.size() + " jobs")));
            return Batches.require(c, id);
        });
    }

    private static String whyNotStageable(Connection c, String jobId) throws SQLException {
        List<Job> found = JobRows.query(c, "WHERE id = ?", jobId);
        if (found.isEmpty()) {
            return "no such job.";
        }
        Job job = found.get(0);
        return job.state() != JobState.PENDING ? "it is " + job.state() + ", not PENDING."
                : "it is already in batch " + job.batchId() + ".";
    }

    /** Batches in any of the given states (all when none are given), by number. */
    public List<Batch> batches(BatchState... states) {
        if (states.length == 0) {
            return db.read(c -> Batches.query(c, "ORDER BY number"));
        }
        Object[] names = Arrays.stream(states).map(Enum::name).toArray();
        return db.read(c -> Batches.query(c, "WHERE state IN (" + Sql.placeholders(names.length) + ") ORDER BY number",
                names));
    }

    public Optional<Batch> batch(long batchId) {
        return db.read(c -> Batches.find(c, batchId));
    }

    /** The jobs currently in a batch, in task order. */
    public List<Job> jobsOfBatch(long batchId) {
        return db.read(c -> JobRows.query(c, "WHERE batch_id = ? ORDER BY task_index", batchId));
    }

    // ---------------------------------------------------------------- submission

    /**
     * For every STAGED batch: how many of its jobs are still PENDING in it (a job cancelled, or cancelled and
     * retried into another batch, no longer counts). Batches with none are absent.
     */
    public Map<Long, Integer> pendingJobsOfStagedBatches() {
        return db.read(c -> {
            Map<Long, Integer> out = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT j.batch_id, COUNT(*) FROM batches b JOIN jobs j ON j.batch_id = b.id "
                         + "WHERE b.state = 'STAGED' AND j.state = 'PENDING' GROUP BY j.batch_id")) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getInt(2));
                }
            }
            return out;
        });
    }


    /** STAGED → SUBMITTING with the token, committed before sbatch runs so a crash leaves a trace. */
    public Batch markSubmitting(long batchId, String submitToken) {
        Objects.requireNonNull(submitToken, "submitToken");
        Instant now = clock.instant();
        return db.write(c -> Batches.transition(c, batchId, BatchState.STAGED, BatchState.SUBMITTING,
                EventKind.BATCH_SUBMITTING, "token " + submitToken, now, "submit_token = ?", submitToken));
    }

    /**
     * SUBMITTING → SUBMITTED with the scheduler's array id, and in the same transaction each PENDING job of
     * the batch → QUEUED with slurm id {@code <arrayId>_<taskIndex>} (one event each). Jobs of the batch that
     * are no longer PENDING (cancelled meanwhile) are left as they are.
     */
    public Batch markSubmitted(long batchId, String arrayId) {
        Objects.requireNonNull(arrayId, "arrayId");
        Instant now = clock.instant();
        return db.write(c -> {
            Batch batch = Batches.transition(c, batchId, BatchState.SUBMITTING, BatchState.SUBMITTED,
                    EventKind.BATCH_SUBMITTED, "array " + arrayId, now, "array_id = ?, submitted_at = ?", arrayId,
                    now.toEpochMilli());
            List<StateChanges.Change> changes = new ArrayList<>();
            for (Job job : JobRows.query(c, "WHERE batch_id = ? AND state = 'PENDING' ORDER BY task_index", batchId)) {
                String slurmId = arrayId + "_" + job.taskIndex();
                changes.add(StateChanges.Change.transition(job.id(), job.version(), JobState.QUEUED,
                        j -> j.withBatch(j.batchId(), j.taskIndex(), slurmId),
                        "submitted in " + batch.name() + " as " + slurmId));
            }
            StateChanges.apply(c, changes, now).orThrow();
            return batch;
        });
    }

    /**
     * SUBMITTING → REJECTED with the scheduler's message (on the batch and in its event). Its jobs stay
     * PENDING and leave the batch, so the next stage batches them again once the cause is fixed.
     */
    public Batch markRejected(long batchId, String schedulerMessage) {
        Instant now = clock.instant();
        return db.write(c -> {
            Batch batch = Batches.transition(c, batchId, BatchState.SUBMITTING, BatchState.REJECTED,
                    EventKind.BATCH_REJECTED, schedulerMessage, now, "error = ?", schedulerMessage);
            try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET batch_id = NULL, task_index = NULL, "
                    + "updated_at = ?, version = version + 1 WHERE batch_id = ? AND state = 'PENDING'")) {
                p.setLong(1, now.toEpochMilli());
                p.setLong(2, batchId);
                p.executeUpdate();
            }
            return batch;
        });
    }

    /** SUBMITTING → STAGED (token cleared) when a restart finds the submission never reached the scheduler. */
    public Batch revertToStaged(long batchId) {
        Instant now = clock.instant();
        return db.write(c -> Batches.transition(c, batchId, BatchState.SUBMITTING, BatchState.STAGED,
                EventKind.BATCH_REVERTED, "submission not found at the scheduler", now, "submit_token = NULL"));
    }

    // ---------------------------------------------------------------- tracking

    /** QUEUED and RUNNING jobs, by slurm id. */
    public List<Job> activeJobs() {
        return db.read(c -> JobRows.query(c, "WHERE state IN ('QUEUED', 'RUNNING') ORDER BY batch_id, task_index"));
    }

    /** Array ids of submitted batches that still have queued or running jobs. */
    public Set<String> activeArrayIds() {
        return db.read(c -> {
            Set<String> ids = new LinkedHashSet<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT array_id FROM batches WHERE state = 'SUBMITTED' ORDER BY number")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    /**
     * Applies one poll cycle's (or retry round's) updates in one transaction. Updates that are illegal,
     * stale or for unknown jobs are reported in the result and written not at all; the others are written
     * with their events. Submitted batches whose last active job left are marked FINISHED.
     */
    public ApplyResult apply(List<JobUpdate> updates) {
        List<StateChanges.Change> changes = changes(updates);
        Instant now = clock.instant();
        return db.write(c -> StateChanges.apply(c, changes, now).toApplyResult());
    }

    private static List<StateChanges.Change> changes(List<JobUpdate> updates) {
        List<StateChanges.Change> changes = new ArrayList<>(updates.size());
        for (JobUpdate u : updates) {
            changes.add(new StateChanges.Change(u.jobId(), u.expectedVersion(), u.state(), j -> edit(j, u), reasonOf(u), true,
                    u.use()));
        }
        return changes;
    }

    private static Job edit(Job j, JobUpdate u) {
        Job e = j.withRun(
                u.slurmState() != null ? u.slurmState() : j.slurmState(),
                u.exitCode() != null ? u.exitCode() : j.exitCode(),
                u.startedAt() != null ? u.startedAt() : j.startedAt(),
                u.finishedAt() != null ? u.finishedAt() : j.finishedAt());
        e = e.withOutcome(
                u.failureReason() != null ? u.failureReason() : e.failureReason(),
                u.nextAttemptAt() != null ? u.nextAttemptAt() : e.nextAttemptAt());
        return e.withAttempt(
                u.attempt() != null ? u.attempt() : e.attempt(),
                u.timeoutHours() != null ? u.timeoutHours() : e.timeoutHours(),
                u.memoryGb() != null ? u.memoryGb() : e.memoryGb());
    }

    private static String reasonOf(JobUpdate u) {
        if (u.reason() != null) {
            return u.reason();
        }
        return u.failureReason() != null ? u.failureReason() : u.slurmState();
    }

    /**
     * Moves one job to {@code to}, if it is still at {@code expectedVersion}, with a history event; the
     * single-job form of {@link #apply(List)}.
     *
     * @throws IllegalStateTransitionException the transition table forbids the change (nothing is written)
     * @throws OptimisticLockException         the job changed since it was read
     * @throws IllegalArgumentException        there is no such job
     */
    public Job changeState(String jobId, long expectedVersion, JobState to, String reason) {
        StateChanges.Change change = StateChanges.Change.transition(jobId, expectedVersion, to, j -> j, reason);
        Instant now = clock.instant();
        return db.write(c -> StateChanges.apply(c, List.of(change), now).orThrow().appliedJobs().get(0));
    }

    // ---------------------------------------------------------------- retries and user actions

    /** FAILED jobs whose retry time has come ({@code next_attempt_at <= now}), earliest first. */
    public List<Job> dueRetries(Instant now, int limit) {
        return db.read(c -> JobRows.query(c, DUE_RETRIES, now.toEpochMilli(), limit));
    }

    /** How many FAILED jobs have a retry planned, and the earliest planned time (null when none): one indexed query. */
    public RetryPlan retryPlan() {
        return db.read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(next_attempt_at) FROM jobs INDEXED BY jobs_due_retry "
                         + "WHERE state = 'FAILED' AND next_attempt_at IS NOT NULL")) {
                rs.next();
                long next = rs.getLong(2);
                return new RetryPlan(rs.getLong(1), rs.wasNull() ? null : Instant.ofEpochMilli(next));
            }
        });
    }

    /**
     * FAILED → PENDING for an automatic retry: out of its batch, attempt set to {@code newAttempt}, per-job
     * overrides set (null keeps the current ones).
     *
     * @throws OptimisticLockException         the job changed since it was read at {@code expectedVersion}
     * @throws IllegalStateTransitionException the job is not FAILED
     */
    public Job requeueForRetry(String jobId, long expectedVersion, int newAttempt, Double timeoutHours, Double memoryGb,
                               String reason) {
        if (newAttempt < 1) {
            throw new IllegalArgumentException("Attempt must be >= 1, got " + newAttempt);
        }
        StateChanges.Change change = StateChanges.Change.transition(jobId, expectedVersion, JobState.PENDING,
                j -> j.withAttempt(newAttempt, timeoutHours != null ? timeoutHours : j.timeoutHours(),
                        memoryGb != null ? memoryGb : j.memoryGb()), reason);
        Instant now = clock.instant();
        return db.write(c -> {
            Job before = JobRows.query(c, "WHERE id = ?", jobId).stream().findFirst().orElse(null);
            if (before != null && expectedVersion == before.version() && before.state() != JobState.FAILED) {
                // automatic retries start from FAILED only, even where the table allows more (e.g. CANCELLED)
                throw new IllegalStateTransitionException(jobId, before.state(), JobState.PENDING);
            }
            return StateChanges.apply(c, List.of(change), now).orThrow().appliedJobs().get(0);
        });
    }

    /**
     * The user's {@code retry}: the given FAILED or CANCELLED jobs → PENDING, attempt + 1, in one
     * transaction. All or none: any other state fails the call with the transition error.
     */
    public List<Job> forceRetry(Collection<String> jobIds, String reason) {
        Instant now = clock.instant();
        return db.write(c -> {
            Map<String, Job> stored = JobRows.load(c, jobIds);
            for (String id : jobIds) {
                Job job = stored.get(id);
                if (job != null && job.state() != JobState.FAILED && job.state() != JobState.CANCELLED) {
                    throw new IllegalStateTransitionException(id, job.state(), JobState.PENDING);
                }
            }
            return StateChanges.apply(c, retryChanges(jobIds, reason), now).orThrow().appliedJobs();
        });
    }

    /** The user's {@code retry} without ids: every FAILED job → PENDING, attempt + 1. */
    public List<Job> forceRetryAllFailed(String reason) {
        Instant now = clock.instant();
        return db.write(c -> {
            List<String> ids = new ArrayList<>();
            for (Job job : JobRows.query(c, "WHERE state = 'FAILED' ORDER BY realization, redshift")) {
                ids.add(job.id());
            }
            return StateChanges.apply(c, retryChanges(ids, reason), now).orThrow().appliedJobs();
        });
    }

    private static List<StateChanges.Change> retryChanges(Collection<String> jobIds, String reason) {
        List<StateChanges.Change> changes = new ArrayList<>(jobIds.size());
        for (String id : jobIds) {
            changes.add(StateChanges.Change.transition(id, StateChanges.CURRENT_VERSION, JobState.PENDING,
                    j -> j.withAttempt(j.attempt() + 1, j.timeoutHours(), j.memoryGb()), reason));
        }
        return changes;
    }

    /**
     * The user's {@code rerun}: the given finished jobs (COMPLETED, FAILED or CANCELLED) → PENDING, attempt + 1,
     * each with its own event reason, in one transaction. All or none: a job that is pending or still with the
     * scheduler fails the call.
     */
    public List<Job> rerun(Map<String, String> reasonByJobId) {
        Instant now = clock.instant();
        return db.write(c -> {
            Map<String, Job> stored = JobRows.load(c, reasonByJobId.keySet());
            List<StateChanges.Change> changes = new ArrayList<>(reasonByJobId.size());
            for (Map.Entry<String, String> e : reasonByJobId.entrySet()) {
                Job job = stored.get(e.getKey());
                if (job == null) {
                    throw new IllegalArgumentException("No job " + e.getKey() + " in this production.");
                }
                if (job.state() == JobState.PENDING || job.state().isActive()) {
                    throw new IllegalStateTransitionException(e.getKey(), job.state(), JobState.PENDING);
                }
                changes.add(StateChanges.Change.transition(e.getKey(), StateChanges.CURRENT_VERSION, JobState.PENDING,
                        j -> j.withAttempt(j.attempt() + 1, j.timeoutHours(), j.memoryGb()), e.getValue()));
            }
            return StateChanges.apply(c, changes, now).orThrow().appliedJobs();
        });
    }

    /** The ended runs of a job, oldest first (the current run, if any, is the job row itself). */
    public List<Attempt> attempts(String jobId) {
        return db.read(c -> Attempts.ofJob(c, jobId));
    }

    /**
     * Wall time of the ended runs and the time they reserved, in seconds, and how many they are:
     * {@code [used, reserved, runs]}. A run
     * without an accounted elapsed time counts from its start to its end; one without a reported limit
     * counts {@code defaultLimitSeconds}. One aggregate over the attempts table.
     */
    public double[] runSeconds(double defaultLimitSeconds) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT "
                    + "COALESCE(SUM(COALESCE(elapsed_s, (finished_at - started_at) / 1000.0)), 0), "
                    + "COALESCE(SUM(COALESCE(time_limit_s, ?)), 0), COUNT(*) FROM attempts "
                    + "WHERE elapsed_s IS NOT NULL OR (started_at IS NOT NULL AND finished_at IS NOT NULL)")) {
                p.setDouble(1, defaultLimitSeconds);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return new double[] {rs.getDouble(1), rs.getDouble(2), rs.getLong(3)};
                }
            }
        });
    }

    /** Every ended run of the production, in the order they ended. */
    public void forEachAttempt(Consumer<Attempt> consumer) {
        db.read(c -> {
            Attempts.each(c, "ORDER BY id", null, consumer);
            return null;
        });
    }

    /**
     * The user's {@code cancel}: the given jobs → CANCELLED in one transaction, returned as now stored (the
     * caller cancels the queued/running ones at the scheduler by their slurm ids). All or none, except that
     * jobs a poll meanwhile found CANCELLED (the scheduler's cancel, which comes first) are left as they are.
     */
    public List<Job> cancel(Collection<String> jobIds, String reason) {
        Instant now = clock.instant();
        return db.write(c -> {
            Map<String, Job> stored = JobRows.load(c, jobIds);
            List<StateChanges.Change> changes = new ArrayList<>(jobIds.size());
            for (String id : jobIds) {
                Job job = stored.get(id);
                if (job != null && job.state() == JobState.CANCELLED) {
                    continue;
                }
                changes.add(StateChanges.Change.transition(id, StateChanges.CURRENT_VERSION, JobState.CANCELLED,
                        j -> j, reason));
            }
            return StateChanges.apply(c, changes, now).orThrow().appliedJobs();
        });
    }

    // ---------------------------------------------------------------- production facts

    /** Sets a production-level fact (name, tag, config_sha256, ...), replacing any earlier value. */
    public void putMeta(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
                p.setString(1, key);
                p.setString(2, value);
                p.executeUpdate();
            }
            return null;
        });
    }

    public Optional<String> meta(String key) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
                p.setString(1, key);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Every production-level fact, by key. */
    public Map<String, String> allMeta() {
        return db.read(c -> {
            Map<String, String> all = new LinkedHashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT key, value FROM meta ORDER BY key")) {
                while (rs.next()) {
                    all.put(rs.getString(1), rs.getString(2));
                }
            }
            return all;
        });
    }
}
