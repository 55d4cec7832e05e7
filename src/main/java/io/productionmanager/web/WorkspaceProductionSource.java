package io.productionmanager.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.productionmanager.app.Production;
import io.productionmanager.app.Workspace;

/**
 * The initialized productions of the configuration folder, with their intent derived from the resolved
 * configuration ({@code execution.auto_submit}) and the submit hold. The list is cached for a few seconds:
 * finding it resolves every production file.
 */
public final class WorkspaceProductionSource implements ProductionSource {

    /** Shown next to every intent this source derives. */
    public static final String INTENT_SOURCE = "execution.auto_submit of the resolved configuration";

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
                out.add(new Listed(p, intentOf(p), INTENT_SOURCE));
            } catch (RuntimeException e) {
                // a production that cannot be opened right now is left out until it can
            }
        }
        cached = List.copyOf(out);
        readAt = now;
        return cached;
    }

    /** {@code held} while a refused batch holds submission, else {@code submit} or {@code stage only}. */
    static String intentOf(Production p) {
        if (p.store().meta("submit_hold").isPresent()) {
            return "held";
        }
        return p.config().execution().autoSubmit() ? "submit" : "stage only";
    }
}
