package io.productionmanager.app;

import io.productionmanager.production.Executors;
import io.productionmanager.production.Workspace;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Health: DOWN when a scheduler that an initialized production uses does not answer. */
public final class SchedulerHealthCheck extends AbstractHealthCheck {

    private final Workspace workspace;
    private final Executors executors;

    public SchedulerHealthCheck(Workspace workspace, Executors executors) {
        super("production-manager", "scheduler");
        this.workspace = workspace;
        this.executors = executors;
    }

    @Override
    public boolean isReadiness() {
        return true;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Set<String> names = new LinkedHashSet<>();
        for (String p : workspace.initializedProductions()) {
            try {
                names.add(workspace.open(p).config().execution().executor());
            } catch (RuntimeException e) {
                builder.detail("production." + p, "cannot be opened: " + e.getMessage());
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        for (String n : names) {
            boolean answers = executors.forName(n, 0).ping();
            details.put("executor." + n, answers ? "answers" : "does not answer");
            up &= answers;
        }
        details.put("productions", workspace.initializedProductions().size());
        builder.details(details);
        if (up) {
            builder.up();
        } else {
            builder.message("a scheduler does not answer").down();
        }
    }
}
