package io.productionmanager.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.cli.ProductionManagerCommand;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.JobState;
import picocli.CommandLine;

/**
 * The watch-productions route in a running daemon with its poller on (a cycle every second): a dropped
 * production file is initialized and staged, and submitted only when it asks for it (auto_submit), also over
 * later poll cycles; an invalid one is recorded for {@code list} without stopping the route, and fixing it
 * starts the production.
 */
class WatchProductionsRouteTest {

    @TempDir
    Path tmp;

    private TestWorkspace project;
    private Path stateDir;
    private PmApplication app;

    @BeforeEach
    void startDaemon() {
        project = TestWorkspace.inGitRepo(tmp);
        stateDir = tmp.resolve("state");
        // the poller is on: a cycle every second
        Map<String, String> p = project.daemonProperties(stateDir);
        p.put("watch.delay-ms", "100");
        p.put("watch.read-lock-min-age-ms", "100");
        app = PmApplication.start(p);
    }

    @AfterEach
    void stop() {
        app.close();
        project.close();
    }

    @Test
    void a_valid_file_dropped_into_productions_is_initialized_and_staged_and_stays_staged_over_poll_cycles() {
        NotifyBuilder seen = new NotifyBuilder(app.context()).fromRoute("watch-productions").whenDone(1).create();

        project.writeProduction("dropped", 3, 0.5, 1.0);

        assertThat(seen.matches(60, TimeUnit.SECONDS)).as("the watcher handled the file").isTrue();
        // cycles that start after the production was registered: each of them sees it
        NotifyBuilder cycles = new NotifyBuilder(app.context()).fromRoute("poll").whenDone(4).create();
        assertThat(cycles.matches(60, TimeUnit.SECONDS)).as("four poll cycles ran").isTrue();
        Workspace ws = app.bean("workspace", Workspace.class);
        assertThat(ws.catalog().find("dropped")).hasValueSatisfying(e -> assertThat(e.intent()).isEqualTo("stage only"));
        assertThat(ws.isInitialized("dropped")).isTrue();
        Production p = ws.open("dropped");
        assertThat(p.store().total()).isEqualTo(6);
        assertThat(p.store().batches(BatchState.STAGED)).hasSize(1);
        assertThat(p.dir().resolve("logs/batch_0000/batch_0000.sh")).isRegularFile();
        // auto_submit: false stops after stage
        assertThat(p.store().counts()).containsEntry(JobState.PENDING, 6L);
        assertThat(ProductionWatcher.recorded(stateDir, "dropped")).isEmpty();
    }

    @Test
    void a_file_with_auto_submit_is_also_submitted() {
        NotifyBuilder seen = new NotifyBuilder(app.context()).fromRoute("watch-productions").whenDone(1).create();

        project.write("config/productions/eager.yaml", project.productionYaml("eager", 2, 0.5)
                .replace("auto_submit: false", "auto_submit: true"));

        assertThat(seen.matches(60, TimeUnit.SECONDS)).as("the watcher handled the file").isTrue();
        Production p = app.bean("workspace", Workspace.class).open("eager");
        assertThat(p.store().batches(BatchState.STAGED)).isEmpty();
        assertThat(p.store().batches(BatchState.SUBMITTED, BatchState.FINISHED)).hasSize(1);
        assertThat(p.store().counts().get(JobState.PENDING)).isZero();
    }

    @Test
    void an_invalid_file_is_recorded_the_route_keeps_running_and_the_fixed_file_starts() {
        NotifyBuilder broken = new NotifyBuilder(app.context()).fromRoute("watch-productions").whenDone(1).create();

        project.write("config/productions/broken.yaml", project.productionYaml("broken", 2, 0.5)
                .replace("batch_size: 10", "batch_sise: 10"));

        assertThat(broken.matches(60, TimeUnit.SECONDS)).as("the watcher handled the broken file").isTrue();
        assertThat(ProductionWatcher.recorded(stateDir, "broken")).hasValueSatisfying(r ->
                assertThat(r).startsWith("invalid: ").contains("broken.yaml").contains("batch_sise"));
        assertThat(app.context().getRouteController().getRouteStatus("watch-productions"))
                .isEqualTo(ServiceStatus.Started);
        assertThat(project.basePath().resolve("broken")).doesNotExist();

        List<String> listed = list();
        assertThat(listed).anySatisfy(line -> assertThat(line)
                .startsWith("broken               -> config/productions/broken.yaml  [watch: invalid: ")
                .contains("batch_sise"));

        NotifyBuilder fixed = new NotifyBuilder(app.context()).fromRoute("watch-productions").whenDone(1).create();
        project.writeProduction("broken", 2, 0.5);

        assertThat(fixed.matches(60, TimeUnit.SECONDS)).as("the watcher handled the fixed file").isTrue();
        assertThat(app.bean("workspace", Workspace.class).isInitialized("broken")).isTrue();
        assertThat(ProductionWatcher.recorded(stateDir, "broken")).isEmpty();
        assertThat(list()).contains("broken               -> " + project.basePath().resolve("broken")
                + "  [local, intent: stage only, 2 jobs: 2 PENDING]");
    }

    @Test
    void a_file_whose_init_fails_is_recorded_with_the_failed_step_and_the_route_keeps_running() throws Exception {
        // base_path below a regular file: the production folder cannot be created
        Path blocker = java.nio.file.Files.writeString(tmp.resolve("blocker"), "not a folder");
        NotifyBuilder seen = new NotifyBuilder(app.context()).fromRoute("watch-productions").whenDone(1).create();

        project.write("config/productions/blocked.yaml", project.productionYaml("blocked", 2, 0.5)
                .replace(project.basePath().toString(), blocker.resolve("productions").toString()));

        assertThat(seen.matches(60, TimeUnit.SECONDS)).as("the watcher handled the file").isTrue();
        assertThat(ProductionWatcher.recorded(stateDir, "blocked")).hasValueSatisfying(r -> assertThat(r)
                .startsWith("start failed: init of 'blocked' failed at step 'create the production directories'"));
        assertThat(app.context().getRouteController().getRouteStatus("watch-productions"))
                .isEqualTo(ServiceStatus.Started);
        assertThat(list()).anySatisfy(line -> assertThat(line).startsWith("blocked              -> ")
                .contains("[watch: start failed: init of 'blocked'"));

        NotifyBuilder next = new NotifyBuilder(app.context()).fromRoute("watch-productions").whenDone(1).create();
        project.writeProduction("after", 2, 0.5);
        assertThat(next.matches(60, TimeUnit.SECONDS)).isTrue();
        assertThat(app.bean("workspace", Workspace.class).isInitialized("after")).isTrue();
    }

    private List<String> list() {
        CommandLine cl = ProductionManagerCommand.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        int code = cl.execute("--config-dir", project.configDir.toString(), "--state-dir", stateDir.toString(), "list");
        assertThat(code).isZero();
        return out.toString().lines().toList();
    }
}
