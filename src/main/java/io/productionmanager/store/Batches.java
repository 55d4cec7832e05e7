package io.productionmanager.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Reads and writes {@code batches} rows; every batch state change is checked and appends an event. */
final class Batches {

    static final String COLUMNS = "id, number, script_path, manifest_path, task_count, array_spec, array_id, submit_token, "
            + "state, error, is_retry, timeout_hours, memory_gb, created_at, submitted_at";

    private Batches() {
    }

    static Batch batch(ResultSet rs) throws SQLException {
        return new Batch(
                rs.getLong("id"),
                rs.getInt("number"),
                rs.getString("script_path"),
                rs.getString("manifest_path"),
                rs.getInt("task_count"),
                rs.getString("array_spec"),
                rs.getString("array_id"),
                rs.getString("submit_token"),
                BatchState.valueOf(rs.getString("state")),
                rs.getString("error"),
                rs.getInt("is_retry") != 0,
                Sql.getDouble(rs, "timeout_hours"),
                Sql.getDouble(rs, "memory_gb"),
                Sql.getInstant(rs, "created_at"),
                Sql.getInstant(rs, "submitted_at"));
    }

    static List<Batch> query(Connection c, String where, Object... params) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM batches " + where)) {
            for (int i = 0; i < params.length; i++) {
                p.setObject(i + 1, params[i]);
            }
            List<Batch> batches = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    batches.add(batch(rs));
                }
            }
            return batches;
        }
    }

    static Optional<Batch> find(Connection c, long id) throws SQLException {
        return query(c, "WHERE id = ?", id).stream().findFirst();
    }

    static Batch require(Connection c, long id) throws SQLException {
        return find(c, id).orElseThrow(() -> new IllegalArgumentException("No batch with id " + id + " in this production."));
    }

    static long insert(Connection c, NewBatch b, int taskCount, Instant now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO batches (number, script_path, manifest_path, task_count, "
                + "array_spec, state, is_retry, timeout_hours, memory_gb, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                PreparedStatement.RETURN_GENERATED_KEYS)) {
            p.setInt(1, b.number());
            p.setString(2, b.scriptPath());
            p.setString(3, b.manifestPath());
            p.setInt(4, taskCount);
            p.setString(5, b.arraySpec());
            p.setString(6, BatchState.STAGED.name());
            p.setInt(7, b.retry() ? 1 : 0);
            Sql.setDouble(p, 8, b.timeoutHours());
            Sql.setDouble(p, 9, b.memoryGb());
            p.setLong(10, now.toEpochMilli());
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /**
     * Moves a batch from {@code from} to {@code to}, setting {@code setClause} columns too (its parameters
     * first), with a history event; throws if the batch is not in {@code from} or the change is not allowed.
     */
    static Batch transition(Connection c, long id, BatchState from, BatchState to, EventKind kind, String reason,
                            Instant now, String setClause, Object... params) throws SQLException {
        Batch current = require(c, id);
        if (current.state() != from || !from.allowedNext().contains(to)) {
            throw new IllegalStateException("Batch " + id + " (" + current.name() + ") cannot change state from "
                    + current.state() + " to " + to + ".");
        }
        String set = setClause.isEmpty() ? "" : ", " + setClause;
        try (PreparedStatement p = c.prepareStatement("UPDATE batches SET state = ?" + set + " WHERE id = ? AND state = ?")) {
            p.setString(1, to.name());
            for (int i = 0; i < params.length; i++) {
                p.setObject(i + 2, params[i]);
            }
            p.setLong(params.length + 2, id);
            p.setString(params.length + 3, from.name());
            if (p.executeUpdate() != 1) {
                throw new IllegalStateException("Batch " + id + " changed state while being updated.");
            }
        }
        EventLog.append(c, List.of(new Event(0, null, id, now, kind, from.name(), to.name(), reason)));
        return require(c, id);
    }

    /** Marks FINISHED each SUBMITTED batch among {@code ids} that no longer has a queued or running job. */
    static List<Long> finishIfDone(Connection c, Collection<Long> ids, Instant now) throws SQLException {
        List<Long> finished = new ArrayList<>();
        if (ids.isEmpty()) {
            return finished;
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE batches SET state = 'FINISHED' WHERE id = ? "
                + "AND state = 'SUBMITTED' AND NOT EXISTS "
                + "(SELECT 1 FROM jobs WHERE batch_id = ? AND state IN ('QUEUED', 'RUNNING'))")) {
            for (long id : ids) {
                p.setLong(1, id);
                p.setLong(2, id);
                if (p.executeUpdate() == 1) {
                    finished.add(id);
                }
            }
        }
        List<Event> events = new ArrayList<>();
        for (long id : finished) {
            events.add(new Event(0, null, id, now, EventKind.BATCH_FINISHED, BatchState.SUBMITTED.name(),
                    BatchState.FINISHED.name(), "no queued or running jobs left"));
        }
        EventLog.append(c, events);
        return finished;
    }
}
