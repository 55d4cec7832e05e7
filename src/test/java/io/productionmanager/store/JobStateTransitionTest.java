package io.productionmanager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every state change through the store: allowed ones are written with an event, forbidden ones change nothing. */
class JobStateTransitionTest {

    @TempDir
    Path dir;

    @Test
    void pending_job_may_only_be_queued_or_cancelled() {
        checkTransitionsFrom(JobState.PENDING, EnumSet.of(JobState.QUEUED, JobState.CANCELLED));
    }

    @Test
    void queued_job_may_run_finish_fail_be_cancelled_or_go_back_to_pending() {
        checkTransitionsFrom(JobState.QUEUED,
                EnumSet.of(JobState.RUNNING, JobState.COMPLETED, JobState.FAILED, JobState.CANCELLED, JobState.PENDING));
    }

    @Test
    void running_job_may_finish_fail_be_cancelled_or_be_requeued() {
        checkTransitionsFrom(JobState.RUNNING,
                EnumSet.of(JobState.COMPLETED, JobState.FAILED, JobState.CANCELLED, JobState.QUEUED, JobState.PENDING));
    }

    @Test
    void completed_job_may_only_be_run_again_by_the_user() {
        // only the user's rerun takes this edge; automatic and manual retries start from FAILED/CANCELLED
        // (JobStoreRetryTest: a_completed_job_is_never_retried_only_rerun)
        checkTransitionsFrom(JobState.COMPLETED, EnumSet.of(JobState.PENDING));
    }

    @Test
    void failed_job_may_only_be_retried_or_cancelled() {
        checkTransitionsFrom(JobState.FAILED, EnumSet.of(JobState.PENDING, JobState.CANCELLED));
    }

    @Test
    void cancelled_job_may_only_be_retried() {
        checkTransitionsFrom(JobState.CANCELLED, EnumSet.of(JobState.PENDING));
    }

    private void checkTransitionsFrom(JobState from, Set<JobState> allowed) {
        StoreFixture f = new StoreFixture(dir);
        assertThat(from.allowedNext()).as("the transition table for " + from).isEqualTo(allowed);
        for (JobState to : JobState.values()) {
            Job job = f.aJobIn(from);
            List<Event> historyBefore = f.store.events(job.id());
            long eventRowsBefore = f.rows("events");
            f.clock.advance(Duration.ofMinutes(1));
            if (allowed.contains(to)) {
                Job after = f.store.changeState(job.id(), job.version(), to, "to " + to);
                assertThat(after.state()).isEqualTo(to);
                assertThat(after.version()).as("version moves on").isEqualTo(job.version() + 1);
                assertThat(f.reload(job)).as("stored row equals the returned job").isEqualTo(after);
                List<Event> history = f.store.events(job.id());
                assertThat(history).hasSize(historyBefore.size() + 1);
                Event last = history.get(history.size() - 1);
                assertThat(last.kind()).isEqualTo(EventKind.STATE_CHANGED);
                assertThat(last.fromState()).isEqualTo(from.name());
                assertThat(last.toState()).isEqualTo(to.name());
                assertThat(last.reason()).isEqualTo("to " + to);
                assertThat(last.at()).isEqualTo(f.clock.instant());
            } else {
                assertThatThrownBy(() -> f.store.changeState(job.id(), job.version(), to, "to " + to))
                        .isInstanceOf(IllegalStateTransitionException.class)
                        .hasMessage("Job " + job.id() + " cannot change state from " + from + " to " + to + ".");
                assertThat(f.reload(job)).as("row unchanged after refused " + from + " -> " + to).isEqualTo(job);
                assertThat(f.store.events(job.id())).isEqualTo(historyBefore);
                assertThat(f.rows("events")).isEqualTo(eventRowsBefore);

                if (to == from) {
                    continue; // in apply() an update to the same state is a field update, tested elsewhere
                }
                ApplyResult result = f.store.apply(List.of(JobUpdate.of(job, to)));
                assertThat(result.applied()).isEmpty();
                assertThat(result.rejected()).singleElement().satisfies(r -> {
                    assertThat(r.reason()).isEqualTo(ApplyResult.Reason.ILLEGAL_STATE_CHANGE);
                    assertThat(r.message()).isEqualTo("Job " + job.id() + " cannot change state from " + from + " to " + to + ".");
                });
                assertThat(f.reload(job)).isEqualTo(job);
                assertThat(f.rows("events")).isEqualTo(eventRowsBefore);
            }
        }
    }
}
