package io.productionmanager.app;

import java.time.Clock;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;

import io.micrometer.core.instrument.MeterRegistry;

/** Adds the application's health check and metrics to Camel's health registry and meter registry, when enabled. */
final class Observability {

    private Observability() {
    }

    static void install(CamelContext ctx) {
        Workspace workspace = ctx.getRegistry().lookupByNameAndType("workspace", Workspace.class);
        Executors executors = ctx.getRegistry().lookupByNameAndType("executors", Executors.class);
        if (workspace == null || executors == null) {
            return;
        }
        HealthCheckRegistry health = HealthCheckRegistry.get(ctx);
        if (health != null && health.isEnabled()) {
            SchedulerHealthCheck check = new SchedulerHealthCheck(workspace, executors);
            check.setCamelContext(ctx);
            health.register(check);
        }
        MeterRegistry meters = ctx.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        // bound in every mode so the poll route can refresh it; without a meter registry it records nothing
        ctx.getRegistry().bind("productionMetrics", new ProductionMetrics(meters, workspace, executors, Clock.systemUTC()));
    }
}
