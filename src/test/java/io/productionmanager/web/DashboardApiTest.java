package io.productionmanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.productionmanager.production.Production;
import io.productionmanager.app.TestWorkspace;
import io.productionmanager.production.Workspace;
import io.productionmanager.cli.ProductionManagerCommand;
import io.productionmanager.init.InitRequest;
import io.productionmanager.store.JobState;
import io.productionmanager.testsupport.MutableClock;
import picocli.CommandLine;

/**
 * The dashboard's JSON API over real HTTP on the daemon's server: the numbers of {@code status --json}, the
 * production summary, grid, timeline, job listings with their filters and the latest log of a job.
 */
class DashboardApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static TestWorkspace project;
    private static Workspace ws;
    private static DashboardDaemon daemon;
    private static final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    /** One daemon for the class: every request here is read-only (the security tests check that). */
    @BeforeAll
    static void aProductionHalfWayThrough() {
        project = TestWorkspace.inGitRepo(tmp);
        project.writeProduction("small", 3, 0.5, 1.0);
        project.commitAll("Add small");
        ws = project.workspace(clock);
        project.initService(ws, clock, s -> { }).init(InitRequest.of("small"));
        Production p = ws.open("small");
        clock.advance(Duration.ofMinutes(1));
        ScriptedProduction s = new ScriptedProduction(p).submitAll(4);
        clock.advance(Duration.ofMinutes(1));
        s.run(List.of("r0000_z0.500", "r0000_z1.000", "r0001_z0.500", "r0001_z1.000"), clock.instant());
        clock.advance(Duration.ofMinutes(30));
        s.complete(List.of("r0000_z0.500", "r0000_z1.000"), clock.instant());
        s.fail(List.of("r0001_z1.000"), "exit 3: payload refused", 3, clock.instant());
        s.writeLog("r0001_z1.000", "err", "payload: refusing realization 1 at z=1.0\n");
        s.writeLog("r0001_z1.000", "out", "starting r0001_z1.000\n");
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

    private static JsonNode json(String path) throws Exception {
        HttpResponse<String> r = daemon.get(path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(r.body());
    }

    private JsonNode statusJson() throws Exception {
        CommandLine cl = ProductionManagerCommand.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        int code = cl.execute("--config-dir", project.configDir.toString(), "--machine", "local", "status", "small", "--json");
        assertThat(code).as(out.toString()).isZero();
        return JSON.readTree(out.toString());
    }

    @Test
    void a_production_carries_every_field_of_status_json_with_the_same_values() throws Exception {
        JsonNode status = statusJson();
        JsonNode api = json("/api/productions/small");

        status.fieldNames().forEachRemaining(f -> assertThat(api.get(f)).as("field %s", f).isEqualTo(status.get(f)));
        assertThat(api.get("counts").get("COMPLETED").asLong()).isEqualTo(2);
        assertThat(api.get("counts").get("FAILED").asLong()).isEqualTo(1);
        assertThat(api.get("counts").get("RUNNING").asLong()).isEqualTo(1);
        assertThat(api.get("counts").get("QUEUED").asLong()).isEqualTo(2);
        JsonNode listed = json("/api/productions").get("productions").get(0);
        status.fieldNames().forEachRemaining(f -> assertThat(listed.get(f)).as("listed field %s", f).isEqualTo(status.get(f)));
    }

    @Test
    void the_summary_shows_machine_intent_node_hours_rate_and_failures_by_reason() throws Exception {
        JsonNode p = json("/api/productions/small");

        assertThat(p.get("machine").asText()).isEqualTo("local");
        assertThat(p.get("intent").asText()).isEqualTo("stage only");
        assertThat(p.get("intent_source").asText()).isEqualTo("workspace catalog");
        assertThat(p.get("tag").asText()).startsWith("production/small_v1.0_");
        // four attempts started: two completed and one failed after 30 minutes, one still running (until the
        // daemon's own clock, which is later than the scripted one)
        JsonNode nh = p.get("node_hours");
        assertThat(nh.get("attempts").asLong()).isEqualTo(4);
        // cpu_intensive on machine local: 0.5 h walltime, 1 node
        assertThat(nh.get("nodes_per_job").asInt()).isEqualTo(1);
        assertThat(nh.get("reserved").asDouble()).isEqualTo(4 * 0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(nh.get("used").asDouble()).isGreaterThan(1.5);
        assertThat(p.get("remaining").asLong()).isEqualTo(3);
        assertThat(p.get("last_change").asText()).isEqualTo("2026-03-01T10:32:00Z");
        JsonNode failures = p.get("failures_by_reason");
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).get("code").asText()).isEqualTo("exit 3");
        assertThat(failures.get(0).get("count").asLong()).isEqualTo(1);
        assertThat(failures.get(0).get("examples").get(0).asText()).isEqualTo("exit 3: payload refused");
        assertThat(p.get("scheduler").has("commands")).isTrue();
        assertThat(p.get("links").get("page").asText()).isEqualTo("/productions/small");
    }

    @Test
    void rate_eta_and_node_hours_follow_the_history_and_the_clock() {
        MutableClock later = new MutableClock(Instant.parse("2026-03-01T10:37:00Z"));
        DashboardApi api = new DashboardApi(new WorkspaceProductionSource(ws, later), Map::of, later);

        Map<String, Object> p = api.production("small").orElseThrow();

        // two completions at 10:32, counted over the 10 minutes before 10:37
        assertThat((double) p.get("rate_per_minute")).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        // 2 queued + 1 running, at 0.2 per minute
        assertThat(p.get("eta_seconds")).isEqualTo(900L);
        @SuppressWarnings("unchecked")
        Map<String, Object> nh = (Map<String, Object>) p.get("node_hours");
        // three attempts ran 10:02-10:32, one runs since 10:02: 30 + 30 + 30 + 35 minutes
        assertThat((double) nh.get("used")).isCloseTo(125 / 60.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat((double) nh.get("reserved")).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));

        later.set(Instant.parse("2026-03-01T11:00:00Z"));
        Map<String, Object> quiet = api.production("small").orElseThrow();
        assertThat((double) quiet.get("rate_per_minute")).isZero();
        assertThat(quiet.get("eta_seconds")).as("no completion in the last 10 minutes").isNull();
    }

    @Test
    void the_grid_has_one_cell_per_job_in_its_state() throws Exception {
        JsonNode g = json("/api/productions/small/grid");

        assertThat(g.get("realizations").toString()).isEqualTo("[0,1,2]");
        assertThat(g.get("redshifts").toString()).isEqualTo("[0.5,1.0]");
        // realization-major: r0 (C C), r1 (R F), r2 (Q Q)
        assertThat(g.get("states").asText()).isEqualTo("CCRFQQ");
        assertThat(g.get("codes").get("F").asText()).isEqualTo("FAILED");
    }

    @Test
    void the_timeline_replays_the_history() throws Exception {
        JsonNode t = json("/api/productions/small/timeline");

        JsonNode last = t.get("points").get(t.get("points").size() - 1);
        assertThat(last.get("at").asText()).isEqualTo("2026-03-01T10:32:00Z");
        // PENDING QUEUED RUNNING COMPLETED FAILED CANCELLED
        assertThat(last.get("counts").toString()).isEqualTo("[0,2,1,2,1,0]");
    }

    @Test
    void failed_jobs_are_listed_with_reason_and_a_link_to_their_latest_log() throws Exception {
        JsonNode list = json("/api/productions/small/jobs?state=FAILED&limit=10");

        assertThat(list.get("jobs")).hasSize(1);
        JsonNode job = list.get("jobs").get(0);
        assertThat(job.get("id").asText()).isEqualTo("r0001_z1.000");
        assertThat(job.get("attempt").asInt()).isEqualTo(1);
        assertThat(job.get("reason").asText()).isEqualTo("exit 3: payload refused");
        assertThat(job.get("reason_code").asText()).isEqualTo("exit 3");
        assertThat(job.get("exit_code").asInt()).isEqualTo(3);
        String err = job.get("log").get("err").asText();
        assertThat(err).isEqualTo("/api/productions/small/logs/batch_0000_3.err");
        HttpResponse<String> log = daemon.get(err);
        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(log.body()).isEqualTo("payload: refusing realization 1 at z=1.0\n");
        assertThat(json("/api/productions/small/jobs/r0001_z1.000").get("log").get("out").asText())
                .isEqualTo("/api/productions/small/logs/batch_0000_3.out");
    }

    @Test
    void job_listings_filter_by_state_cell_and_limit() throws Exception {
        JsonNode completed = json("/api/productions/small/jobs?state=completed&limit=1");
        assertThat(completed.get("jobs")).hasSize(1);
        assertThat(completed.get("truncated").asBoolean()).isTrue();
        assertThat(completed.get("jobs").get(0).get("id").asText()).isEqualTo("r0000_z0.500");

        JsonNode cell = json("/api/productions/small/jobs?realization=2&redshift=1.0");
        assertThat(cell.get("jobs")).hasSize(1);
        assertThat(cell.get("jobs").get(0).get("id").asText()).isEqualTo("r0002_z1.000");
        assertThat(cell.get("jobs").get(0).get("state").asText()).isEqualTo(JobState.QUEUED.name());

        assertThat(json("/api/productions/small/jobs").get("jobs")).hasSize(6);
    }

    @Test
    void bad_parameters_are_400_naming_the_parameter_and_unknown_names_404() {
        assertThat(daemon.get("/api/productions/small/jobs?state=DONE")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("state: unknown state 'DONE'");
        });
        assertThat(daemon.get("/api/productions/small/jobs?limit=0").body()).contains("limit: must be between 1 and 10000");
        assertThat(daemon.get("/api/productions/small/jobs?limit=ten").statusCode()).isEqualTo(400);
        assertThat(daemon.get("/api/productions/small/jobs?colour=red").body()).contains("colour: unknown parameter");
        assertThat(daemon.get("/api/productions/nosuch").statusCode()).isEqualTo(404);
        assertThat(daemon.get("/api/productions/small/jobs/r9999_z0.500").statusCode()).isEqualTo(404);
        assertThat(daemon.get("/api/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void an_unchanged_document_is_answered_304_to_its_etag() {
        HttpResponse<String> first = daemon.get("/api/productions/small/grid");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = daemon.get("/api/productions/small/grid", "If-None-Match", etag);

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void the_pages_and_their_assets_come_from_the_jar() {
        HttpResponse<String> index = daemon.get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(index.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
        assertThat(index.body()).contains("/assets/index.js").doesNotContain("http://", "https://");
        assertThat(daemon.get("/productions/small").body()).contains("/assets/production.js");
        assertThat(daemon.get("/assets/production.js").headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(daemon.get("/assets/dashboard.css").statusCode()).isEqualTo(200);
        assertThat(daemon.get("/assets/nosuch.js").statusCode()).isEqualTo(404);
        // the management endpoints still answer on the same server
        assertThat(daemon.get("/observe/metrics").body()).contains("pm_jobs{production=\"small\",state=\"FAILED\"}");
    }
}
