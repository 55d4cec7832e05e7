package io.productionmanager.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Read-only queries behind the dashboard: the state of every job as one compact grid, recent completions,
 * node-hours, failure reasons and filtered job listings. Nothing here writes.
 */
public final class DashboardQueries {

    /** One character per job state, in {@link JobState} order: P Q R C F X. */
    public static final String STATE_CODES = "PQRCFX";

    /**
     * Every job's state on a realization x redshift grid.
     *
     * @param realizations the distinct realizations, ascending
     * @param redshifts    the distinct redshifts, ascending
     * @param states       one {@link #STATE_CODES} character per cell, realization-major
     *                     ({@code states[r * redshifts.length + z]}); {@code '.'} where no job is
     */
    public record Grid(int[] realizations, double[] redshifts, String states) {
    }

    /**
     * Node-hours of the jobs whose current attempt has started (running or finished).
     *
     * @param attempts     jobs counted
     * @param usedHours    Σ (finished, or now while running) − started, in hours, per job (times nodes later)
     * @param reservedWalltimeHours Σ the walltime each of those attempts asked for (per-job override, else the default)
     */
    public record StartedAttempts(long attempts, double usedHours, double reservedWalltimeHours) {
    }

    private final Database db;

    public DashboardQueries(JobStore store) {
        this.db = store.database();
    }

    /** The state of every job on the realization x redshift grid (one pass over the table). */
    public Grid grid() {
        return db.read(c -> {
            List<int[]> cells = new ArrayList<>();
            List<Double> zs = new ArrayList<>();
            TreeSet<Integer> rSet = new TreeSet<>();
            TreeSet<Double> zSet = new TreeSet<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT realization, redshift, state FROM jobs")) {
                while (rs.next()) {
                    int r = rs.getInt(1);
                    double z = rs.getDouble(2);
                    rSet.add(r);
                    zSet.add(z);
                    cells.add(new int[] {r, JobState.valueOf(rs.getString(3)).ordinal()});
                    zs.add(z);
                }
            }
            int[] realizations = rSet.stream().mapToInt(Integer::intValue).toArray();
            double[] redshifts = zSet.stream().mapToDouble(Double::doubleValue).toArray();
            Map<Integer, Integer> rIndex = new LinkedHashMap<>();
            for (int i = 0; i < realizations.length; i++) {
                rIndex.put(realizations[i], i);
            }
            Map<Double, Integer> zIndex = new LinkedHashMap<>();
            for (int i = 0; i < redshifts.length; i++) {
                zIndex.put(redshifts[i], i);
            }
            char[] states = new char[realizations.length * redshifts.length];
            java.util.Arrays.fill(states, '.');
            for (int k = 0; k < cells.size(); k++) {
                int[] cell = cells.get(k);
                states[rIndex.get(cell[0]) * redshifts.length + zIndex.get(zs.get(k))] = STATE_CODES.charAt(cell[1]);
            }
            return new Grid(realizations, redshifts, new String(states));
        });
    }

    /** The id of the newest history entry (0 when there is none): it changes whenever any job changes state. */
    public long lastEventId() {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM events")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** When the history last changed, if ever. */
    public Optional<Instant> lastChange() {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(at) FROM events")) {
                rs.next();
                return Optional.ofNullable(Sql.getInstant(rs, 1));
            }
        });
    }

    /** When the first job changed state (its first submission, usually), if ever. */
    public Optional<Instant> firstJobChange() {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT at FROM events WHERE job_id IS NOT NULL AND from_state IS NOT NULL ORDER BY at LIMIT 1")) {
                return rs.next() ? Optional.ofNullable(Sql.getInstant(rs, 1)) : Optional.<Instant>empty();
            }
        });
    }

    /** FAILED jobs that have an automatic retry planned (they will run again without a user's action). */
    public long failedWithRetryPlanned() {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM jobs "
                    + "INDEXED BY jobs_due_retry WHERE state = 'FAILED' AND next_attempt_at IS NOT NULL")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Jobs that became COMPLETED at or after {@code since} (from the history, through its time index). */
    public long completedSince(Instant since) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT COUNT(*) FROM events WHERE at >= ? AND to_state = 'COMPLETED' AND job_id IS NOT NULL")) {
                p.setLong(1, since.toEpochMilli());
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** FAILED jobs per failure reason (the full text; null when none was recorded), most frequent first. */
    public Map<String, Long> failureReasons() {
        return db.read(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT failure_reason, COUNT(*) FROM jobs WHERE state = 'FAILED' "
                         + "GROUP BY failure_reason ORDER BY COUNT(*) DESC, failure_reason")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    /**
     * The jobs running now: how long they have run (until {@code now}) and the walltime they asked for
     * ({@code timeout_hours} override, else {@code defaultTimeoutHours}). Ended runs are in the attempts
     * history ({@link JobStore#runSeconds(double)}).
     */
    public StartedAttempts runningAttempts(Instant now, double defaultTimeoutHours) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*), "
                    + "COALESCE(SUM(MAX(COALESCE(finished_at, ?) - started_at, 0)), 0), "
                    + "COALESCE(SUM(COALESCE(timeout_hours, ?)), 0) FROM jobs WHERE state = 'RUNNING' AND started_at IS NOT NULL")) {
                p.setLong(1, now.toEpochMilli());
                p.setDouble(2, defaultTimeoutHours);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return new StartedAttempts(rs.getLong(1), rs.getLong(2) / 3_600_000.0, rs.getDouble(3));
                }
            }
        });
    }

    /**
     * Up to {@code limit} jobs, by realization then redshift, optionally only those in {@code state}, of one
     * realization, or at one redshift (each filter may be null).
     */
    public List<Job> jobs(JobState state, Integer realization, Double redshift, int limit) {
        List<Object> params = new ArrayList<>();
        String sql = jobsQuery(state, realization, redshift, params);
        params.add(limit);
        return db.read(c -> JobRows.query(c, sql, params.toArray()));
    }

    /** The filter and order of {@link #jobs} (after {@code SELECT ... FROM jobs}), adding its parameters but the limit. */
    static String jobsQuery(JobState state, Integer realization, Double redshift, List<Object> params) {
        StringBuilder where = new StringBuilder();
        if (state != null) {
            where.append(" AND state = ?");
            params.add(state.name());
        } else if (realization != null) {
            // every state (the table allows no other): one realization is then six seeks of the (state, realization)
            // index instead of a scan of the whole table
            where.append(" AND state IN (").append(Sql.placeholders(JobState.values().length)).append(')');
            for (JobState s : JobState.values()) {
                params.add(s.name());
            }
        }
        if (realization != null) {
            where.append(" AND realization = ?");
            params.add(realization);
        }
        if (redshift != null) {
            where.append(" AND redshift = ?");
            params.add(redshift);
        }
        return (where.length() == 0 ? "" : "WHERE" + where.substring(4)) + " ORDER BY realization, redshift LIMIT ?";
    }
}
