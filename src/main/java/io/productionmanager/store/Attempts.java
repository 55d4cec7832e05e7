package io.productionmanager.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The {@code attempts} table: one row per ended run, written in the transaction that ends it. */
final class Attempts {

    private static final String INSERT = "INSERT INTO attempts (job_id, attempt, batch_id, task_index, slurm_id, state, "
            + "exit_code, reason, started_at, finished_at, elapsed_s, cpu_s, max_rss_bytes, req_mem_bytes, alloc_cpus, "
            + "time_limit_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static final String COLUMNS = "job_id, attempt, batch_id, task_index, slurm_id, state, exit_code, reason, started_at, "
            + "finished_at, elapsed_s, cpu_s, max_rss_bytes, req_mem_bytes, alloc_cpus, time_limit_s";

    private Attempts() {
    }

    /** A run that ended: the job as it was in its batch, as it is now, and what the run used. */
    record Ended(Job before, Job after, ResourceUse use) {
    }

    static void record(Connection c, List<Ended> ended) throws SQLException {
        if (ended.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement(INSERT)) {
            for (Ended e : ended) {
                Job a = e.after();
                Job b = e.before();
                ResourceUse u = e.use() == null ? ResourceUse.NONE : e.use();
                p.setString(1, a.id());
                p.setInt(2, b.attempt());
                Sql.setLong(p, 3, b.batchId());
                Sql.setInt(p, 4, b.taskIndex());
                p.setString(5, a.slurmId() != null ? a.slurmId() : b.slurmId());
                p.setString(6, a.state().name());
                Sql.setInt(p, 7, a.exitCode());
                p.setString(8, a.state() == JobState.COMPLETED ? null : a.failureReason());
                Sql.setInstant(p, 9, a.startedAt());
                Sql.setInstant(p, 10, a.finishedAt());
                Sql.setLong(p, 11, u.elapsedSeconds());
                Sql.setDouble(p, 12, u.cpuSeconds());
                Sql.setLong(p, 13, u.maxRssBytes());
                Sql.setLong(p, 14, u.reqMemBytes());
                Sql.setInt(p, 15, u.allocCpus());
                Sql.setLong(p, 16, u.timeLimitSeconds());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    static List<Attempt> ofJob(Connection c, String jobId) throws SQLException {
        List<Attempt> out = new ArrayList<>();
        each(c, "WHERE job_id = ? ORDER BY id", jobId, out::add);
        return out;
    }

    static void each(Connection c, String where, String param, Consumer<Attempt> consumer) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM attempts " + where)) {
            if (param != null) {
                p.setString(1, param);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(read(rs));
                }
            }
        }
    }

    private static Attempt read(ResultSet rs) throws SQLException {
        ResourceUse use = new ResourceUse(Sql.getLong(rs, 11), Sql.getDouble(rs, 12), Sql.getLong(rs, 13),
                Sql.getLong(rs, 14), Sql.getInt(rs, 15), Sql.getLong(rs, 16));
        return new Attempt(rs.getString(1), rs.getInt(2), Sql.getLong(rs, 3), Sql.getInt(rs, 4), rs.getString(5),
                JobState.valueOf(rs.getString(6)), Sql.getInt(rs, 7), rs.getString(8), Sql.getInstant(rs, 9),
                Sql.getInstant(rs, 10), use);
    }
}
