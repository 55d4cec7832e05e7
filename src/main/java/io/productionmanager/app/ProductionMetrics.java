package io.productionmanager.app;

import io.productionmanager.production.Executors;
import io.productionmanager.production.Workspace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.productionmanager.slurm.SchedulerCallStats;
import io.productionmanager.store.JobState;

/**
 * Prometheus metrics of the application: jobs per production and state ({@code pm_jobs}), and
 * scheduler calls, errors and latencies per command ({@code pm_scheduler_calls_total}, ...).
 */
public final class ProductionMetrics implements MeterBinder {

    private static final Duration CACHE = Duration.ofSeconds(2);
    private static final Set<String> COMMANDS = Set.of("sbatch", "squeue", "sacct", "scancel", "sinfo");

    private final Workspace workspace;
    private final Executors executors;
    private final Clock clock;
    // the registry the HTTP endpoint scrapes, known only once Camel's metrics service has started
    private volatile MeterRegistry registry;
    private final Map<String, Map<JobState, Long>> counts = new ConcurrentHashMap<>();
    private final Map<String, Instant> readAt = new ConcurrentHashMap<>();

    public ProductionMetrics(Workspace workspace, Executors executors, Clock clock) {
        this.workspace = workspace;
        this.executors = executors;
        this.clock = clock;
    }

    /** Registers the scheduler meters and the job gauges of the productions initialized so far. */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        this.registry = registry;
        counts.clear();
        SchedulerCallStats stats = executors.stats();
        for (String cmd : COMMANDS) {
            FunctionCounter.builder("pm_scheduler_calls", stats, s -> s.get(cmd).calls())
                    .tag("command", cmd).description("Scheduler command calls").register(registry);
            FunctionCounter.builder("pm_scheduler_errors", stats, s -> s.get(cmd).errors())
                    .tag("command", cmd).description("Scheduler command calls that failed").register(registry);
            FunctionTimer.builder("pm_scheduler_call", stats, s -> s.get(cmd).calls(),
                    s -> s.get(cmd).totalLatency().toNanos(), TimeUnit.NANOSECONDS)
                    .tag("command", cmd).description("Scheduler command latency").register(registry);
        }
        refresh();
    }

    /** Registers gauges for productions initialized since the last call (nothing while no registry is bound). */
    public synchronized void refresh() {
        MeterRegistry registry = this.registry;
        if (registry == null) {
            return;
        }
        for (String name : workspace.initializedProductions()) {
            if (counts.containsKey(name)) {
                continue;
            }
            counts.put(name, Map.of());
            for (JobState s : JobState.values()) {
                Gauge.builder("pm_jobs", this, m -> m.count(name, s))
                        .tag("production", name).tag("state", s.name())
                        .description("Jobs per production and state").register(registry);
            }
        }
    }

    private double count(String name, JobState s) {
        Instant now = clock.instant();
        Instant at = readAt.get(name);
        if (at == null || Duration.between(at, now).compareTo(CACHE) > 0) {
            try {
                counts.put(name, workspace.open(name).store().counts());
            } catch (RuntimeException e) {
                return Double.NaN;
            }
            readAt.put(name, now);
        }
        return counts.getOrDefault(name, Map.of()).getOrDefault(s, 0L);
    }
}
