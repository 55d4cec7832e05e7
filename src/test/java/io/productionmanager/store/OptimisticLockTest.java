package io.productionmanager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two writers holding the same version of a job: the first wins, the second finds zero rows to update. */
class OptimisticLockTest {

    @TempDir
    Path dir;

    @Test
    void the_second_of_two_updates_from_the_same_version_loses_and_changes_nothing() {
        StoreFixture f = new StoreFixture(dir);
        Job failed = f.store.apply(List.of(JobUpdate.of(f.aFailedJob(), JobState.FAILED)
                .withNextAttemptAt(f.clock.instant()))).applied().get(0);
        // the daemon's retry round and a user's manual action both read the job at this version
        Job readByDaemon = failed;
        Job readByUser = f.reload(failed);
        assertThat(readByUser.version()).isEqualTo(readByDaemon.version());

        Job requeued = f.store.requeueForRetry(readByDaemon.id(), readByDaemon.version(), 2, null, null, "daemon retry");
        List<Event> history = f.store.events(failed.id());

        assertThatThrownBy(() -> f.store.changeState(readByUser.id(), readByUser.version(), JobState.CANCELLED, "user"))
                .isInstanceOf(OptimisticLockException.class)
                .hasMessage("Job " + failed.id() + " was changed concurrently: expected version " + readByUser.version()
                        + " but it is at version " + requeued.version() + ".");
        assertThatThrownBy(() -> f.store.requeueForRetry(readByUser.id(), readByUser.version(), 2, null, null, "again"))
                .isInstanceOf(OptimisticLockException.class);

        assertThat(f.reload(failed)).isEqualTo(requeued);
        assertThat(f.store.events(failed.id())).isEqualTo(history);
    }

    @Test
    void a_stale_update_is_judged_by_the_row_version_even_when_its_transition_would_be_legal() {
        StoreFixture f = new StoreFixture(dir);
        Job queued = f.aQueuedJob();
        Job completed = f.store.changeState(queued.id(), queued.version(), JobState.COMPLETED, "done");

        // QUEUED -> RUNNING is legal for the state the caller saw; the row moved on, so it is a lock conflict
        assertThatThrownBy(() -> f.store.changeState(queued.id(), queued.version(), JobState.RUNNING, "late poll"))
                .isInstanceOf(OptimisticLockException.class);
        assertThat(f.reload(queued)).isEqualTo(completed);
    }
}
