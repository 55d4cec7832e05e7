package io.productionmanager.app;

import io.productionmanager.production.Executors;
import io.productionmanager.production.Workspace;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;

import io.micrometer.core.instrument.MeterRegistry;


/** Adds the application's health check and metrics to Camel's health registry and meter registry, when enabled. */
final class Observability {

    private Observability() {
    }

    static void install(CamelContext ctx) {
        HealthCheckRegistry health = HealthCheckRegistry.get(ctx);
        if (health == null || !health.isEnabled()) {
            // command-line mode: no health checks, and metrics stay unregistered (they cost start-up time)
            return;
        }
        Workspace workspace = ctx.getRegistry().lookupByNameAndType("workspace", Workspace.class);
        Executors executors = ctx.getRegistry().lookupByNameAndType("executors", Executors.class);
        SchedulerHealthCheck check = new SchedulerHealthCheck(workspace, executors);
        check.setCamelContext(ctx);
        health.register(check);
        // Camel's Prometheus service creates the registry its /observe/metrics endpoint scrapes and binds it
        // as metricsRegistry while the context starts; the application's meters join that one
        MeterRegistry meters = ctx.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (meters != null) {
            ctx.getRegistry().lookupByNameAndType("productionMetrics", ProductionMetrics.class).bindTo(meters);
        }
    }
}
