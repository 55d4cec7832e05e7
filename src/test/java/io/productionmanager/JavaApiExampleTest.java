package io.productionmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.production.StatusReport;
import io.productionmanager.app.TestWorkspace;
import io.productionmanager.mock.CopyOrFailPayload;
import io.productionmanager.store.JobState;

/**
 * The example of {@code docs/java-api.md}, compiled and run: the code between the {@code example} markers below
 * is the code block of the document (a test checks they are the same), on the local executor with a bash payload.
 */
class JavaApiExampleTest {

    @TempDir
    Path tmp;

    // example:start
    static StatusReport runAlpha(Path configDir, Path stateDir) throws TimeoutException, InterruptedException {
        try (ProductionManager manager = new ProductionManager(configDir, "alpha", "local",
                Map.of("pm.state-dir", stateDir.toString()))) {
            long jobs = manager.initializeProduction();             // folders, job database, git tag
            List<String> batches = manager.submitPendingJobs();     // e.g. [batch_0000 -> local-1]
            StatusReport done = manager.awaitFinished(Duration.ofMinutes(10));
            if (done.count(JobState.FAILED) > 0) {                  // failed for good after max_retries
                manager.retryFailedJobs();                          // one more attempt each, now
                done = manager.awaitFinished(Duration.ofMinutes(10));
            }
            return done;                                            // counts, success rate, path, tag, failures
        }
    }
    // example:end

    private Path alphaWithABashPayload(TestWorkspace ws) {
        // 3 realizations x 2 redshifts; realization 1 fails its first attempt and is retried after 0.6 s
        CopyOrFailPayload.writeProduction(ws, tmp, "alpha", "0.5, 1.0", 3, 0.01);
        return ws.configDir;
    }

    @Test
    void the_documented_example_runs_a_production_to_the_end_with_its_retries() throws Exception {
        TestWorkspace ws = TestWorkspace.inGitRepo(tmp);
        Path configDir = alphaWithABashPayload(ws);

        StatusReport done = runAlpha(configDir, tmp.resolve("state"));

        // realization 1 failed its first attempt (both redshifts) and was retried after its backoff
        assertThat(done.count(JobState.COMPLETED)).as("%s", done).isEqualTo(6);
        assertThat(done.successRate()).isEqualTo(1.0);
        assertThat(done.tag()).startsWith("production/alpha_v1.0_");
        assertThat(ws.basePath().resolve("alpha/catalogs")).isDirectory();
    }

    @Test
    void await_finished_gives_up_at_its_timeout_and_refuses_a_negative_one() throws Exception {
        TestWorkspace ws = TestWorkspace.inGitRepo(tmp);
        Path configDir = alphaWithABashPayload(ws);
        try (ProductionManager manager = new ProductionManager(configDir, "alpha", "local",
                Map.of("pm.state-dir", tmp.resolve("state").toString()))) {
            manager.initializeProduction();

            // initialized, never submitted: nothing will finish
            assertThatThrownBy(() -> manager.awaitFinished(Duration.ofMillis(300), Duration.ofMillis(100)))
                    .isInstanceOf(TimeoutException.class).hasMessageContaining("alpha did not finish within PT0.3S")
                    .hasMessageContaining("6 pending");
            assertThatThrownBy(() -> manager.awaitFinished(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be >= 0");
        }
    }

    @Test
    void the_document_shows_exactly_this_example() throws Exception {
        String source = Files.readString(Path.of(System.getProperty("pm.project.dir", "."),
                "src/test/java/io/productionmanager/JavaApiExampleTest.java"));
        String example = source.substring(source.indexOf("    // example:start\n") + "    // example:start\n".length(),
                source.indexOf("    // example:end"));
        String doc = Files.readString(Path.of(System.getProperty("pm.project.dir", "."), "docs/java-api.md"));

        assertThat(doc).as("docs/java-api.md holds the example of JavaApiExampleTest verbatim")
                .contains("```java\n" + example.lines().map(l -> l.startsWith("    ") ? l.substring(4) : l)
                        .collect(java.util.stream.Collectors.joining("\n", "", "\n")) + "```");
    }
}
