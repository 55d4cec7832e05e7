package io.productionmanager.poll;

import java.time.Instant;

import io.productionmanager.store.JobState;

/**
 * The change the poller decided for one job.
 *
 * @param jobId      the job
 * @param version    the version it was read at
 * @param to         new state
 * @param cause      for FAILED: the cause code (see {@link FailureCause}); otherwise null
 * @param reason     human-readable reason, recorded with the event (e.g. {@code exit 3})
 * @param exitCode   exit code when known
 * @param slurmState the scheduler's own word, e.g. {@code TIMEOUT}
 * @param startedAt  when it started, if known
 * @param finishedAt when it finished, if known
 */
public record Outcome(String jobId, long version, JobState to, FailureCause cause, String reason,
                      Integer exitCode, String slurmState, Instant startedAt, Instant finishedAt) {
}
