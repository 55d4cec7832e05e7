package io.productionmanager.store;

/** How many of one realization's jobs (its redshifts) are completed. */
public record RealizationProgress(int realization, int completed, int total) {

    public boolean isComplete() {
        return completed == total;
    }
}
