package io.productionmanager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Creating jobs and the read side: counts, progress, history, production facts. */
class JobStoreQueriesTest extends StoreTestCase {

    @Test
    void job_ids_follow_the_realization_and_redshift_convention() {
        assertThat(NewJob.idFor(0, 0.5)).isEqualTo("r0000_z0.500");
        assertThat(NewJob.idFor(1999, 3.0)).isEqualTo("r1999_z3.000");
        assertThat(NewJob.idFor(12345, 0.1234)).isEqualTo("r12345_z0.123");
        for (int i = 0; i <= 20_000; i++) {
            double z = i * 0.0005; // many exact and near ties at the third decimal
            assertThat(NewJob.idFor(i, z)).isEqualTo(String.format(java.util.Locale.ROOT, "r%04d_z%.3f", i, z));
        }
        assertThatThrownBy(() -> NewJob.idFor(-1, 0.5)).hasMessage("Realization must be >= 0, got -1");
        assertThatThrownBy(() -> NewJob.idFor(1, Double.NaN)).hasMessage("Redshift must be a finite number >= 0, got NaN");
    }

    @Test
    void created_jobs_are_pending_at_attempt_one_and_the_history_gets_one_event_for_the_whole_creation() {
        int created = store.createJobs(Stream.of(NewJob.of(0, 0.5, "catalogs/r0000/mock_z0.500.hdf5"),
                NewJob.of(0, 1.0, "catalogs/r0000/mock_z1.000.hdf5"), NewJob.of(1, 0.5, "catalogs/r0001/mock_z0.500.hdf5")));

        assertThat(created).isEqualTo(3);
        Job job = store.find("r0000_z1.000").orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.PENDING);
        assertThat(job.attempt()).isEqualTo(1);
        assertThat(job.realization()).isZero();
        assertThat(job.redshift()).isEqualTo(1.0);
        assertThat(job.outputPath()).isEqualTo("catalogs/r0000/mock_z1.000.hdf5");
        assertThat(job.createdAt()).isEqualTo(f.clock.instant());
        assertThat(job.version()).isZero();
        assertThat(job.batchId()).isNull();
        assertThat(f.allEvents()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.JOBS_CREATED);
            assertThat(e.jobId()).isNull();
            assertThat(e.reason()).isEqualTo("3 jobs created");
        });
        assertThat(store.events("r0000_z1.000")).isEmpty();
    }

    @Test
    void a_duplicate_job_id_names_the_job_and_creates_nothing() {
        store.createJobs(Stream.of(NewJob.of(0, 0.5, "a")));

        assertThatThrownBy(() -> store.createJobs(Stream.of(NewJob.of(1, 0.5, "b"), NewJob.of(0, 0.5, "again"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot create job r0000_z0.500: a job with that id already exists in " + f.db.file()
                        + ". No jobs were created.");

        assertThat(store.total()).isEqualTo(1);
        assertThat(store.find("r0001_z0.500")).isEmpty();

        assertThatThrownBy(() -> store.createJobs(Stream.of(NewJob.of(7, 0.5, "x"), NewJob.of(8, 0.5, "y"),
                NewJob.of(7, 0.5, "x again"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot create job r0007_z0.500: a job with that id already exists");
        assertThat(store.total()).isEqualTo(1);
    }

    @Test
    void counts_cover_every_state_and_total_matches() {
        f.aPendingJob();
        f.aQueuedJob();
        f.aRunningJob();
        f.aRunningJob();
        f.aFailedJob();

        Map<JobState, Long> counts = store.counts();

        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(JobState.PENDING, 1L, JobState.QUEUED, 1L,
                JobState.RUNNING, 2L, JobState.COMPLETED, 0L, JobState.FAILED, 1L, JobState.CANCELLED, 0L));
        assertThat(store.total()).isEqualTo(5);
        assertThat(store.jobs(JobState.RUNNING, JobState.QUEUED)).hasSize(3);
        assertThat(store.jobs()).hasSize(5);
        assertThat(store.failedJobs()).hasSize(1);
        List<Job> streamed = new ArrayList<>();
        store.forEachJob(streamed::add, JobState.RUNNING, JobState.QUEUED);
        assertThat(streamed).isEqualTo(store.jobs(JobState.RUNNING, JobState.QUEUED));
        List<Job> everything = new ArrayList<>();
        store.forEachJob(everything::add);
        assertThat(everything).isEqualTo(store.jobs());
        assertThat(store.activeJobs()).extracting(Job::state).containsOnly(JobState.QUEUED, JobState.RUNNING).hasSize(3);
    }

    @Test
    void the_status_count_query_is_answered_from_the_state_index() throws Exception {
        assertThat(plan("SELECT state, COUNT(*) FROM jobs GROUP BY state"))
                .contains("USING COVERING INDEX jobs_state_realization").doesNotContain("TEMP B-TREE");
    }

    @Test
    void progress_by_realization_is_one_scan_of_the_state_index_without_sorting() throws Exception {
        assertThat(plan(JobStore.PROGRESS)).contains("USING COVERING INDEX jobs_state_realization")
                .doesNotContain("TEMP B-TREE");
        for (JobState state : JobState.values()) {
            f.aJobIn(state);
        }
        f.aCompletedJob();
        // realizations 0..6 hold one job each (one completed: 3; the completed job of aCompletedJob: 6)
        assertThat(store.progressByRealization()).containsExactly(
                new RealizationProgress(0, 0, 1), new RealizationProgress(1, 0, 1), new RealizationProgress(2, 0, 1),
                new RealizationProgress(3, 1, 1), new RealizationProgress(4, 0, 1), new RealizationProgress(5, 0, 1),
                new RealizationProgress(6, 1, 1));
    }

    @Test
    void staging_and_due_retries_read_their_partial_indexes_instead_of_sorting_the_table() throws Exception {
        store.createJobs(Stream.of(NewJob.of(0, 0.5, "a"), NewJob.of(1, 0.5, "b")));
        assertThat(plan("SELECT * FROM jobs " + JobStore.PENDING_UNBATCHED))
                .contains("jobs_unbatched").doesNotContain("TEMP B-TREE");
        assertThat(plan("SELECT * FROM jobs " + JobStore.DUE_RETRIES)).contains("jobs_due_retry");
        assertThat(store.pendingUnbatched(1)).extracting(Job::id).containsExactly("r0000_z0.500");
        assertThat(store.dueRetries(f.clock.instant(), 1)).isEmpty();
    }

    @Test
    void the_dashboards_jobs_of_one_realization_are_index_seeks_not_a_scan_of_the_table() throws Exception {
        List<Object> params = new ArrayList<>();
        assertThat(plan("SELECT * FROM jobs " + DashboardQueries.jobsQuery(null, 7, null, params)))
                .contains("USING INDEX jobs_state_realization (state=? AND realization=?)")
                .doesNotContain("SCAN jobs\n");
        for (JobState state : JobState.values()) {
            f.aJobIn(state);
        }
        // realizations 0..5, one job each in the order of the states
        assertThat(new DashboardQueries(store).jobs(null, 3, null, 10)).singleElement()
                .satisfies(j -> assertThat(j.state()).isEqualTo(JobState.COMPLETED));
        assertThat(new DashboardQueries(store).jobs(JobState.FAILED, 3, null, 10)).isEmpty();
    }

    private String plan(String query) throws Exception {
        // unbound parameters are NULL, which does not change the plan
        try (var c = f.db.dataSource().getConnection(); var p = c.prepareStatement("EXPLAIN QUERY PLAN " + query);
             var rs = p.executeQuery()) {
            StringBuilder b = new StringBuilder();
            while (rs.next()) {
                b.append(rs.getString("detail")).append('\n');
            }
            return b.toString();
        }
    }

    @Test
    void progress_counts_completed_jobs_per_realization() {
        store.createJobs(Stream.of(NewJob.of(0, 0.5, "a"), NewJob.of(0, 1.0, "b"), NewJob.of(1, 0.5, "c")));
        Job job = store.find("r0000_z0.500").orElseThrow();
        Batch batch = f.aStagedBatchOf(job);
        store.markSubmitting(batch.id(), "t");
        store.markSubmitted(batch.id(), "5");
        Job queued = f.reload(job);
        store.changeState(queued.id(), queued.version(), JobState.COMPLETED, "done");

        assertThat(store.progressByRealization()).containsExactly(
                new RealizationProgress(0, 1, 2), new RealizationProgress(1, 0, 1));
    }

    @Test
    void the_whole_history_streams_in_time_order() {
        Job a = f.aRunningJob();
        f.clock.advance(Duration.ofMinutes(1));
        store.changeState(a.id(), a.version(), JobState.COMPLETED, "done");

        List<Event> events = new ArrayList<>();
        store.forEachEvent(events::add);

        assertThat(events).extracting(Event::kind).containsExactly(EventKind.JOBS_CREATED, EventKind.BATCH_STAGED,
                EventKind.BATCH_SUBMITTING, EventKind.BATCH_SUBMITTED, EventKind.STATE_CHANGED, EventKind.STATE_CHANGED,
                EventKind.STATE_CHANGED, EventKind.BATCH_FINISHED);
        assertThat(events).extracting(Event::at).isSorted();
        assertThat(store.events(a.id())).extracting(Event::toState).containsExactly("QUEUED", "RUNNING", "COMPLETED");
    }

    @Test
    void production_facts_are_stored_and_replaced() {
        assertThat(store.meta("config_sha256")).isEmpty();

        store.putMeta("name", "alpha");
        store.putMeta("config_sha256", "abc");
        store.putMeta("config_sha256", "def");

        assertThat(store.meta("config_sha256")).contains("def");
        assertThat(store.allMeta()).containsExactly(Map.entry("config_sha256", "def"), Map.entry("name", "alpha"));
    }
}
