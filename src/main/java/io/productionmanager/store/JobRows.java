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

    static Job job(ResultSet rs) throws SQLException {
        return new Job(
                rs.getString("id"),
                rs.getInt("realization"),
                rs.getDouble("redshift"),
                rs.getString("output_path"),
                JobState.valueOf(rs.getString("state")),
                rs.getInt("attempt"),
                Sql.getLong(rs, "batch_id"),
                Sql.getInt(rs, "task_index"),
                rs.getString("slurm_id"),
                rs.getString("slurm_state"),
                Sql.getInt(rs, "exit_code"),
                rs.getString("failure_reason"),
                Sql.getInstant(rs, "next_attempt_at"),
                Sql.getDouble(rs, "timeout_hours"),
                Sql.getDouble(rs, "memory_gb"),
                Sql.getInstant(rs, "started_at"),
                Sql.getInstant(rs, "finished_at"),
                Sql.getInstant(rs, "created_at"),
                Sql.getInstant(rs, "updated_at"),
                rs.getLong("version"));
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
