package io.productionmanager.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.init.InitRequest;
import io.productionmanager.init.InitResult;
import io.productionmanager.stage.StageResult;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.submit.SubmitResult;
import io.productionmanager.submit.SubmitService;

/**
 * The daemon with its poller on (a cycle every second) submits only what was asked for: a production a user
 * initialized and staged stays STAGED over any number of cycles; after a user's submit its retries go out
 * automatically. The job is a few lines of bash that always fail.
 */
class DaemonIntentTest {

    @TempDir
    Path tmp;

    private TestWorkspace project;
    private PmApplication app;
    private Path attempts;

    @BeforeEach
    void startDaemon() throws IOException {
        project = TestWorkspace.inGitRepo(tmp);
        attempts = tmp.resolve("attempts.txt");
        Path payload = Path.of("src/test/resources/payloads/always-fails.sh").toAbsolutePath();
        for (String name : List.of("staged_only", "wanted")) {
            // outside config/productions: the watcher must not start them, these productions are a user's
            project.write("user/" + name + ".yaml", project.productionYaml(name, 2, 0.5)
                    .replace("command: \"true\"", "command: \"bash " + payload + " {job_id} {attempt} " + attempts + "\"")
                    // one retry, due at once
                    .replace("  auto_submit: false\n", "  auto_submit: false\n  retry_policy: {max_retries: 1, initial_delay_minutes: 0}\n"));
        }
        project.commitAll("Two productions");
        app = PmApplication.start(project.daemonProperties(tmp.resolve("state")));
    }

    @AfterEach
    void stop() {
        app.close();
        project.close();
    }

    @Test
    void a_staged_only_production_stays_staged_over_poll_cycles_and_a_submitted_one_is_retried_automatically()
            throws IOException {
        for (String name : List.of("staged_only", "wanted")) {
            String file = project.root.resolve("user/" + name + ".yaml").toString();
            InitResult init = app.request("direct:init", new InitRequest(file, null, false, false), InitResult.class);
            assertThat(init.jobs()).isEqualTo(2);
            StageResult staged = app.request("direct:stage", name, StageResult.class);
            assertThat(staged.batches()).isEqualTo(1);
        }
        Workspace ws = app.bean("workspace", Workspace.class);
        assertThat(ws.catalog().find("staged_only").orElseThrow().intent()).isEqualTo("stage only");

        // a user's submit of one of them: the intent is recorded, then the route submits it
        app.bean("submitService", SubmitService.class).release("wanted");
        SubmitResult submitted = app.request("direct:submit", "wanted", SubmitResult.class);
        assertThat(submitted.submitted()).hasSize(1);
        assertThat(ws.catalog().find("wanted").orElseThrow().intent()).isEqualTo("submit");

        // the poller fails each job, schedules its retry (due at once) and submits it: two attempts per job
        Production wanted = ws.open("wanted");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                wanted.store().jobs().stream().allMatch(j -> j.state() == JobState.FAILED && j.attempt() == 2
                        && j.nextAttemptAt() == null));
        // the two retries go out in one retry batch, or in two when their failures are seen in different cycles
        var batches = wanted.store().batches(BatchState.SUBMITTED, BatchState.FINISHED);
        assertThat(batches.get(0).retry()).as("the first batch").isFalse();
        assertThat(batches.subList(1, batches.size())).as("retry batches").isNotEmpty()
                .allSatisfy(b -> assertThat(b.retry()).isTrue())
                .extracting(io.productionmanager.store.Batch::taskCount).containsAnyOf(1, 2);
        assertThat(batches.subList(1, batches.size()).stream().mapToInt(io.productionmanager.store.Batch::taskCount).sum())
                .as("one retry per job").isEqualTo(2);

        // meanwhile, and over more cycles, the staged-only production was polled but never submitted
        NotifyBuilder cycles = new NotifyBuilder(app.context()).fromRoute("poll").whenDone(3).create();
        assertThat(cycles.matches(60, TimeUnit.SECONDS)).as("three more poll cycles ran").isTrue();
        Production stagedOnly = ws.open("staged_only");
        assertThat(stagedOnly.store().batches(BatchState.STAGED)).hasSize(1);
        assertThat(stagedOnly.store().batches(BatchState.SUBMITTING, BatchState.SUBMITTED, BatchState.FINISHED)).isEmpty();
        assertThat(stagedOnly.store().jobs()).extracting(Job::state).containsOnly(JobState.PENDING);
        assertThat(lines()).as("only the submitted production's jobs ran, twice each")
                .containsExactlyInAnyOrder("r0000_z0.500 1", "r0001_z0.500 1", "r0000_z0.500 2", "r0001_z0.500 2");
    }

    private List<String> lines() throws IOException {
        return Files.exists(attempts) ? Files.readAllLines(attempts) : List.of();
    }
}
