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

    private static final String UPDATE = "UPDATE jobs SET state = ?, attempt = ?, batch_id = ?, task_index = ?, "
            + "slurm_id = ?, slurm_state = ?, exit_code = ?, failure_reason = ?, next_attempt_at = ?, timeout_hours = ?, "
            + "memory_gb = ?, started_at = ?, finished_at = ?, updated_at = ?, version = version + 1 "
            + "WHERE id = ? AND version = ?";

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
        Map<String, Job> stored = JobRows.load(c, ids);
        List<Outcome> outcomes = new ArrayList<>(changes.size());
        Set<Long> leftBatches = new LinkedHashSet<>();
        try (PreparedStatement update = c.prepareStatement(UPDATE)) {
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
                bind(update, after, expected);
                update.addBatch();
                pending.add(change, current, after, expected, outcomes.size());
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

    private static void bind(PreparedStatement p, Job j, long expectedVersion) throws SQLException {
        p.setString(1, j.state().name());
        p.setInt(2, j.attempt());
        Sql.setLong(p, 3, j.batchId());
        Sql.setInt(p, 4, j.taskIndex());
        p.setString(5, j.slurmId());
        p.setString(6, j.slurmState());
        Sql.setInt(p, 7, j.exitCode());
        p.setString(8, j.failureReason());
        Sql.setInstant(p, 9, j.nextAttemptAt());
        Sql.setDouble(p, 10, j.timeoutHours());
        Sql.setDouble(p, 11, j.memoryGb());
        Sql.setInstant(p, 12, j.startedAt());
        Sql.setInstant(p, 13, j.finishedAt());
        Sql.setInstant(p, 14, j.updatedAt());
        p.setString(15, j.id());
        p.setLong(16, expectedVersion);
    }

    /** Updates added to the JDBC batch but not executed yet. */
    private static final class Pending {
        private final Set<String> ids = new HashSet<>();
        private final List<Change> changes = new ArrayList<>();
        private final List<Job> befores = new ArrayList<>();
        private final List<Job> afters = new ArrayList<>();
        private final List<Long> expected = new ArrayList<>();
        private final List<Integer> slots = new ArrayList<>();

        int size() {
            return changes.size();
        }

        void add(Change change, Job before, Job after, long expectedVersion, int slot) {
            ids.add(change.jobId());
            changes.add(change);
            befores.add(before);
            afters.add(after);
            expected.add(expectedVersion);
            slots.add(slot);
        }

        void flush(Connection c, PreparedStatement update, Map<String, Job> stored, List<Outcome> outcomes,
                   Set<Long> leftBatches, Instant now) throws SQLException {
            if (changes.isEmpty()) {
                return;
            }
            int[] counts = update.executeBatch();
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
        }
    }
}
