package io.productionmanager.stage;

/** What a stage call wrote: the summary of the new batches (none when everything was already staged). */
public record StageResult(String name, StageSummary summary, int batches) {
}
