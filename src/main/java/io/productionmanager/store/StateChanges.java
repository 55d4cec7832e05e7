package io.productionmanager.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The one guarded way a job row changes: the transition table is checked, the row is written with
 * {@code UPDATE ... WHERE id = ? AND version = ?}, and every state change appends an event. Works on
 * lists (JDBC batches) inside the caller's write transaction; a single change is a list of one.
 *
 * <p>Consecutive tasks of one batch that change alike (same state before and after, same version read, the
 * same values written, the same reason; a whole array starting, say) are written as a {@link Run}: one
 * {@code UPDATE} over the batch's task range guarded by state and version, and their events with one
 * {@code INSERT ... SELECT}. The range must hold exactly the run's jobs and the UPDATE must change every one of
 * them; otherwise it is rolled back to a savepoint and the run's changes are written one by one, so a stale row
 * is refused as it always was. Events keep the order of the changes.
 */
final class StateChanges {

    /** Expected version meaning "whatever is stored now" (for changes made under the write lock). */
    static final long CURRENT_VERSION = -1;

    /** Updates per JDBC batch. */
    private static final int BATCH = 1_000;

    /** Fewest consecutive alike changes written as one {@link Run}. */
    static final int MIN_RUN = 8;

    /** Column bits of {@link #COLUMNS} a run may not change: its rows are found by them. */
    private static final int BATCH_COLUMNS = 1 << 2 | 1 << 3;

    /**
     * The columns a change can write. An UPDATE sets only those whose value changes (plus {@code updated_at} and
     * {@code version}): SQLite rewrites the entries of every index on a column named in SET, so naming the batch
     * columns when they stay as they are costs an index update per row for nothing.
     */
    private static final String[] COLUMNS = {"state", "attempt", "batch_id", "task_index", "slurm_id", "slurm_state",
        "exit_code", "failure_reason", "next_attempt_at", "timeout_hours", "memory_gb", "started_at", "finished_at"};

    private StateChanges() {
    }

    /**
     * One requested change.
     *
     * @param edit        sets the fields the change carries, applied to the stored job already moved to {@code to}
     * @param reason      the event's reason
     * @param fieldUpdate true when {@code to} may equal the current state (a field update, no event);
     *                    false when the change must be a real transition
     * @param use         what the run used, stored with its attempt when the run ends here (null: unknown)
     */
    record Change(String jobId, long expectedVersion, JobState to, UnaryOperator<Job> edit, String reason,
                  boolean fieldUpdate, ResourceUse use) {

        Change(String jobId, long expectedVersion, JobState to, UnaryOperator<Job> edit, String reason,
               boolean fieldUpdate) {
            this(jobId, expectedVersion, to, edit, reason, fieldUpdate, null);
        }

        /** A state change that must follow the transition table. */
        static Change transition(String jobId, long expectedVersion, JobState to, UnaryOperator<Job> edit, String reason) {
            return new Change(jobId, expectedVersion, to, edit, reason, false);
        }
    }

    /** What became of one change: {@code after} when written, {@code error} when refused. */
    record Outcome(Change change, Job before, Job after, ApplyResult.Reason refusal, RuntimeException error) {
        boolean applied() {
            return error == null;
        }
    }

    /**
     * The outcomes in the order of the changes, and the batches whose active jobs all left.
     *
     * @param inRuns how many of the changes were written in {@link Run}s
     */
    record Result(List<Outcome> outcomes, List<Long> finishedBatchIds, int inRuns) {

        /** Throws the first refusal, for operations that are all-or-nothing. */
        Result orThrow() {
            for (Outcome o : outcomes) {
                if (!o.applied()) {
                    throw o.error();
                }
            }
            return this;
        }

        List<Job> appliedJobs() {
            List<Job> jobs = new ArrayList<>();
            for (Outcome o : outcomes) {
                if (o.applied()) {
                    jobs.add(o.after());
                }
            }
            return jobs;
        }

        ApplyResult toApplyResult() {
            List<ApplyResult.Rejection> rejected = new ArrayList<>();
            for (Outcome o : outcomes) {
                if (!o.applied()) {
                    rejected.add(new ApplyResult.Rejection(o.change().jobId(), o.refusal(), o.error().getMessage()));
                }
            }
            return new ApplyResult(appliedJobs(), rejected, finishedBatchIds);
        }
    }

    /** Applies the changes in order inside the caller's transaction; refused ones are reported, not written. */
    static Result apply(Connection c, List<Change> changes, Instant now) throws SQLException {
        return apply(c, changes, now, MIN_RUN);
    }

    /** As {@link #apply(Connection, List, Instant)}, with runs of at least {@code minRun} changes. */
    static Result apply(Connection c, List<Change> changes, Instant now, int minRun) throws SQLException {
        Set<String> ids = new LinkedHashSet<>();
        for (Change change : changes) {
            ids.add(change.jobId());
        }
        return apply(c, changes, JobRows.load(c, ids), now, minRun);
    }

    /**
     * As {@link #apply(Connection, List, Instant)}, with the jobs as the caller read them (a change whose job is
     * absent is refused as unknown). Only for changes with an expected version: a row read before the
     * transaction may be stale, and then the UPDATE's {@code version = ?} refuses the change as stale, as it would
     * have been refused had the row been read here.
     */
    static Result apply(Connection c, List<Change> changes, Map<String, Job> read, Instant now) throws SQLException {
        return apply(c, changes, read, now, MIN_RUN);
    }

    /** As {@link #apply(Connection, List, Map, Instant)}, with runs of at least {@code minRun} changes. */
    static Result apply(Connection c, List<Change> changes, Map<String, Job> read, Instant now, int minRun)
            throws SQLException {
        // the jobs as this apply left them; the others are as read
        Map<String, Job> stored = new java.util.HashMap<>(Math.max(16, changes.size() * 4 / 3 + 1));
        List<Outcome> outcomes = new ArrayList<>(changes.size());
        Set<Long> leftBatches = new LinkedHashSet<>();
        Pending pending = new Pending(minRun);
        try (Updates update = new Updates(c)) {
            for (Change change : changes) {
                // a second change to the same job must see the first one's result
                if (pending.ids.contains(change.jobId()) || pending.size() == BATCH) {
                    pending.flush(c, update, stored, outcomes, leftBatches, now);
                }
                Job current = stored.get(change.jobId());
                if (current == null) {
                    current = read.get(change.jobId());
                }
                if (current == null) {
                    outcomes.add(refused(change, null, ApplyResult.Reason.UNKNOWN_JOB,
                            new IllegalArgumentException("No job " + change.jobId() + " in this production.")));
                    continue;
                }
                long expected = change.expectedVersion() == CURRENT_VERSION ? current.version() : change.expectedVersion();
                // the transition is judged only against the state the caller saw; a stale caller is caught by the UPDATE
                boolean sameState = current.state() == change.to() && change.fieldUpdate();
                if (expected == current.version() && !sameState) {
                    try {
                        JobState.checkStateChange(current.id(), current.state(), change.to());
                    } catch (IllegalStateTransitionException e) {
                        outcomes.add(refused(change, current, ApplyResult.Reason.ILLEGAL_STATE_CHANGE, e));
                        continue;
                    }
                }
                Job after = normalize(change.edit().apply(current.withState(change.to())), current)
                        .withStamp(now, expected + 1);
                pending.add(new Entry(change, current, after, expected, outcomes.size()));
                outcomes.add(null); // filled in by flush
            }
            pending.flush(c, update, stored, outcomes, leftBatches, now);
        }
        List<Long> finished = Batches.finishIfDone(c, leftBatches, now);
        return new Result(outcomes, finished, pending.inRuns);
    }

    private static Outcome refused(Change change, Job before, ApplyResult.Reason why, RuntimeException error) {
        return new Outcome(change, before, null, why, error);
    }

    /** Field rules that follow from the new state alone. */
    private static Job normalize(Job job, Job before) {
        Job j = job;
        if (j.state() == JobState.PENDING && before.state() != JobState.PENDING) {
            // back to the start: the next stage batches it afresh; the last failure reason stays for the user
            j = j.withBatch(null, null, null).withRun(null, null, null, null).withOutcome(j.failureReason(), null);
        }
        if (j.state() == JobState.COMPLETED) {
            j = j.withOutcome(null, null);
        }
        if (j.state() == JobState.CANCELLED) {
            // a cancelled job is never picked up as a due retry
            j = j.withOutcome(j.failureReason(), null);
        }
        return j;
    }

    /** Which of {@link #COLUMNS} differ between the two rows, one bit each. */
    private static int changedColumns(Job b, Job a) {
        return differing(b, a, (1 << COLUMNS.length) - 1);
    }

    /**
     * Which of the columns in {@code mask} differ between the two rows, one bit each (field by field, in the order
     * of {@link #COLUMNS}; asked for every change, so without boxing the values into arrays).
     */
    private static int differing(Job b, Job a, int mask) {
        int out = 0;
        out |= b.state() != a.state() ? 1 : 0;
        out |= b.attempt() != a.attempt() ? 1 << 1 : 0;
        out |= !Objects.equals(b.batchId(), a.batchId()) ? 1 << 2 : 0;
        out |= !Objects.equals(b.taskIndex(), a.taskIndex()) ? 1 << 3 : 0;
        out |= !Objects.equals(b.slurmId(), a.slurmId()) ? 1 << 4 : 0;
        out |= !Objects.equals(b.slurmState(), a.slurmState()) ? 1 << 5 : 0;
        out |= !Objects.equals(b.exitCode(), a.exitCode()) ? 1 << 6 : 0;
        out |= !Objects.equals(b.failureReason(), a.failureReason()) ? 1 << 7 : 0;
        out |= !Objects.equals(b.nextAttemptAt(), a.nextAttemptAt()) ? 1 << 8 : 0;
        out |= !Objects.equals(b.timeoutHours(), a.timeoutHours()) ? 1 << 9 : 0;
        out |= !Objects.equals(b.memoryGb(), a.memoryGb()) ? 1 << 10 : 0;
        out |= !Objects.equals(b.startedAt(), a.startedAt()) ? 1 << 11 : 0;
        out |= !Objects.equals(b.finishedAt(), a.finishedAt()) ? 1 << 12 : 0;
        return out & mask;
    }

    /** {@code UPDATE table SET} the masked columns, {@code updated_at} and the next version, without a WHERE. */
    private static StringBuilder updateSet(String table, int mask) {
        StringBuilder sql = new StringBuilder("UPDATE ").append(table).append(" SET ");
        for (int col = 0; col < COLUMNS.length; col++) {
            if ((mask & (1 << col)) != 0) {
                sql.append(COLUMNS[col]).append(" = ?, ");
            }
        }
        return sql.append("updated_at = ?, version = version + 1");
    }

    private static void bind(PreparedStatement p, int mask, Job j, long expectedVersion) throws SQLException {
        int i = bindColumns(p, mask, j);
        p.setString(i++, j.id());
        p.setLong(i, expectedVersion);
    }

    /** Binds the masked columns' values and {@code updated_at} from parameter 1; returns the next parameter. */
    private static int bindColumns(PreparedStatement p, int mask, Job j) throws SQLException {
        int i = 1;
        for (int col = 0; col < COLUMNS.length; col++) {
            if ((mask & (1 << col)) == 0) {
                continue;
            }
            switch (col) {
                case 0 -> p.setString(i, j.state().name());
                case 1 -> p.setInt(i, j.attempt());
                case 2 -> Sql.setLong(p, i, j.batchId());
                case 3 -> Sql.setInt(p, i, j.taskIndex());
                case 4 -> p.setString(i, j.slurmId());
                case 5 -> p.setString(i, j.slurmState());
                case 6 -> Sql.setInt(p, i, j.exitCode());
                case 7 -> p.setString(i, j.failureReason());
                case 8 -> Sql.setInstant(p, i, j.nextAttemptAt());
                case 9 -> Sql.setDouble(p, i, j.timeoutHours());
                case 10 -> Sql.setDouble(p, i, j.memoryGb());
                case 11 -> Sql.setInstant(p, i, j.startedAt());
                default -> Sql.setInstant(p, i, j.finishedAt());
            }
            i++;
        }
        Sql.setInstant(p, i++, j.updatedAt());
        return i;
    }

    /** The UPDATE statements of one apply, one per set of changed columns, each with its own JDBC batch. */
    private static final class Updates implements AutoCloseable {
        private final Connection c;
        private final Map<Integer, PreparedStatement> byMask = new java.util.LinkedHashMap<>();
        private final Map<Integer, Integer> added = new java.util.HashMap<>();
        private final List<Integer> masks = new ArrayList<>();
        private final List<Integer> positions = new ArrayList<>();
        private final Map<Integer, int[]> counts = new java.util.HashMap<>();

        Updates(Connection c) {
            this.c = c;
        }

        /** Adds the row's UPDATE to its statement's batch; returns the slot its count will be found at. */
        int add(Entry e) throws SQLException {
            int mask = e.mask;
            PreparedStatement p = byMask.get(mask);
            if (p == null) {
                p = c.prepareStatement(updateSet("jobs", mask).append(" WHERE id = ? AND version = ?").toString());
                byMask.put(mask, p);
            }
            bind(p, mask, e.after, e.expected);
            p.addBatch();
            int position = added.merge(mask, 1, Integer::sum) - 1;
            masks.add(mask);
            positions.add(position);
            return masks.size() - 1;
        }

        /** Runs every pending batch; the rows each UPDATE changed are then {@link #count}. */
        void execute() throws SQLException {
            counts.clear();
            for (Map.Entry<Integer, Integer> e : added.entrySet()) {
                if (e.getValue() > 0) {
                    counts.put(e.getKey(), byMask.get(e.getKey()).executeBatch());
                }
            }
        }

        int count(int slot) {
            return counts.get(masks.get(slot))[positions.get(slot)];
        }

        /** Forgets the executed batches (slots start again from 0). */
        void clear() {
            added.clear();
            masks.clear();
            positions.clear();
            counts.clear();
        }

        @Override
        public void close() throws SQLException {
            SQLException first = null;
            for (PreparedStatement p : byMask.values()) {
                try {
                    p.close();
                } catch (SQLException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    /** One change on its way to the database: the row before and after, and which columns it writes. */
    private static final class Entry {
        final Change change;
        final Job before;
        final Job after;
        final long expected;
        /** Its place in the outcomes. */
        final int slot;
        final int mask;

        Entry(Change change, Job before, Job after, long expected, int slot) {
            this.change = change;
            this.before = before;
            this.after = after;
            this.expected = expected;
            this.slot = slot;
            this.mask = changedColumns(before, after);
        }

        /** True when this change may be written in a run at all. */
        boolean runnable() {
            return before.state() != after.state() && (mask & BATCH_COLUMNS) == 0 && before.batchId() != null
                    && before.taskIndex() != null && !leavesBatch();
        }

        /** The job leaves an active state of its batch: the batch may be finished, and the run ended. */
        boolean leavesBatch() {
            return before.batchId() != null && before.state().isActive() && !after.state().isActive();
        }

        /** True when {@code next} is the next task of the same batch, changed exactly like this one. */
        boolean alike(Entry next) {
            if (next.mask != mask || next.expected != expected || next.before.state() != before.state()
                    || next.after.state() != after.state() || !next.before.batchId().equals(before.batchId())
                    || !Objects.equals(next.change.reason(), change.reason())) {
                return false;
            }
            return differing(after, next.after, mask) == 0;
        }
    }

    /**
     * Consecutive tasks of one batch changed alike, written with one UPDATE over their task range and one
     * INSERT ... SELECT of their events.
     */
    private static final class Run {
        private static final String COUNT = "SELECT COUNT(*) FROM jobs INDEXED BY jobs_batch "
                + "WHERE batch_id = ? AND task_index BETWEEN ? AND ?";
        private static final String EVENTS = "INSERT INTO events (job_id, batch_id, at, kind, from_state, to_state, reason) "
                + "SELECT id, batch_id, ?, '" + EventKind.STATE_CHANGED.name() + "', ?, ?, ? "
                + "FROM jobs INDEXED BY jobs_batch WHERE batch_id = ? AND task_index BETWEEN ? AND ? ORDER BY task_index";

        private Run() {
        }

        /**
         * Updates the rows of {@code entries[from..to)}; false, with nothing written, when the batch's task range holds
         * other jobs too or when any of its jobs is not at the state and version the run expects.
         */
        static boolean update(Connection c, List<Entry> entries, int from, int to) throws SQLException {
            Entry e = entries.get(from);
            int size = to - from;
            int first = e.before.taskIndex();
            int last = entries.get(to - 1).before.taskIndex();
            try (PreparedStatement p = c.prepareStatement(COUNT)) {
                p.setLong(1, e.before.batchId());
                p.setInt(2, first);
                p.setInt(3, last);
                try (java.sql.ResultSet rs = p.executeQuery()) {
                    if (!rs.next() || rs.getLong(1) != size) {
                        return false;
                    }
                }
            }
            String sql = updateSet("jobs INDEXED BY jobs_batch", e.mask)
                    .append(" WHERE batch_id = ? AND task_index BETWEEN ? AND ? AND state = ? AND version = ?").toString();
            java.sql.Savepoint savepoint = c.setSavepoint();
            int updated;
            try (PreparedStatement p = c.prepareStatement(sql)) {
                int i = bindColumns(p, e.mask, e.after);
                p.setLong(i++, e.before.batchId());
                p.setInt(i++, first);
                p.setInt(i++, last);
                p.setString(i++, e.before.state().name());
                p.setLong(i, e.expected);
                updated = p.executeUpdate();
            } catch (SQLException | RuntimeException ex) {
                c.rollback(savepoint);
                throw ex;
            }
            if (updated != size) {
                c.rollback(savepoint); // some job changed since it was read: the run's changes go one by one
            }
            c.releaseSavepoint(savepoint);
            return updated == size;
        }

        /** Appends the events of the run {@code entries[from..to)}, in task order. */
        static void events(Connection c, List<Entry> entries, int from, int to, Instant now) throws SQLException {
            Entry e = entries.get(from);
            try (PreparedStatement p = c.prepareStatement(EVENTS)) {
                p.setLong(1, now.toEpochMilli());
                p.setString(2, e.before.state().name());
                p.setString(3, e.after.state().name());
                p.setString(4, e.change.reason());
                p.setLong(5, e.before.batchId());
                p.setInt(6, e.before.taskIndex());
                p.setInt(7, entries.get(to - 1).before.taskIndex());
                int logged = p.executeUpdate();
                if (logged != to - from) {
                    throw new IllegalStateException("The events of a run of " + (to - from) + " jobs in batch "
                            + e.before.batchId() + " were " + logged + "; the batch's task range changed meanwhile.");
                }
            }
        }
    }

    /** Changes decided but not written yet. */
    private static final class Pending {
        private final Set<String> ids = new HashSet<>(BATCH * 4 / 3 + 1);
        private final List<Entry> entries = new ArrayList<>(BATCH);
        private final int minRun;
        /** Changes written in runs so far. */
        int inRuns;

        Pending(int minRun) {
            this.minRun = minRun;
        }

        int size() {
            return entries.size();
        }

        void add(Entry e) {
            ids.add(e.change.jobId());
            entries.add(e);
        }

        /** The end (exclusive) of the run that starts at {@code from}, or {@code from} when none does. */
        private int runEnd(int from) {
            Entry e = entries.get(from);
            if (!e.runnable()) {
                return from;
            }
            int to = from + 1;
            while (to < entries.size()) {
                Entry next = entries.get(to);
                if (!next.runnable() || !e.alike(next) || next.before.taskIndex() != entries.get(to - 1).before.taskIndex() + 1) {
                    break;
                }
                to++;
            }
            return to - from >= minRun ? to : from;
        }

        void flush(Connection c, Updates update, Map<String, Job> stored, List<Outcome> outcomes,
                   Set<Long> leftBatches, Instant now) throws SQLException {
            if (entries.isEmpty()) {
                return;
            }
            int n = entries.size();
            // runEnds[k] > k: a run k..runEnds[k]-1 written as one; 0 elsewhere
            int[] runEnds = new int[n];
            int[] updateSlots = new int[n];
            for (int k = 0; k < n; ) {
                int end = runEnd(k);
                if (end > k && Run.update(c, entries, k, end)) {
                    runEnds[k] = end;
                    inRuns += end - k;
                    java.util.Arrays.fill(updateSlots, k, end, -1);
                    k = end;
                    continue;
                }
                int stop = Math.max(end, k + 1);
                for (; k < stop; k++) {
                    updateSlots[k] = update.add(entries.get(k));
                }
            }
            update.execute();
            int[] counts = new int[n];
            for (int k = 0; k < n; k++) {
                counts[k] = updateSlots[k] < 0 ? 1 : update.count(updateSlots[k]);
            }
            update.clear();
            List<Event> events = new ArrayList<>();
            List<Attempts.Ended> ended = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                Entry e = entries.get(k);
                Change change = e.change;
                Job before = e.before;
                Job after = e.after;
                if (counts[k] > 1) {
                    throw new IllegalStateException("Updating job " + change.jobId() + " changed " + counts[k]
                            + " rows; job ids must be unique.");
                }
                if (counts[k] == 0) {
                    outcomes.set(e.slot, refused(change, before, ApplyResult.Reason.STALE_VERSION,
                            new OptimisticLockException(change.jobId(), e.expected, before.version())));
                    continue;
                }
                stored.put(after.id(), after);
                outcomes.set(e.slot, new Outcome(change, before, after, null, null));
                if (runEnds[k] > k) {
                    // a run's events follow the ones of the changes before it
                    EventLog.append(c, events);
                    events.clear();
                    Run.events(c, entries, k, runEnds[k], now);
                }
                if (updateSlots[k] < 0) {
                    continue; // its event is its run's
                }
                if (before.state() != after.state()) {
                    Long batchId = before.batchId() != null ? before.batchId() : after.batchId();
                    events.add(new Event(0, after.id(), batchId, now, EventKind.STATE_CHANGED, before.state().name(),
                            after.state().name(), change.reason()));
                }
                if (e.leavesBatch()) {
                    leftBatches.add(before.batchId());
                    if (after.state() != JobState.PENDING) {
                        // the run in this batch ended: its attempt joins the history
                        ended.add(new Attempts.Ended(before, after, change.use()));
                    }
                }
            }
            EventLog.append(c, events);
            Attempts.record(c, ended);
            ids.clear();
            entries.clear();
        }
    }
}
