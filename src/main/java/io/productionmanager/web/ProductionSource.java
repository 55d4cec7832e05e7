package io.productionmanager.web;

import java.util.List;
import java.util.Optional;

import io.productionmanager.production.Production;
import io.productionmanager.production.StatusReport;

/**
 * Where the dashboard finds the productions it shows, and what each one is meant to do (its intent).
 * The only place the dashboard learns which productions exist.
 */
public interface ProductionSource {

    /**
     * One production as the dashboard lists it.
     *
     * @param production   the open production (configuration, folder, job store)
     * @param intent       what the daemon may do with it: {@code submit}, {@code stage only} or {@code held}
     * @param intentSource where {@code intent} was read from, shown next to it
     */
    record Listed(Production production, String intent, String intentSource) {
        public String name() {
            return production.name();
        }
    }

    /** The productions to show, in display order. */
    List<Listed> productions();

    /** The production's status, as {@code status NAME --json} computes it. */
    default StatusReport status(Listed listed) {
        return StatusReport.of(listed.production(), false);
    }

    /** The production of that name, if it is one of {@link #productions()}. */
    default Optional<Listed> find(String name) {
        return productions().stream().filter(l -> l.name().equals(name)).findFirst();
    }
}
