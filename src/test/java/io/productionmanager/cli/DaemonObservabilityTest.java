package io.productionmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.app.PmApplication;
import io.productionmanager.app.TestWorkspace;
import io.productionmanager.production.Workspace;
import io.productionmanager.init.InitRequest;
import picocli.CommandLine;

/**
 * The daemon with the properties of {@code run}: health (with the scheduler check) and Prometheus metrics over
 * real HTTP on loopback, route MBeans over JMX, and no dev console unless it is switched on.
 */
class DaemonObservabilityTest {

    @TempDir
    Path tmp;

    private TestWorkspace project;
    private PmApplication daemon;
    private int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void initializeOneProduction() {
        project = TestWorkspace.inGitRepo(tmp);
        project.writeProduction("small", 3, 0.5, 1.0);
        project.commitAll("Add small");
        try (Workspace ws = project.workspace(Clock.systemUTC())) {
            project.initService(ws, Clock.systemUTC(), s -> { }).init(InitRequest.of("small"));
        }
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        project.close();
    }

    private void startDaemon(Map<String, String> extra) throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CommandLine cl = ProductionManagerCommand.commandLine();
        cl.parseArgs("--config-dir", project.configDir.toString(), "--machine", "local",
                "--state-dir", tmp.resolve("state").toString(), "run");
        ProductionManagerCommand parent = cl.getCommand();
        Map<String, String> props = RunCommand.daemonProperties(parent, "0 0 0 1 1 ? 2099", "127.0.0.1", port);
        props.putAll(extra);
        daemon = PmApplication.start(props);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void health_is_up_and_includes_the_scheduler_check() throws Exception {
        startDaemon(Map.of());

        // readiness includes "the watcher has polled once", so the daemon turns UP shortly after start
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> health = get("/observe/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).startsWith("{\"status\":\"UP\"");
        });
        HttpResponse<String> full = get("/observe/health?exposureLevel=full");
        assertThat(full.body()).startsWith("{\"status\":\"UP\"")
                .contains("{\"name\":\"scheduler\",\"status\":\"UP\"}");
    }

    @Test
    void metrics_count_jobs_per_production_and_state_and_scheduler_calls() throws Exception {
        startDaemon(Map.of());

        HttpResponse<String> metrics = get("/observe/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        List<String> lines = metrics.body().lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("pm_jobs\\{production=\"small\",state=\"PENDING\"} 6(\\.0)?"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("pm_jobs\\{production=\"small\",state=\"COMPLETED\"} 0(\\.0)?"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("pm_scheduler_calls_total{command=\"sbatch\"}"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("pm_scheduler_calls_total{command=\"squeue\"}"));
    }

    @Test
    void route_mbeans_are_registered_over_jmx() throws Exception {
        startDaemon(Map.of());
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();

        Set<ObjectName> names = server.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null);
        List<String> routeIds = new ArrayList<>();
        for (ObjectName n : names) {
            routeIds.add((String) server.getAttribute(n, "RouteId"));
        }

        assertThat(routeIds).contains("init", "stage", "submit", "poll", "poll-cycle", "watch-productions");
    }

    @Test
    void the_dev_console_is_off_by_default() throws Exception {
        startDaemon(Map.of());

        assertThat(get("/q/dev").statusCode()).isEqualTo(404);
    }

    @Test
    void the_dev_console_answers_when_switched_on() throws Exception {
        startDaemon(Map.of("camel.management.dev-console-enabled", "true", "camel.main.dev-console-enabled", "true"));

        HttpResponse<String> dev = get("/q/dev");

        assertThat(dev.statusCode()).as(dev.body()).isEqualTo(200);
    }
}
