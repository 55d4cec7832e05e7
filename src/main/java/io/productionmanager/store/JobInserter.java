package io.productionmanager.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Inserts new jobs in JDBC batches inside the caller's transaction, naming the id when one is a duplicate. */
final class JobInserter {

    /** Rows per JDBC batch: large enough to amortize, small enough for constant memory. */
    static final int CHUNK = 10_000;

    private JobInserter() {
    }

    static int insert(Connection c, Iterator<NewJob> jobs, Instant now, Path file) throws SQLException {
        int created = 0;
        // the creation time is the same for every row: a literal saves two binds per row
        try (PreparedStatement p = c.prepareStatement("INSERT INTO jobs (id, realization, redshift, output_path, "
                + "state, attempt, created_at, updated_at, version) VALUES (?, ?, ?, ?, 'PENDING', 1, "
                + now.toEpochMilli() + ", " + now.toEpochMilli() + ", 0)")) {
            List<String> chunk = new ArrayList<>(CHUNK);
            while (jobs.hasNext()) {
                NewJob job = jobs.next();
                p.setString(1, job.id());
                p.setInt(2, job.realization());
                p.setDouble(3, job.redshift());
                p.setString(4, job.outputPath());
                p.addBatch();
                chunk.add(job.id());
                if (chunk.size() == CHUNK) {
                    created += insertChunk(c, p, chunk, file);
                }
            }
            created += insertChunk(c, p, chunk, file);
        }
        if (created > 0) {
            EventLog.append(c, List.of(new Event(0, null, null, now, EventKind.JOBS_CREATED, null,
                    JobState.PENDING.name(), created + " jobs created")));
        }
        return created;
    }

    private static int insertChunk(Connection c, PreparedStatement p, List<String> ids, Path file) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        // a savepoint per chunk lets a failure be undone to the chunk's start, to name the offending id
        exec(c, "SAVEPOINT create_jobs_chunk");
        try {
            p.executeBatch();
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("constraint failed: jobs.id")) {
                throw e;
            }
            exec(c, "ROLLBACK TO create_jobs_chunk");
            throw new IllegalArgumentException("Cannot create job " + firstDuplicate(c, ids)
                    + ": a job with that id already exists in " + file + ". No jobs were created.", e);
        }
        exec(c, "RELEASE create_jobs_chunk");
        int n = ids.size();
        ids.clear();
        return n;
    }

    /** The first id of the chunk that is stored already or repeats an earlier one of the chunk. */
    private static String firstDuplicate(Connection c, List<String> ids) throws SQLException {
        Set<String> stored = JobRows.load(c, ids).keySet();
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (stored.contains(id) || !seen.add(id)) {
                return id;
            }
        }
        return "(unknown)";
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
