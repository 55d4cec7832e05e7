package io.productionmanager.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.production.Production;
import io.productionmanager.app.TestWorkspace;
import io.productionmanager.production.Workspace;
import io.productionmanager.cli.ProductionManagerCommand;
import io.productionmanager.init.InitRequest;
import io.productionmanager.store.JobState;
import picocli.CommandLine;

/**
 * The HTTP server of the daemon over real HTTP: read-only (every write verb is 405 and changes nothing),
 * nothing outside a production's log folder is served (encoded {@code ..}, symbolic links), a token is
 * required off loopback on every path, and {@code run} refuses to start off loopback without one.
 */
class DashboardSecurityTest {

    private static final String SECRET = "TOP-SECRET-OUTSIDE-THE-PRODUCTION";
    private static final String TOKEN = "s3cret-token-for-the-dashboard-0123";

    @TempDir
    static Path tmp;

    private static TestWorkspace project;
    private static Workspace ws;
    private static Production production;
    private static DashboardDaemon daemon;

    @BeforeAll
    static void aProductionWithLogsAndTrapsAroundIt() throws Exception {
        project = TestWorkspace.inGitRepo(tmp);
        project.writeProduction("small", 2, 0.5);
        project.commitAll("Add small");
        ws = project.workspace(Clock.systemUTC());
        project.initService(ws, Clock.systemUTC(), s -> { }).init(InitRequest.of("small"));
        production = ws.open("small");
        ScriptedProduction s = new ScriptedProduction(production).submitAll(10);
        s.fail(List.of("r0001_z0.500"), "exit 3", 3, Clock.systemUTC().instant());
        s.writeLog("r0001_z0.500", "err", "the real log\n");
        Path logs = production.dir().resolve("logs");
        // traps: a secret outside the production, links to it from inside the log folder
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path secret = Files.writeString(outside.resolve("secret.txt"), SECRET, StandardCharsets.UTF_8);
        Files.writeString(tmp.resolve("secret.txt"), SECRET, StandardCharsets.UTF_8);
        Files.createSymbolicLink(logs.resolve("link-out.txt"), secret);
        Files.createSymbolicLink(logs.resolve("dirlink"), outside);
        Files.createSymbolicLink(logs.resolve("link-in.err"), logs.resolve("batch_0000_1.err"));
        Files.writeString(production.dir().resolve("metadata").resolve("inside-not-a-log.txt"), SECRET);
        daemon = DashboardDaemon.start(project.configDir, tmp.resolve("state"), DashboardDaemon.NEVER, "127.0.0.1",
                HttpAccess.loopback(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
        ws.close();
        project.close();
    }

    @Test
    void every_write_verb_on_every_kind_of_path_is_405_and_changes_nothing() {
        Map<JobState, Long> before = production.store().counts();
        List<String> paths = List.of("/", "/productions/small", "/assets/production.js", "/api/productions",
                "/api/productions/small", "/api/productions/small/jobs", "/api/productions/small/jobs/r0001_z0.500",
                "/api/productions/small/logs/batch_0000_1.err", "/observe/health", "/observe/metrics", "/q/send");
        for (String path : paths) {
            for (String verb : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
                HttpResponse<String> r = daemon.send(verb, path);
                assertThat(r.statusCode()).as(verb + " " + path).isEqualTo(405);
                assertThat(r.headers().firstValue("Allow")).as(verb + " " + path).hasValue("GET, HEAD");
            }
        }
        assertThat(daemon.send("HEAD", "/api/productions/small").statusCode()).isEqualTo(200);
        assertThat(production.store().counts()).isEqualTo(before);
    }

    @Test
    void a_log_inside_the_log_folder_is_served_also_through_a_link_that_stays_inside() {
        assertThat(daemon.get("/api/productions/small/logs/batch_0000_1.err").body()).isEqualTo("the real log\n");
        assertThat(daemon.get("/api/productions/small/logs/link-in.err").body()).isEqualTo("the real log\n");
    }

    @Test
    void nothing_outside_the_log_folder_is_served() {
        List<String> attempts = List.of(
                "/api/productions/small/logs/../metadata/production_config.yaml",
                "/api/productions/small/logs/../../../secret.txt",
                "/api/productions/small/logs/..%2F..%2F..%2Fsecret.txt",
                "/api/productions/small/logs/%2e%2e/%2e%2e/%2e%2e/secret.txt",
                "/api/productions/small/logs/%2E%2E%2F%2E%2E%2F%2E%2E%2Fsecret.txt",
                "/api/productions/small/logs/..%5C..%5C..%5Csecret.txt",
                "/api/productions/small/logs/%252e%252e%252f%252e%252e%252fsecret.txt",
                "/api/productions/small/logs/..%2Fmetadata%2Finside-not-a-log.txt",
                "/api/productions/small/logs/%2Fetc%2Fpasswd",
                "/api/productions/small/logs/" + tmp.resolve("secret.txt").toString().substring(1),
                "/api/productions/small/logs/batch_0000_1.err%00.txt",
                "/api/productions/small/logs/link-out.txt",
                "/api/productions/small/logs/dirlink/secret.txt",
                "/api/productions/small/logs/",
                "/api/productions/..%2F..%2Foutside/logs/secret.txt",
                "/api/productions/%2e%2e/logs/secret.txt",
                "/assets/..%2F..%2Fapplication.properties",
                "/assets/%2e%2e/application.properties",
                "/productions/..%2F..%2Fetc%2Fpasswd");
        for (String path : attempts) {
            HttpResponse<String> r = daemon.get(path);
            assertThat(r.statusCode()).as(path + " -> " + r.body()).isIn(400, 404);
            assertThat(r.body()).as(path).doesNotContain(SECRET).doesNotContain("root:");
        }
    }

    @Test
    void off_loopback_every_request_needs_the_token() throws Exception {
        try (DashboardDaemon remote = DashboardDaemon.start(project.configDir, tmp.resolve("state2"), DashboardDaemon.NEVER,
                "127.0.0.2", HttpAccess.resolve("127.0.0.2", TOKEN, null, Map.of()), Map.of())) {
            for (String path : List.of("/", "/productions/small", "/assets/common.js", "/api/productions",
                    "/api/productions/small/logs/batch_0000_1.err", "/observe/health", "/observe/metrics", "/nosuch")) {
                HttpResponse<String> r = remote.get(path);
                assertThat(r.statusCode()).as(path).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Bearer realm=\"production-manager\"");
                assertThat(r.body()).as(path).doesNotContain("the real log").doesNotContain("pm_jobs");
                assertThat(remote.get(path, "Authorization", "Bearer wrong-token-wrong-token").statusCode()).as(path).isEqualTo(401);
                assertThat(remote.get(path, "Cookie", DashboardServer.TOKEN_COOKIE + "=nope").statusCode()).as(path).isEqualTo(401);
            }
            assertThat(remote.send("POST", "/api/productions").statusCode()).isEqualTo(401);

            assertThat(remote.get("/api/productions/small/logs/batch_0000_1.err", "Authorization", "Bearer " + TOKEN).body())
                    .isEqualTo("the real log\n");
            assertThat(remote.get("/observe/health", "Authorization", "Bearer " + TOKEN).statusCode()).isIn(200, 503);
            assertThat(remote.send("POST", "/api/productions", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(405);

            // a page opened once with ?token= sets the cookie and drops the token from the address
            HttpResponse<String> opened = remote.get("/productions/small?token=" + TOKEN);
            assertThat(opened.statusCode()).isEqualTo(303);
            assertThat(opened.headers().firstValue("Location")).hasValue("/productions/small");
            String cookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).startsWith(DashboardServer.TOKEN_COOKIE + "=" + TOKEN).containsIgnoringCase("HttpOnly").contains("SameSite=Strict");
            assertThat(remote.get("/api/productions/small", "Cookie", DashboardServer.TOKEN_COOKIE + "=" + TOKEN).statusCode())
                    .isEqualTo(200);
            assertThat(remote.get("/api/productions?token=" + TOKEN).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void run_refuses_another_address_without_a_token_and_listens_on_nothing() {
        int port = DashboardDaemon.freePort();
        CommandLine cl = ProductionManagerCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        int code = cl.execute("--config-dir", project.configDir.toString(), "--state-dir", tmp.resolve("state3").toString(),
                "run", "--http-host", "0.0.0.0", "--http-port", String.valueOf(port));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--http-host 0.0.0.0 is not a loopback address").contains("--http-token-file");
        assertThat(out.toString()).isEmpty();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThat(tmp.resolve("state3")).doesNotExist();
    }

    @Test
    void run_refuses_a_token_too_short_or_from_a_missing_file() {
        CommandLine cl = ProductionManagerCommand.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));

        assertThat(cl.execute("--config-dir", project.configDir.toString(), "run", "--http-host", "0.0.0.0",
                "--http-token", "short")).isEqualTo(2);
        assertThat(err.toString()).contains("--http-token: the token must have at least 16 characters");
        assertThat(cl.execute("--config-dir", project.configDir.toString(), "run", "--http-host", "0.0.0.0",
                "--http-token-file", tmp.resolve("no-such-file").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--http-token-file: cannot read the token file " + tmp.resolve("no-such-file"));
    }
}
