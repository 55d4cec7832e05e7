package io.productionmanager.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Appends to and reads the {@code events} history; nothing here updates or deletes a row. */
final class EventLog {

    static final String COLUMNS = "id, job_id, batch_id, at, kind, from_state, to_state, reason";

    private static final String INSERT =
            "INSERT INTO events (job_id, batch_id, at, kind, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private EventLog() {
    }

    /** Appends the events (their ids are ignored) as one JDBC batch. */
    static void append(Connection c, List<Event> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement(INSERT)) {
            for (Event e : events) {
                p.setString(1, e.jobId());
                Sql.setLong(p, 2, e.batchId());
                p.setLong(3, e.at().toEpochMilli());
                p.setString(4, e.kind().name());
                p.setString(5, e.fromState());
                p.setString(6, e.toState());
                p.setString(7, e.reason());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    static Event event(ResultSet rs) throws SQLException {
        return new Event(
                rs.getLong("id"),
                rs.getString("job_id"),
                Sql.getLong(rs, "batch_id"),
                Sql.getInstant(rs, "at"),
                EventKind.valueOf(rs.getString("kind")),
                rs.getString("from_state"),
                rs.getString("to_state"),
                rs.getString("reason"));
    }
}
