package io.productionmanager.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.productionmanager.app.PmApplication;
import io.productionmanager.web.DashboardServer;
import io.productionmanager.web.HttpAccess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code run}: the daemon — folder watcher, poller, retries, the dashboard and the HTTP health/metrics endpoint. */
@Command(name = "run",
        header = "Run the daemon: watch config/productions, poll the scheduler, retry, serve the dashboard, health and metrics.",
        footer = {"", "Stops cleanly on SIGTERM or Ctrl-C; started again, it resumes where it left off.",
                "HTTP (loopback by default): the dashboard /, its JSON API /api/productions, /observe/health,",
                "/observe/metrics, /q/dev (with PM_DEV_CONSOLE=true). Read-only: GET and HEAD only.",
                "Another address than loopback needs a token: --http-token-file FILE (or --http-token, $PM_HTTP_TOKEN_FILE,",
                "$PM_HTTP_TOKEN; a flag beats the environment), sent as 'Authorization: Bearer TOKEN' or opened once as /?token=TOKEN."})
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

    @Option(names = "--http-token", paramLabel = "TOKEN",
            description = "Token every HTTP request must carry (at least 16 characters); required off loopback. "
                    + "Visible to other users in the process list: prefer --http-token-file. Beats $PM_HTTP_TOKEN.")
    String httpToken;

    @Option(names = "--http-token-file", paramLabel = "FILE",
            description = "File holding the HTTP token (e.g. `openssl rand -hex 32 > FILE; chmod 600 FILE`). "
                    + "Beats $PM_HTTP_TOKEN_FILE and $PM_HTTP_TOKEN.")
    Path httpTokenFile;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (drainMs < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--drain-ms: must be 0 or more, got " + drainMs);
        }
        Map<String, String> props = daemonProperties(parent, pollCron, httpHost, httpPort);
        props.put("poll.drain-ms", String.valueOf(drainMs));
        // refused before anything starts: an address off loopback without a token is exit 2
        HttpAccess access = httpPort > 0 ? HttpAccess.resolve(httpHost, httpToken, httpTokenFile, System.getenv())
                : HttpAccess.loopback();
        CountDownLatch stop = new CountDownLatch(1);
        try (PmApplication app = startDaemon(props, access)) {
            // the JVM does not wait for this thread once shutdown starts: the hook itself stops Camel
            Thread hook = new Thread(() -> {
                app.close();
                stop.countDown();
            }, "pm-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.printf("production-manager daemon: watching %s/productions, poll %s%s%n", parent.configDir(), pollCron,
                    httpPort > 0 ? ", dashboard http://" + hostInUrl(httpHost) + ":" + httpPort + "/"
                            + (access.tokenRequired() ? " (token required)" : "") : "");
            out.flush();
            app.awaitShutdown(stop);
            out.println("production-manager daemon: stopping");
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** Starts the daemon's application with the dashboard on its HTTP server (when the properties turn it on). */
    public static PmApplication startDaemon(Map<String, String> props, HttpAccess access) {
        return PmApplication.start(props, new DashboardServer(access, DashboardServer::workspaceApi));
    }

    private static String hostInUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The properties of daemon mode. */
    public static Map<String, String> daemonProperties(ProductionManagerCommand parent, String pollCron, String host, int port) {
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
