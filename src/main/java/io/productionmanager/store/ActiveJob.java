package io.productionmanager.store;

/**
 * The few columns of an active job a poll cycle compares against the scheduler's answer (a million of
 * them are read every cycle; the full {@link Job} is loaded only for the jobs that changed).
 */
public record ActiveJob(String id, long version, JobState state, String slurmId, Long batchId, Integer taskIndex,
                       String outputPath, int attempt) {
}
