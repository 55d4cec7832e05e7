package io.productionmanager.app;

import io.productionmanager.production.Executors;
import io.productionmanager.production.Workspace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;

import io.productionmanager.catalog.CatalogDatabase;
import io.productionmanager.git.GitProvenance;
import io.productionmanager.init.InitService;
import io.productionmanager.poll.ActivityLog;
import io.productionmanager.poll.PollService;
import io.productionmanager.poll.RetryService;
import io.productionmanager.slurm.SlurmCommands;
import io.productionmanager.stage.StageService;
import io.productionmanager.submit.CancelService;
import io.productionmanager.submit.SubmitService;

/**
 * Registers the application's beans (the services the routes call) from {@code application.properties}.
 */
public class PmConfiguration implements CamelConfiguration {

    @PropertyInject("pm.config-dir")
    private String configDir;
    @PropertyInject("pm.machine")
    private String machine;
    @PropertyInject("pm.state-dir")
    private String stateDir;
    @PropertyInject(value = "pm.catalog", defaultValue = "")
    private String catalog;
    @PropertyInject(value = "pm.machine-given", defaultValue = "false")
    private boolean machineGiven;
    @PropertyInject(value = "pm.local.parallelism", defaultValue = "0")
    private int localParallelism;
    @PropertyInject(value = "pm.slurm.timeout-seconds", defaultValue = "30")
    private int slurmTimeoutSeconds;
    @PropertyInject(value = "pm.slurm.sbatch", defaultValue = "sbatch")
    private String sbatch;
    @PropertyInject(value = "pm.slurm.squeue", defaultValue = "squeue")
    private String squeue;
    @PropertyInject(value = "pm.slurm.sacct", defaultValue = "sacct")
    private String sacct;
    @PropertyInject(value = "pm.slurm.scancel", defaultValue = "scancel")
    private String scancel;
    @PropertyInject(value = "pm.slurm.sinfo", defaultValue = "sinfo")
    private String sinfo;
    @PropertyInject(value = "pm.daemon", defaultValue = "false")
    boolean daemon;
    @PropertyInject(value = "pm.app-jar", defaultValue = "")
    private String appJar;
    @PropertyInject(value = "poll.cron", defaultValue = "")
    private String pollCron;
    @PropertyInject(value = "camel.management.enabled", defaultValue = "false")
    private boolean httpEnabled;
    @PropertyInject(value = "camel.management.host", defaultValue = "")
    private String httpHost;
    @PropertyInject(value = "camel.management.port", defaultValue = "0")
    private int httpPort;

    @BindToRegistry
    public Clock clock() {
        return Clock.systemUTC();
    }

    /** The workspace catalog file: {@code pm.catalog}, else {@code catalog.db} in the state folder. */
    Path catalogFile() {
        return catalog == null || catalog.isBlank() ? Workspace.defaultCatalog(Path.of(stateDir)) : Path.of(catalog);
    }

    /** The workspace catalog's DataSource (WAL, busy timeout, NORMAL synchronous on every connection), for camel-sql. */
    @BindToRegistry
    public DataSource catalogDataSource() {
        return CatalogDatabase.open(catalogFile());
    }

    /** Writes the catalog through the camel-sql routes of routes/catalog.camel.yaml. */
    @BindToRegistry
    public CatalogRoutes catalogRoutes() {
        return new CatalogRoutes();
    }

    @BindToRegistry
    public Workspace workspace(Clock clock, CatalogRoutes catalogRoutes) {
        return new Workspace(Path.of(configDir), machine, machineGiven, catalogFile(), catalogRoutes, clock);
    }

    @BindToRegistry
    public Executors executors(Clock clock) {
        SlurmCommands commands = new SlurmCommands(sbatch, squeue, sacct, scancel, sinfo);
        return new Executors(Path.of(stateDir).resolve("local"), localParallelism, clock, commands,
                Duration.ofSeconds(slurmTimeoutSeconds));
    }

    @BindToRegistry
    public InitService initService(Workspace workspace, Clock clock) {
        return new InitService(workspace, new GitProvenance(clock, AppInfo.version()), clock);
    }

    @BindToRegistry
    public StageService stageService(Workspace workspace) {
        return new StageService(workspace, workspace.configDir().resolve("templates"), AppInfo.jar(appJar));
    }

    @BindToRegistry
    public SubmitService submitService(Workspace workspace, Executors executors, StageService stageService, Clock clock) {
        return new SubmitService(workspace, executors, stageService, clock, SubmitService.defaultHook(), d -> Thread.sleep(d.toMillis()));
    }

    /** Productions whose batches wait for room in the queue, drained by the daemon between poll cycles. */
    @BindToRegistry
    public io.productionmanager.submit.HeldBackDrain heldBackDrain(Workspace workspace, Clock clock) {
        return new io.productionmanager.submit.HeldBackDrain(workspace, clock);
    }

    @BindToRegistry
    public CancelService cancelService(Workspace workspace, Executors executors) {
        return new CancelService(workspace, executors);
    }

    @BindToRegistry
    public PollService pollService(Workspace workspace, Executors executors, Clock clock) {
        return new PollService(workspace, executors, clock);
    }

    @BindToRegistry
    public RetryService retryService(Workspace workspace, StageService stageService, Clock clock) {
        return new RetryService(workspace, stageService, clock);
    }

    @BindToRegistry
    public ProductionWatcher productionWatcher(Workspace workspace) {
        return new ProductionWatcher(workspace, Path.of(stateDir));
    }

    /** The application's meters; bound to the registry Camel's Prometheus service creates (see Observability). */
    @BindToRegistry
    public ProductionMetrics productionMetrics(Workspace workspace, Executors executors, Clock clock) {
        return new ProductionMetrics(workspace, executors, clock);
    }

    @BindToRegistry
    public FailureRecorder failureRecorder() {
        return new FailureRecorder(daemon);
    }

    @BindToRegistry
    public ActivityLog activityLog(Workspace workspace, Clock clock) {
        return new ActivityLog(workspace, clock, daemon);
    }

    @Override
    public void configure(CamelContext camelContext) {
        // beans above are created lazily by Camel when a route first needs them
        if (daemon) {
            String details = "production-manager " + AppInfo.version() + ", config " + Path.of(configDir).toAbsolutePath()
                    + ", state " + Path.of(stateDir).toAbsolutePath() + ", machine " + machine + ", poll " + pollCron
                    + ", " + (httpEnabled ? "http://" + httpHost + ":" + httpPort : "no HTTP server");
            camelContext.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) {
                    if (event instanceof CamelEvent.CamelContextStartedEvent) {
                        log(camelContext).started(details);
                    } else if (event instanceof CamelEvent.CamelContextStoppedEvent) {
                        log(camelContext).stopped(details);
                    }
                }
            });
        }
    }

    private static ActivityLog log(CamelContext camelContext) {
        return camelContext.getRegistry().lookupByNameAndType("activityLog", ActivityLog.class);
    }
}
