package io.productionmanager.poll;

import java.nio.file.Path;

import io.productionmanager.store.JobState;

/**
 * What the poller needs to know of one active job (QUEUED or RUNNING).
 *
 * @param id         job id, e.g. {@code r0000_z0.500}
 * @param version    row version for optimistic locking
 * @param state      current state
 * @param slurmId    scheduler id {@code <array>_<task>}
 * @param output     absolute output path
 * @param markerBase marker file prefix, e.g. {@code .../logs/batch_0003_7} ({@code .start}/{@code .exit} appended)
 * @param attempt    attempt number, from 1
 */
public record TrackedJob(String id, long version, JobState state, String slurmId, Path output, Path markerBase, int attempt) {

    /** The array id part of {@link #slurmId()}. */
    public String arrayId() {
        int u = slurmId.indexOf('_');
        return u < 0 ? slurmId : slurmId.substring(0, u);
    }

    /** The task index part of {@link #slurmId()}. */
    public int taskId() {
        int u = slurmId.indexOf('_');
        return u < 0 ? 0 : Integer.parseInt(slurmId.substring(u + 1));
    }
}
