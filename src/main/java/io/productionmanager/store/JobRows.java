package io.productionmanager.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code jobs} rows into {@link Job} records. */
final class JobRows {

    static final String COLUMNS = "id, realization, redshift, output_path, state, attempt, batch_id, task_index, slurm_id, "
            + "slurm_state, exit_code, failure_reason, next_attempt_at, timeout_hours, memory_gb, started_at, finished_at, "
            + "created_at, updated_at, version";

    /** Ids per IN list; well under SQLite's parameter limit. */
    private static final int IN_CHUNK = 500;

    private JobRows() {
    }

    /**
     * The job in the current row of a result set whose columns are {@link #COLUMNS}, in that order. Read by
     * position: a lookup by name costs a map access per column, 20 per row (0.8 million for a 40,000-job read).
     */
    static Job job(ResultSet rs) throws SQLException {
        return new Job(
                rs.getString(1),
                rs.getInt(2),
                rs.getDouble(3),
                rs.getString(4),
                JobState.valueOf(rs.getString(5)),
                rs.getInt(6),
                Sql.getLong(rs, 7),
                Sql.getInt(rs, 8),
                rs.getString(9),
                rs.getString(10),
                Sql.getInt(rs, 11),
                rs.getString(12),
                Sql.getInstant(rs, 13),
                Sql.getDouble(rs, 14),
                Sql.getDouble(rs, 15),
                Sql.getInstant(rs, 16),
                Sql.getInstant(rs, 17),
                Sql.getInstant(rs, 18),
                Sql.getInstant(rs, 19),
                rs.getLong(20));
    }

    /** Jobs matching {@code where} (with its parameters), e.g. {@code "WHERE state = ? ORDER BY id"}. */
    static List<Job> query(Connection c, String where, Object... params) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs " + where)) {
            for (int i = 0; i < params.length; i++) {
                p.setObject(i + 1, params[i]);
            }
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    jobs.add(job(rs));
                }
            }
            return jobs;
        }
    }

    /** The stored jobs among {@code ids}, by id (unknown ids are absent). */
    static Map<String, Job> load(Connection c, Collection<String> ids) throws SQLException {
        Map<String, Job> byId = new HashMap<>(ids.size() * 2);
        List<String> chunk = new ArrayList<>(IN_CHUNK);
        for (String id : ids) {
            chunk.add(id);
            if (chunk.size() == IN_CHUNK) {
                loadChunk(c, chunk, byId);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            loadChunk(c, chunk, byId);
        }
        return byId;
    }

    private static void loadChunk(Connection c, List<String> ids, Map<String, Job> into) throws SQLException {
        for (Job job : query(c, "WHERE id IN (" + Sql.placeholders(ids.size()) + ")", ids.toArray())) {
            into.put(job.id(), job);
        }
    }
}
