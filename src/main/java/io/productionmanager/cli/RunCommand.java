package io.productionmanager.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.productionmanager.app.PmApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code run}: the daemon — folder watcher, poller, retries and the HTTP health/metrics endpoint. */
@Command(name = "run",
        header = "Run the daemon: watch config/productions, poll the scheduler, retry, serve health and metrics.",
        footer = {"", "Stops cleanly on SIGTERM or Ctrl-C; started again, it resumes where it left off.",
                "HTTP (loopback by default): /observe/health, /observe/metrics, /q/dev (with PM_DEV_CONSOLE=true)."})
public class RunCommand implements Callable<Integer> {

    @ParentCommand
    ProductionManagerCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--poll-cron", paramLabel = "CRON", defaultValue = "0/15 * * * * ?",
            description = "Quartz cron of the poll cycle. Default: every 15 s.")
    String pollCron;

    @Option(names = "--drain-ms", paramLabel = "MS", defaultValue = "2000",
            description = "Milliseconds between two submits of a production whose batches wait for room under "
                    + "execution.max_queued (each polls it first); 0 = only the poll cycle submits. Default: ${DEFAULT-VALUE}.")
    long drainMs;

    @Option(names = "--http-host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "HTTP address. Default: ${DEFAULT-VALUE}.")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8180", description = "HTTP port (0 = no HTTP server). Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (drainMs < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--drain-ms: must be 0 or more, got " + drainMs);
        }
        Map<String, String> props = daemonProperties(parent, pollCron, httpHost, httpPort);
        props.put("poll.drain-ms", String.valueOf(drainMs));
        CountDownLatch stop = new CountDownLatch(1);
        try (PmApplication app = PmApplication.start(props)) {
            // the JVM does not wait for this thread once shutdown starts: the hook itself stops Camel
            Thread hook = new Thread(() -> {
                app.close();
                stop.countDown();
            }, "pm-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.printf("production-manager daemon: watching %s/productions, poll %s%s%n", parent.configDir(), pollCron,
                    httpPort > 0 ? ", http://" + httpHost + ":" + httpPort + "/observe/health" : "");
            out.flush();
            app.awaitShutdown(stop);
            out.println("production-manager daemon: stopping");
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** The properties of daemon mode. */
    static Map<String, String> daemonProperties(ProductionManagerCommand parent, String pollCron, String host, int port) {
        Map<String, String> p = AppLauncher.cliProperties(parent);
        p.put("pm.daemon", "true");
        // every route, as application.properties lists them
        p.remove("camel.main.routes-include-pattern");
        p.put("pm.route-failure-log-level", "WARN");
        p.put("poll.cron", pollCron);
        p.put("camel.main.jmx-enabled", "true");
        p.put("camel.metrics.enabled", "true");
        p.put("camel.health.enabled", "true");
        p.put("camel.management.enabled", port > 0 ? "true" : "false");
        p.put("camel.management.host", host);
        p.put("camel.management.port", String.valueOf(Math.max(port, 1)));
        return p;
    }
}
