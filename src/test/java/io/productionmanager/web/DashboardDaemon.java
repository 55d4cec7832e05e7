package io.productionmanager.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.productionmanager.app.PmApplication;
import io.productionmanager.production.Workspace;
import io.productionmanager.cli.ProductionManagerCommand;
import io.productionmanager.cli.RunCommand;
import picocli.CommandLine;

/** The daemon as {@code run} starts it (same properties, same dashboard), on a free port, for HTTP tests. */
final class DashboardDaemon implements AutoCloseable {

    /** A Quartz cron that does not fire during a test. */
    static final String NEVER = "0 0 0 1 1 ? 2099";

    final PmApplication app;
    final String host;
    final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private DashboardDaemon(PmApplication app, String host, int port) {
        this.app = app;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts the daemon on {@code host} and a free port, with the configuration folder and state folder given
     * and the poll cron; {@code extra} overrides properties (e.g. the watcher's delays).
     */
    static DashboardDaemon start(Path configDir, Path stateDir, String pollCron, String host, HttpAccess access,
                                 Map<String, String> extra) {
        int port = freePort();
        CommandLine cl = ProductionManagerCommand.commandLine();
        // the project's own catalog (next to its configuration folder), as the commands of the tests find it
        cl.parseArgs("--config-dir", configDir.toString(), "--machine", "local", "--state-dir", stateDir.toString(),
                "--catalog", Workspace.defaultCatalog(Workspace.defaultStateDir(configDir)).toString(), "run");
        ProductionManagerCommand parent = cl.getCommand();
        Map<String, String> props = RunCommand.daemonProperties(parent, pollCron, host, port);
        props.putAll(extra);
        return new DashboardDaemon(RunCommand.startDaemon(props, access), host, port);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://" + host + ":" + port + path;
    }

    HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, headers);
    }

    HttpResponse<String> send(String method, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
