package io.productionmanager.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.productionmanager.production.Production;
import io.productionmanager.production.StatusReport;
import io.productionmanager.production.Workspace;
import io.productionmanager.catalog.CatalogEntry;

/**
 * The productions of the workspace: those the workspace catalog registers (archived ones left out), then the
 * initialized ones it does not know yet, each with the intent the catalog records. The list is cached for a few
 * seconds: finding the unregistered ones resolves every production file.
 */
public final class WorkspaceProductionSource implements ProductionSource {

    /** Shown next to every intent this source gives. */
    public static final String INTENT_SOURCE = "workspace catalog";

    private static final Duration CACHE = Duration.ofSeconds(5);

    private final Workspace workspace;
    private final Clock clock;
    private List<Listed> cached = List.of();
    private Instant readAt;

    public WorkspaceProductionSource(Workspace workspace, Clock clock) {
        this.workspace = workspace;
        this.clock = clock;
    }

    @Override
    public synchronized List<Listed> productions() {
        Instant now = clock.instant();
        if (readAt != null && Duration.between(readAt, now).compareTo(CACHE) < 0) {
            return cached;
        }
        List<Listed> out = new ArrayList<>();
        for (String name : workspace.initializedProductions()) {
            try {
                Production p = workspace.open(name);
                String intent = workspace.catalog().find(p.name()).map(CatalogEntry::intent).orElse("not registered");
                out.add(new Listed(p, intent, INTENT_SOURCE));
            } catch (RuntimeException e) {
                // a production that cannot be opened right now is left out until it can
            }
        }
        cached = List.copyOf(out);
        readAt = now;
        return cached;
    }

    /** {@code status --json}'s own reading: with the intent and hold of the catalog. */
    @Override
    public StatusReport status(Listed listed) {
        return StatusReport.of(workspace, listed.production(), false);
    }
}
