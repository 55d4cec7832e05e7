package io.productionmanager.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.store.Batch;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.Database;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.store.JobStore;
import io.productionmanager.store.NewBatch;
import io.productionmanager.store.NewJob;
import io.productionmanager.testsupport.MutableClock;

/**
 * After someone else wrote, the view reads again only the batches the new events name (and the ones submitted
 * since) and ends up as a view loaded whole would be; when it cannot, it says so and stays as it was.
 */
class ActiveViewRefreshTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingAt2026();
    private final Map<String, Instant> missing = new LinkedHashMap<>();
    private Database db;
    private JobStore store;
    private int nextRealization;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("production.db"));
        store = new JobStore(db, clock);
    }

    /** A submitted batch of {@code size} new jobs, array id 7000 + its number. */
    private List<Job> submittedBatch(int size) {
        List<String> ids = new ArrayList<>();
        List<NewJob> jobs = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            NewJob j = NewJob.of(nextRealization++, 0.5, "catalogs/out.hdf5");
            jobs.add(j);
            ids.add(j.id());
        }
        store.createJobs(jobs.iterator());
        int number = store.nextBatchNumber();
        Batch b = store.createBatch(new NewBatch(number, "logs/" + Batch.nameOf(number) + ".sh", null, "0-" + (size - 1),
                false, null, null), ids);
        store.markSubmitting(b.id(), "token-" + number);
        store.markSubmitted(b.id(), String.valueOf(7000 + number));
        return store.jobsOfBatch(b.id());
    }

    private Map<Long, Batch> submitted() {
        Map<Long, Batch> batches = new LinkedHashMap<>();
        for (Batch b : store.batches(BatchState.SUBMITTED, BatchState.FINISHED)) {
            batches.put(b.id(), b);
        }
        return batches;
    }

    private ActiveView loaded() {
        return ActiveView.load(store, submitted(), store.changeMark(), missing);
    }

    private Job start(Job j) {
        return store.changeState(j.id(), j.version(), JobState.RUNNING, "seen running");
    }

    @Test
    void it_follows_another_process_reading_only_what_changed() {
        List<Job> b0 = submittedBatch(20);
        List<Job> b1 = submittedBatch(20);
        List<Job> b2 = submittedBatch(20);
        Job r0 = start(b0.get(3));
        Job r2 = start(b2.get(0));
        missing.put(b1.get(5).id(), clock.instant());
        ActiveView view = loaded();
        assertThat(view.active()).isEqualTo(60);

        // another process: a requeue, a cancel, a completion, every job of batch 2 finishing, a new batch
        try (Database other = Database.open(db.file())) {
            JobStore o = new JobStore(other, clock);
            clock.advance(Duration.ofMinutes(1));
            o.changeState(r0.id(), r0.version(), JobState.QUEUED, "requeued by the scheduler");
            o.cancel(List.of(b1.get(7).id()), "cancelled by the user");
            Job done = o.changeState(b1.get(8).id(), b1.get(8).version(), JobState.RUNNING, "seen running");
            o.changeState(done.id(), done.version(), JobState.COMPLETED, "exit 0");
            o.changeState(r2.id(), r2.version(), JobState.COMPLETED, "exit 0");
            for (Job j : b2.subList(1, 20)) {
                o.changeState(j.id(), j.version(), JobState.FAILED, "exit 1");
            }
        }
        submittedBatch(10);
        long mark = store.changeMark();

        assertThat(view.refresh(store, submitted(), mark, missing)).isTrue();

        ActiveView whole = loaded();
        assertThat(view.describe()).isEqualTo(whole.describe());
        assertThat(view.describe()).hasSize(3).anySatisfy(line -> assertThat(line).endsWith(" 18 QQQQQqQ--QQQQQQQQQQQ"));
        assertThat(view.active()).isEqualTo(whole.active()).isEqualTo(20 + 18 + 10);
        assertThat(view.mark).isEqualTo(mark);
        assertThat(view.batchKey).isEqualTo(whole.batchKey);
        assertThat(view.refresh(store, submitted(), mark, missing)).as("nothing new").isTrue();
        assertThat(view.describe()).isEqualTo(whole.describe());
    }

    @Test
    void a_history_that_went_backwards_or_a_batch_that_changed_its_array_is_not_refreshed() {
        submittedBatch(10);
        ActiveView view = loaded();
        List<String> before = view.describe();

        assertThat(view.refresh(store, submitted(), view.mark - 1, missing)).as("an older change mark").isFalse();

        Map<Long, Batch> renumbered = new LinkedHashMap<>();
        for (Batch b : submitted().values()) {
            renumbered.put(b.id(), new Batch(b.id(), b.number(), b.scriptPath(), b.manifestPath(), b.taskCount(),
                    b.arraySpec(), "9" + b.arrayId(), b.submitToken(), b.state(), b.error(), b.retry(), b.timeoutHours(),
                    b.memoryGb(), b.createdAt(), b.submittedAt()));
        }
        assertThat(view.refresh(store, renumbered, view.mark, missing)).as("the same batch id, another array").isFalse();
        assertThat(view.describe()).isEqualTo(before);
    }

    @Test
    void more_new_events_than_it_reads_leave_the_view_unchanged_for_a_whole_load() {
        List<Job> b0 = submittedBatch(10);
        ActiveView view = loaded();
        List<String> before = view.describe();
        long markBefore = view.mark;
        for (Job j : b0.subList(0, 5)) {
            start(j);
        }

        assertThat(view.refresh(store, submitted(), store.changeMark(), missing, 4)).isFalse();

        assertThat(view.describe()).isEqualTo(before);
        assertThat(view.mark).isEqualTo(markBefore);
        assertThat(view.refresh(store, submitted(), store.changeMark(), missing, 5)).isTrue();
        assertThat(view.describe()).isEqualTo(loaded().describe()).singleElement().asString().contains("RRRRRQQQQQ");
    }
}
