package io.productionmanager.store;

import io.productionmanager.testsupport.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A fresh store on a temporary file plus builders that drive jobs into each state through the store's own API. */
final class StoreFixture {

    final MutableClock clock = MutableClock.startingAt2026();
    final Database db;
    final JobStore store;
    private int nextRealization;

    StoreFixture(Path dir) {
        db = Database.open(dir.resolve("production.db"));
        store = new JobStore(db, clock);
    }

    Job aPendingJob() {
        NewJob job = NewJob.of(nextRealization++, 0.5, "catalogs/out.hdf5");
        store.createJobs(List.of(job).iterator());
        return store.find(job.id()).orElseThrow();
    }

    /** A PENDING job staged alone in a new batch. */
    Batch aStagedBatchOf(Job job) {
        int number = store.nextBatchNumber();
        return store.createBatch(new NewBatch(number, "logs/" + Batch.nameOf(number) + ".sh", null, "0-0", false, null, null),
                List.of(job.id()));
    }

    Job aQueuedJob() {
        Job job = aPendingJob();
        Batch batch = aStagedBatchOf(job);
        store.markSubmitting(batch.id(), "token-" + batch.number());
        store.markSubmitted(batch.id(), String.valueOf(1000 + batch.number()));
        return reload(job);
    }

    Job aRunningJob() {
        Job job = aQueuedJob();
        return store.changeState(job.id(), job.version(), JobState.RUNNING, "seen running");
    }

    Job aCompletedJob() {
        Job job = aRunningJob();
        return store.changeState(job.id(), job.version(), JobState.COMPLETED, "exit 0, output valid");
    }

    Job aFailedJob() {
        Job job = aRunningJob();
        return store.changeState(job.id(), job.version(), JobState.FAILED, "exit 1");
    }

    Job aCancelledJob() {
        Job job = aPendingJob();
        return store.changeState(job.id(), job.version(), JobState.CANCELLED, "cancelled by user");
    }

    Job aJobIn(JobState state) {
        Job job = switch (state) {
            case PENDING -> aPendingJob();
            case QUEUED -> aQueuedJob();
            case RUNNING -> aRunningJob();
            case COMPLETED -> aCompletedJob();
            case FAILED -> aFailedJob();
            case CANCELLED -> aCancelledJob();
        };
        if (job.state() != state) {
            throw new IllegalStateException("fixture built " + job.state() + " instead of " + state);
        }
        return job;
    }

    Job reload(Job job) {
        return store.find(job.id()).orElseThrow();
    }

    /** Every event of the store, in time order. */
    List<Event> allEvents() {
        List<Event> events = new ArrayList<>();
        store.forEachEvent(events::add);
        return events;
    }

    long rows(String table) {
        try (Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
