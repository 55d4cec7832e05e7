package io.productionmanager.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.init.InitRequest;
import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.init.InitResult;
import io.productionmanager.store.BatchState;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.submit.HeldBackDrain;
import io.productionmanager.submit.SubmitResult;
import io.productionmanager.submit.SubmitService;

/**
 * The daemon keeps a production larger than {@code execution.max_queued} fed without waiting for a poll
 * cycle: its poll cron never fires during the test, and still every batch held back goes out as soon as the
 * jobs before it have finished, through the drain route, never more than max_queued jobs in the queue. The job is a few lines of bash that always fail.
 */
class DaemonDrainTest {

    @TempDir
    Path tmp;

    private TestWorkspace project;
    private PmApplication app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        project.close();
    }

    @Test
    void batches_held_back_by_max_queued_go_out_between_poll_cycles() throws IOException {
        project = TestWorkspace.inGitRepo(tmp);
        Path attempts = tmp.resolve("attempts.txt");
        Path payload = Path.of("src/test/resources/payloads/always-fails.sh").toAbsolutePath();
        // 6 jobs in batches of 2, at most 2 queued: three rounds
        project.write("user/fed.yaml", project.productionYaml("fed", 6, 0.5)
                .replace("command: \"true\"", "command: \"bash " + payload + " {job_id} {attempt} " + attempts + "\"")
                .replace("  batch_size: 10\n", "  batch_size: 2\n  max_queued: 2\n")
                .replace("  auto_submit: false\n", "  auto_submit: false\n  retry_policy: {max_retries: 0}\n"));
        project.commitAll("A throttled production");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("pm.config-dir", project.configDir.toString());
        p.put("pm.machine", "local");
        p.put("pm.state-dir", tmp.resolve("state").toString());
        p.put("pm.daemon", "true");
        // the poll cycle never runs while the test does: only the drain can submit the held-back batches
        p.put("poll.cron", "0 0 0 1 1 ? 2099");
        p.put("poll.drain-ms", "200");
        p.put("camel.management.enabled", "false");
        p.put("camel.main.jmx-enabled", "false");
        app = PmApplication.start(p);
        NotifyBuilder pollCycles = new NotifyBuilder(app.context()).fromRoute("poll").whenDone(1).create();

        InitResult init = app.request("direct:init",
                new InitRequest(project.root.resolve("user/fed.yaml").toString(), null, false, false), InitResult.class);
        assertThat(init.jobs()).isEqualTo(6);
        app.bean("submitService", SubmitService.class).release("fed");
        SubmitResult first = app.request("direct:submit", "fed", SubmitResult.class);
        assertThat(first.submitted()).as("only what max_queued allows").hasSize(1);
        assertThat(first.heldBack()).isEqualTo(2);
        assertThat(app.bean("heldBackDrain", HeldBackDrain.class).isHeld("fed")).isTrue();

        Workspace ws = app.bean("workspace", Workspace.class);
        Production fed = ws.open("fed");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            long inQueue = fed.store().jobs().stream().filter(j -> j.state().isActive()).count();
            assertThat(inQueue).as("never more than max_queued in the queue").isLessThanOrEqualTo(2);
            assertThat(fed.store().batches(BatchState.STAGED)).as("every held-back batch went out").isEmpty();
            assertThat(fed.store().batches(BatchState.SUBMITTED, BatchState.FINISHED)).hasSize(3);
        });
        // the first two batches were polled to their end by the drain; the last one is left to the poll cycle
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(app.bean("heldBackDrain", HeldBackDrain.class).isHeld("fed")).as("nothing left to drain").isFalse());
        assertThat(fed.store().jobs()).extracting(Job::state).filteredOn(s -> s == JobState.FAILED).hasSize(4);
        assertThat(pollCycles.matches()).as("no poll cycle ran").isFalse();
        assertThat(Files.readAllLines(attempts)).hasSizeGreaterThanOrEqualTo(4);
    }
}
