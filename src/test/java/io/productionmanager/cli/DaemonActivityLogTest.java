package io.productionmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.app.AppInfo;
import io.productionmanager.app.PmApplication;
import io.productionmanager.app.TestWorkspace;
import io.productionmanager.init.InitRequest;
import io.productionmanager.mock.CopyOrFailPayload;
import io.productionmanager.poll.ActivityLogLines;
import io.productionmanager.store.JobState;
import io.productionmanager.store.RetryPlan;
import io.productionmanager.submit.SubmitResult;
import picocli.CommandLine;

/**
 * The daemon, its poller on, logs a line at start and stop and one INFO line per production per poll cycle in
 * which something changed; cycles in which nothing changed (a retry waiting for its backoff) log nothing.
 */
class DaemonActivityLogTest {

    @TempDir
    Path tmp;

    private TestWorkspace project;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStandardError() {
        // slf4j-simple writes to whatever System.err is at the time of each line
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(captured, originalErr), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(originalErr);
        if (project != null) {
            project.close();
        }
    }

    private List<String> logLines() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(" INFO ActivityLog - "))
                    .map(l -> l.substring(l.indexOf("ActivityLog - ") + "ActivityLog - ".length())).toList();
        }
    }

    @Test
    void logs_start_stop_and_one_line_per_cycle_with_a_change() throws Exception {
        project = TestWorkspace.inGitRepo(tmp);
        // 3 realizations; realization 1 fails its first attempt and waits 3 s (three poll cycles) for its retry
        CopyOrFailPayload.writeProduction(project, tmp, "watched", "0.5", 3, 0.05);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CommandLine cl = ProductionManagerCommand.commandLine();
        Path state = tmp.resolve("state");
        cl.parseArgs("--config-dir", project.configDir.toString(), "--machine", "local", "--state-dir", state.toString(), "run");
        Map<String, String> props = RunCommand.daemonProperties(cl.getCommand(), "0/1 * * * * ?", "127.0.0.1", port);

        try (PmApplication daemon = PmApplication.start(props)) {
            assertThat(logLines()).first().asString().startsWith("daemon started: production-manager " + AppInfo.version())
                    .contains("config " + project.configDir.toAbsolutePath(), "state " + state.toAbsolutePath(),
                            "machine local", "http://127.0.0.1:" + port);
            // initialized in the daemon's own workspace catalog, and submitted as a user's submit does (which
            // records the intent: the daemon then submits the retry by itself)
            daemon.request("direct:init", InitRequest.of("watched"), io.productionmanager.init.InitResult.class);
            daemon.bean("submitService", io.productionmanager.submit.SubmitService.class).release("watched");
            daemon.request("direct:submit", "watched", SubmitResult.class);

            // realization 1 fails once, waits 3 s (three poll cycles) for its retry, then completes
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> logLines().stream()
                    .anyMatch(l -> l.equals("watched: 3 completed")));
        }
        List<String> lines = logLines();
        assertThat(lines).last().asString().startsWith("daemon stopped: production-manager " + AppInfo.version());
        List<String> production = lines.stream().filter(l -> l.startsWith("watched: ")).toList();
        assertThat(production).as("lines: %s", production)
                .anyMatch(l -> l.matches("watched: 2 completed, 1 failed \\(retry (in \\d+ s|due now)\\)"))
                .contains("watched: 3 completed");
        // nothing changed during the backoff: at most one line for it, although several cycles ran
        List<String> withoutTimes = production.stream().map(l -> l.replaceAll(" \\(retry [^)]*\\)", "")).toList();
        for (int i = 1; i < withoutTimes.size(); i++) {
            assertThat(withoutTimes.get(i)).as("line %d repeats the one before: %s", i, production)
                    .isNotEqualTo(withoutTimes.get(i - 1));
        }
    }

    @Test
    void the_line_names_counts_and_planned_retries() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        Map<JobState, Long> c = new EnumMap<>(JobState.class);
        c.put(JobState.COMPLETED, 12L);
        c.put(JobState.FAILED, 1L);
        c.put(JobState.RUNNING, 300L);
        c.put(JobState.PENDING, 1_200L);

        assertThat(ActivityLogLines.line("alpha", c, new RetryPlan(1, clock.instant().plusSeconds(120)), clock))
                .isEqualTo("alpha: 12 completed, 1 failed (retry in 2 min), 300 running, 1,200 pending");
        c.put(JobState.FAILED, 5L);
        assertThat(ActivityLogLines.line("alpha", c, new RetryPlan(2, clock.instant().plusSeconds(30)), clock))
                .isEqualTo("alpha: 12 completed, 5 failed (2 to retry, next in 30 s), 300 running, 1,200 pending");
        assertThat(ActivityLogLines.line("alpha", c, new RetryPlan(0, null), clock))
                .isEqualTo("alpha: 12 completed, 5 failed, 300 running, 1,200 pending");
    }

    /** Writes to the capture and on to the original stream. */
    private static final class Tee extends OutputStream {
        private final ByteArrayOutputStream capture;
        private final OutputStream original;

        Tee(ByteArrayOutputStream capture, OutputStream original) {
            this.capture = capture;
            this.original = original;
        }

        @Override
        public void write(int b) throws IOException {
            synchronized (capture) {
                capture.write(b);
            }
            original.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (capture) {
                capture.write(b, off, len);
            }
            original.write(b, off, len);
        }
    }
}
