package io.productionmanager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Staging and crash-safe submission: STAGED → SUBMITTING → SUBMITTED / REJECTED / back to STAGED. */
class JobStoreSubmissionTest extends StoreTestCase {

    @BeforeEach
    void createJobs() {
        // 3 realizations x 2 redshifts, created out of order to show staging sorts them
        store.createJobs(IntStream.of(2, 0, 1).boxed().flatMap(r -> List.of(0.5, 1.0).stream()
                .map(z -> NewJob.of(r, z, "catalogs/r" + r + "/mock_z" + z + ".hdf5"))));
    }

    private Batch stageFirst(int count) {
        List<String> ids = store.pendingUnbatched(count).stream().map(Job::id).toList();
        int number = store.nextBatchNumber();
        return store.createBatch(new NewBatch(number, "logs/" + Batch.nameOf(number) + ".sh",
                "logs/" + Batch.nameOf(number) + ".jobs", "0-" + (count - 1), false, null, null), ids);
    }

    @Test
    void pending_unbatched_jobs_come_in_realization_then_redshift_order() {
        assertThat(store.pendingUnbatched(4)).extracting(Job::id)
                .containsExactly("r0000_z0.500", "r0000_z1.000", "r0001_z0.500", "r0001_z1.000");
    }

    @Test
    void creating_a_batch_assigns_batch_and_task_index_and_records_an_event() {
        assertThat(store.nextBatchNumber()).isZero();
        f.clock.advance(Duration.ofMinutes(5));

        Batch batch = stageFirst(4);

        assertThat(batch.number()).isZero();
        assertThat(batch.name()).isEqualTo("batch_0000");
        assertThat(batch.state()).isEqualTo(BatchState.STAGED);
        assertThat(batch.taskCount()).isEqualTo(4);
        assertThat(batch.scriptPath()).isEqualTo("logs/batch_0000.sh");
        assertThat(batch.createdAt()).isEqualTo(f.clock.instant());
        assertThat(store.jobsOfBatch(batch.id())).extracting(Job::id, Job::taskIndex, Job::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("r0000_z0.500", 0, JobState.PENDING),
                org.assertj.core.groups.Tuple.tuple("r0000_z1.000", 1, JobState.PENDING),
                org.assertj.core.groups.Tuple.tuple("r0001_z0.500", 2, JobState.PENDING),
                org.assertj.core.groups.Tuple.tuple("r0001_z1.000", 3, JobState.PENDING));
        assertThat(store.pendingUnbatched(10)).extracting(Job::id).containsExactly("r0002_z0.500", "r0002_z1.000");
        assertThat(store.nextBatchNumber()).isEqualTo(1);
        assertThat(store.batchEvents(batch.id())).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.BATCH_STAGED);
            assertThat(e.reason()).isEqualTo("batch_0000: 4 jobs");
        });
    }

    @Test
    void a_job_already_in_a_batch_cannot_be_staged_again_and_nothing_is_written() {
        Batch first = stageFirst(2);
        long batchesBefore = f.rows("batches");

        assertThatThrownBy(() -> store.createBatch(new NewBatch(1, "logs/batch_0001.sh", null, "0-1", false, null, null),
                List.of("r0002_z0.500", "r0000_z0.500")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot stage job r0000_z0.500 in batch_0001: it is already in batch " + first.id() + ".");

        assertThat(f.rows("batches")).isEqualTo(batchesBefore);
        assertThat(store.find("r0002_z0.500").orElseThrow().batchId()).as("rolled back").isNull();
    }

    @Test
    void submit_marks_submitting_then_submitted_and_queues_the_jobs_with_slurm_ids_in_one_step() {
        Batch batch = stageFirst(4);
        f.clock.advance(Duration.ofSeconds(10));

        Batch submitting = store.markSubmitting(batch.id(), "alpha-batch_0000-42");
        assertThat(submitting.state()).isEqualTo(BatchState.SUBMITTING);
        assertThat(submitting.submitToken()).isEqualTo("alpha-batch_0000-42");
        assertThat(store.jobsOfBatch(batch.id())).allMatch(j -> j.state() == JobState.PENDING);

        f.clock.advance(Duration.ofSeconds(1));
        Batch submitted = store.markSubmitted(batch.id(), "260");

        assertThat(submitted.state()).isEqualTo(BatchState.SUBMITTED);
        assertThat(submitted.arrayId()).isEqualTo("260");
        assertThat(submitted.submittedAt()).isEqualTo(f.clock.instant());
        assertThat(store.jobsOfBatch(batch.id())).extracting(Job::state, Job::slurmId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(JobState.QUEUED, "260_0"),
                org.assertj.core.groups.Tuple.tuple(JobState.QUEUED, "260_1"),
                org.assertj.core.groups.Tuple.tuple(JobState.QUEUED, "260_2"),
                org.assertj.core.groups.Tuple.tuple(JobState.QUEUED, "260_3"));
        assertThat(store.activeArrayIds()).containsExactly("260");
        assertThat(store.activeJobs()).hasSize(4);
        assertThat(store.batchEvents(batch.id())).extracting(Event::kind, Event::fromState, Event::toState).containsExactly(
                org.assertj.core.groups.Tuple.tuple(EventKind.BATCH_STAGED, null, "STAGED"),
                org.assertj.core.groups.Tuple.tuple(EventKind.BATCH_SUBMITTING, "STAGED", "SUBMITTING"),
                org.assertj.core.groups.Tuple.tuple(EventKind.BATCH_SUBMITTED, "SUBMITTING", "SUBMITTED"));
        assertThat(store.events("r0000_z1.000")).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.STATE_CHANGED);
            assertThat(e.fromState()).isEqualTo("PENDING");
            assertThat(e.toState()).isEqualTo("QUEUED");
            assertThat(e.batchId()).isEqualTo(batch.id());
            assertThat(e.reason()).isEqualTo("submitted in batch_0000 as 260_1");
        });
    }

    @Test
    void a_rejected_batch_keeps_the_scheduler_message_and_its_jobs_become_unbatched_for_the_next_stage() {
        Batch batch = stageFirst(2);
        store.markSubmitting(batch.id(), "t1");

        Batch rejected = store.markRejected(batch.id(), "sbatch: error: Invalid account or account/partition combination");

        assertThat(rejected.state()).isEqualTo(BatchState.REJECTED);
        assertThat(rejected.error()).isEqualTo("sbatch: error: Invalid account or account/partition combination");
        assertThat(store.jobsOfBatch(batch.id())).isEmpty();
        assertThat(store.pendingUnbatched(10)).extracting(Job::id).startsWith("r0000_z0.500", "r0000_z1.000").hasSize(6);
        assertThat(store.find("r0000_z0.500").orElseThrow().state()).isEqualTo(JobState.PENDING);
        assertThat(store.batchEvents(batch.id())).last().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.BATCH_REJECTED);
            assertThat(e.reason()).isEqualTo("sbatch: error: Invalid account or account/partition combination");
        });
        assertThat(store.activeArrayIds()).isEmpty();
        assertThat(store.nextBatchNumber()).as("a rejected batch's number is not reused").isEqualTo(1);
    }

    @Test
    void a_submit_that_never_reached_the_scheduler_is_reverted_to_staged_and_can_be_submitted_again() {
        Batch batch = stageFirst(2);
        store.markSubmitting(batch.id(), "t1");

        Batch reverted = store.revertToStaged(batch.id());

        assertThat(reverted.state()).isEqualTo(BatchState.STAGED);
        assertThat(reverted.submitToken()).isNull();
        assertThat(store.jobsOfBatch(batch.id())).hasSize(2).allMatch(j -> j.state() == JobState.PENDING);
        assertThat(store.batchEvents(batch.id())).last().extracting(Event::kind).isEqualTo(EventKind.BATCH_REVERTED);
        assertThat(store.batches(BatchState.STAGED)).extracting(Batch::id).containsExactly(batch.id());

        store.markSubmitting(batch.id(), "t2");
        assertThat(store.markSubmitted(batch.id(), "300").state()).isEqualTo(BatchState.SUBMITTED);
    }

    @Test
    void batch_states_follow_their_own_table() {
        Batch batch = stageFirst(2);

        assertThatThrownBy(() -> store.markSubmitted(batch.id(), "260"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Batch " + batch.id() + " (batch_0000) cannot change state from STAGED to SUBMITTED.");
        assertThatThrownBy(() -> store.revertToStaged(batch.id()))
                .hasMessage("Batch " + batch.id() + " (batch_0000) cannot change state from STAGED to STAGED.");
        store.markSubmitting(batch.id(), "t");
        assertThatThrownBy(() -> store.markSubmitting(batch.id(), "again"))
                .hasMessage("Batch " + batch.id() + " (batch_0000) cannot change state from SUBMITTING to SUBMITTING.");
        assertThatThrownBy(() -> store.markSubmitting(9999, "t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No batch with id 9999 in this production.");
        assertThat(store.batch(batch.id()).orElseThrow().submitToken()).isEqualTo("t");
        assertThat(store.batchEvents(batch.id())).hasSize(2);
    }

    @Test
    void a_job_cancelled_while_staged_is_not_queued_when_its_batch_is_submitted() {
        Batch batch = stageFirst(2);
        store.cancel(List.of("r0000_z1.000"), "not needed");
        store.markSubmitting(batch.id(), "t");

        store.markSubmitted(batch.id(), "270");

        assertThat(store.jobsOfBatch(batch.id())).extracting(Job::id, Job::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("r0000_z0.500", JobState.QUEUED),
                org.assertj.core.groups.Tuple.tuple("r0000_z1.000", JobState.CANCELLED));
    }

    @Test
    void the_batch_finishes_when_its_last_active_job_leaves_the_queue() {
        Batch batch = stageFirst(2);
        store.markSubmitting(batch.id(), "t");
        store.markSubmitted(batch.id(), "280");
        List<Job> jobs = store.jobsOfBatch(batch.id());
        Instant end = f.clock.advance(Duration.ofMinutes(30));

        ApplyResult first = store.apply(List.of(JobUpdate.of(jobs.get(0), JobState.COMPLETED).withFinishedAt(end)));
        assertThat(first.finishedBatchIds()).isEmpty();
        assertThat(store.batch(batch.id()).orElseThrow().state()).isEqualTo(BatchState.SUBMITTED);

        ApplyResult second = store.apply(List.of(JobUpdate.of(jobs.get(1), JobState.FAILED).withExitCode(1)));
        assertThat(second.finishedBatchIds()).containsExactly(batch.id());
        assertThat(store.batch(batch.id()).orElseThrow().state()).isEqualTo(BatchState.FINISHED);
        assertThat(store.activeArrayIds()).isEmpty();
        assertThat(store.batchEvents(batch.id())).last().extracting(Event::kind).isEqualTo(EventKind.BATCH_FINISHED);
    }
}
