package io.productionmanager.catalog;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One registered production of the workspace catalog: where it lives, what it was initialized with,
 * and its intent (whether the daemon may submit it, a hold after a refused batch, archived).
 *
 * @param name         production name, unique in the workspace
 * @param dir          absolute production folder ({@code base_path/name})
 * @param machine      machine the production was initialized for
 * @param tag          git tag of the init, empty without git
 * @param configSha256 SHA-256 of the production file at init
 * @param createdAt    when init registered it
 * @param autoSubmit   true when the daemon may submit it (dropped with auto_submit true, or a user's submit)
 * @param held         why automatic submission is on hold (a refused batch), empty when not held
 * @param archived     true when the daemon leaves it alone for good
 */
public record CatalogEntry(String name, Path dir, String machine, String tag, String configSha256, Instant createdAt,
                           boolean autoSubmit, String held, boolean archived) {

    /** The intent in one word or phrase, as {@code list} and {@code status} show it. */
    public String intent() {
        if (archived) {
            return "archived";
        }
        if (!held.isEmpty()) {
            return "held";
        }
        return autoSubmit ? "submit" : "stage only";
    }

    /** True when the daemon may stage due retries and submit this production. */
    public boolean daemonMaySubmit() {
        return autoSubmit && held.isEmpty() && !archived;
    }
}
