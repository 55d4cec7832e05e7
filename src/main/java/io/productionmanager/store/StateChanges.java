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
 */
final class StateChanges {

    /** Expected version meaning "whatever is stored now" (for changes made under the write lock). */
    static final long CURRENT_VERSION = -1;

    /** Updates per JDBC batch. */
    private static final int BATCH = 1_000;

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

    /** The outcomes in the order of the changes, and the batches whose active jobs all left. */
    record Result(List<Outcome> outcomes, List<Long> finishedBatchIds) {

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
        Set<String> ids = new LinkedHashSet<>();
        for (Change change : changes) {
            ids.add(change.jobId());
        }
        return apply(c, changes, JobRows.load(c, ids), now);
    }

    /**
     * As {@link #apply(Connection, List, Instant)}, with the jobs as the caller read them (a change whose job is
     * absent is refused as unknown). Only for changes with an expected version: a row read before the
     * transaction may be stale, and then the UPDATE's {@code version = ?} refuses the change as stale, as it would
     * have been refused had the row been read here.
     */
    static Result apply(Connection c, List<Change> changes, Map<String, Job> read, Instant now) throws SQLException {
        Map<String, Job> stored = new java.util.HashMap<>(read);
        List<Outcome> outcomes = new ArrayList<>(changes.size());
        Set<Long> leftBatches = new LinkedHashSet<>();
        try (Updates update = new Updates(c)) {
            Pending pending = new Pending();
            for (Change change : changes) {
                // a second change to the same job must see the first one's result
                if (pending.ids.contains(change.jobId()) || pending.size() == BATCH) {
                    pending.flush(c, update, stored, outcomes, leftBatches, now);
                }
                Job current = stored.get(change.jobId());
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
                int slot = update.add(current, after, expected);
                pending.add(change, current, after, expected, outcomes.size(), slot);
                outcomes.add(null); // filled in by flush
            }
            pending.flush(c, update, stored, outcomes, leftBatches, now);
        }
        List<Long> finished = Batches.finishIfDone(c, leftBatches, now);
        return new Result(outcomes, finished);
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
    private static int changedColumns(Job before, Job after) {
        Object[] b = values(before);
        Object[] a = values(after);
        int mask = 0;
        for (int i = 0; i < COLUMNS.length; i++) {
            if (!Objects.equals(b[i], a[i])) {
                mask |= 1 << i;
            }
        }
        return mask;
    }

    private static Object[] values(Job j) {
        return new Object[] {j.state(), j.attempt(), j.batchId(), j.taskIndex(), j.slurmId(), j.slurmState(), j.exitCode(),
            j.failureReason(), j.nextAttemptAt(), j.timeoutHours(), j.memoryGb(), j.startedAt(), j.finishedAt()};
    }

    private static void bind(PreparedStatement p, int mask, Job j, long expectedVersion) throws SQLException {
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
        p.setString(i++, j.id());
        p.setLong(i, expectedVersion);
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
        int add(Job before, Job after, long expectedVersion) throws SQLException {
            int mask = changedColumns(before, after);
            PreparedStatement p = byMask.get(mask);
            if (p == null) {
                StringBuilder sql = new StringBuilder("UPDATE jobs SET ");
                for (int col = 0; col < COLUMNS.length; col++) {
                    if ((mask & (1 << col)) != 0) {
                        sql.append(COLUMNS[col]).append(" = ?, ");
                    }
                }
                sql.append("updated_at = ?, version = version + 1 WHERE id = ? AND version = ?");
                p = c.prepareStatement(sql.toString());
                byMask.put(mask, p);
            }
            bind(p, mask, after, expectedVersion);
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

    /** Updates added to the JDBC batch but not executed yet. */
    private static final class Pending {
        private final Set<String> ids = new HashSet<>();
        private final List<Change> changes = new ArrayList<>();
        private final List<Job> befores = new ArrayList<>();
        private final List<Job> afters = new ArrayList<>();
        private final List<Long> expected = new ArrayList<>();
        private final List<Integer> slots = new ArrayList<>();
        private final List<Integer> updateSlots = new ArrayList<>();

        int size() {
            return changes.size();
        }

        void add(Change change, Job before, Job after, long expectedVersion, int slot, int updateSlot) {
            ids.add(change.jobId());
            changes.add(change);
            befores.add(before);
            afters.add(after);
            expected.add(expectedVersion);
            slots.add(slot);
            updateSlots.add(updateSlot);
        }

        void flush(Connection c, Updates update, Map<String, Job> stored, List<Outcome> outcomes,
                   Set<Long> leftBatches, Instant now) throws SQLException {
            if (changes.isEmpty()) {
                return;
            }
            update.execute();
            int[] counts = new int[changes.size()];
            for (int k = 0; k < counts.length; k++) {
                counts[k] = update.count(updateSlots.get(k));
            }
            update.clear();
            List<Event> events = new ArrayList<>();
            List<Attempts.Ended> ended = new ArrayList<>();
            for (int k = 0; k < changes.size(); k++) {
                Change change = changes.get(k);
                Job before = befores.get(k);
                Job after = afters.get(k);
                if (counts[k] > 1) {
                    throw new IllegalStateException("Updating job " + change.jobId() + " changed " + counts[k]
                            + " rows; job ids must be unique.");
                }
                if (counts[k] == 0) {
                    outcomes.set(slots.get(k), refused(change, before, ApplyResult.Reason.STALE_VERSION,
                            new OptimisticLockException(change.jobId(), expected.get(k), before.version())));
                    continue;
                }
                stored.put(after.id(), after);
                outcomes.set(slots.get(k), new Outcome(change, before, after, null, null));
                if (before.state() != after.state()) {
                    Long batchId = before.batchId() != null ? before.batchId() : after.batchId();
                    events.add(new Event(0, after.id(), batchId, now, EventKind.STATE_CHANGED, before.state().name(),
                            after.state().name(), change.reason()));
                }
                if (before.batchId() != null && before.state().isActive() && !after.state().isActive()) {
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
            changes.clear();
            befores.clear();
            afters.clear();
            expected.clear();
            slots.clear();
            updateSlots.clear();
        }
    }
}
