package io.productionmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.production.StatusReport;
import io.productionmanager.app.TestWorkspace;
import io.productionmanager.store.JobState;

/** The Java API mirrors the original Python one: initialize, submit, summarize, retry. */
class ProductionManagerApiTest {

    @TempDir
    Path tmp;

    @Test
    void initialize_submit_summarize_and_retry_through_the_java_api() {
        TestWorkspace ws = TestWorkspace.inGitRepo(tmp);
        // no command: the local machine's default, the toy generator, writes real HDF5 catalogs
        Path file = ws.write("config/productions/api.yaml", """
                production: {name: api, version: v1.0}
                science:
                  redshifts: [0.5, 1.0]
                  realizations: {count: 2}
                execution: {executor: local, batch_size: 10}
                outputs: {base_path: "%s"}
                """.formatted(ws.basePath()));
        ws.commitAll("api production");

        try (ProductionManager manager = new ProductionManager(ws.configDir, file.toString(), "local",
                Map.of("pm.state-dir", tmp.resolve("state").toString()))) {
            assertThat(manager.initializeProduction()).isEqualTo(4);
            List<String> batches = manager.submitPendingJobs();
            assertThat(batches).singleElement().asString().startsWith("batch_0000 -> ");

            await().atMost(Duration.ofSeconds(60)).until(() -> {
                manager.poll();
                return manager.getProductionSummary().count(JobState.COMPLETED) == 4;
            });
            StatusReport summary = manager.getProductionSummary();
            assertThat(summary.successRate()).isEqualTo(1.0);
            assertThat(summary.tag()).startsWith("production/api_v1.0_");
            assertThat(manager.retryFailedJobs()).as("nothing failed, nothing to retry").isZero();
        }
    }
}
