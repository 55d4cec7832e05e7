package io.productionmanager.poll;

import java.nio.file.Path;
import java.util.function.Supplier;

import io.productionmanager.store.JobState;

/**
 * What the poller needs to know of one active job (QUEUED or RUNNING). The two paths are worked out
 * only when asked for: most cycles never look at the files of a task the queue still holds.
 */
public final class TrackedJob {

    private final String id;
    private final long version;
    private final JobState state;
    private final String slurmId;
    private final int attempt;
    private Path output;
    private Path markerBase;
    private Supplier<Path> outputOf;
    private Supplier<Path> markerBaseOf;

    /**
     * @param id         job id, e.g. {@code r0000_z0.500}
     * @param version    row version for optimistic locking
     * @param state      current state
     * @param slurmId    scheduler id {@code <array>_<task>}
     * @param output     absolute output path
     * @param markerBase marker file prefix, e.g. {@code .../logs/batch_0003_7} ({@code .start}/{@code .exit} appended)
     * @param attempt    attempt number, from 1
     */
    public TrackedJob(String id, long version, JobState state, String slurmId, Path output, Path markerBase, int attempt) {
        this(id, version, state, slurmId, attempt, null, null);
        this.output = output;
        this.markerBase = markerBase;
    }

    /** As the other constructor, the paths given by functions called at most once, when first needed. */
    public TrackedJob(String id, long version, JobState state, String slurmId, int attempt, Supplier<Path> output,
                      Supplier<Path> markerBase) {
        this.id = id;
        this.version = version;
        this.state = state;
        this.slurmId = slurmId;
        this.attempt = attempt;
        this.outputOf = output;
        this.markerBaseOf = markerBase;
    }

    public String id() {
        return id;
    }

    public long version() {
        return version;
    }

    public JobState state() {
        return state;
    }

    public String slurmId() {
        return slurmId;
    }

    public int attempt() {
        return attempt;
    }

    /** Absolute output path. */
    public Path output() {
        if (output == null && outputOf != null) {
            output = outputOf.get();
            outputOf = null;
        }
        return output;
    }

    /** Marker file prefix ({@code .start}/{@code .exit} appended). */
    public Path markerBase() {
        if (markerBase == null && markerBaseOf != null) {
            markerBase = markerBaseOf.get();
            markerBaseOf = null;
        }
        return markerBase;
    }

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

    @Override
    public String toString() {
        return "TrackedJob[" + id + " " + state + " " + slurmId + " v" + version + "]";
    }
}
