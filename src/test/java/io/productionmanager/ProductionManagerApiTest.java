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

    @Test
    void logs_efficiency_rerun_and_cleanup_through_the_java_api() throws Exception {
        TestWorkspace ws = TestWorkspace.inGitRepo(tmp);
        Path payload = Path.of("src/test/resources/payloads/noisy.sh").toAbsolutePath();
        Path catalog = tmp.resolve("valid.hdf5");
        io.productionmanager.mock.CatalogWriter.write(io.productionmanager.mock.MockCatalog.draw(0, 0.5, 1, 10), catalog);
        Path file = ws.write("config/productions/ops.yaml", """
                production: {name: ops, version: v1.0}
                science:
                  redshifts: [0.5]
                  realizations: {count: 2}
                execution:
                  executor: local
                  batch_size: 10
                  command: "bash %s {realization} {output} %s"
                  retry_policy: {max_retries: 1, initial_delay_minutes: 0}
                outputs:
                  base_path: "%s"
                  cleanup_policy: {keep_logs_days: 0, archive_completed: false}
                """.formatted(payload, catalog, ws.basePath()));
        ws.commitAll("ops production");

        try (ProductionManager manager = new ProductionManager(ws.configDir, file.toString(), "local",
                Map.of("pm.state-dir", tmp.resolve("state").toString()))) {
            manager.initializeProduction();
            manager.submitPendingJobs();
            // realization 1 fails its first attempt and is retried by the wait
            assertThat(manager.awaitFinished(Duration.ofSeconds(90)).count(JobState.COMPLETED)).isEqualTo(2);

            var first = manager.logs("r0001_z0.500", 1, true, 0);
            assertThat(first.run().state()).isEqualTo(JobState.FAILED);
            assertThat(first.lines()).contains("r1: simulated failure");
            assertThat(manager.logs("r0001_z0.500", null, false, 1).lines()).containsExactly("stdout of r1 attempt 2");
            assertThat(manager.efficiency().runs()).isEqualTo(3);

            var rerun = manager.rerun(List.of("r0000_z0.500"), "api-test");
            assertThat(rerun.rerun()).containsExactly("r0000_z0.500");
            assertThat(manager.awaitFinished(Duration.ofSeconds(90)).count(JobState.COMPLETED)).isEqualTo(2);
            assertThat(manager.logs("r0000_z0.500", null, true, 0).run().attempt()).isEqualTo(2);

            var dry = manager.cleanup(true);
            assertThat(dry.items()).isNotEmpty().allSatisfy(i -> assertThat(i.path()).exists());
            var done = manager.cleanup(false);
            assertThat(done.items()).allSatisfy(i -> assertThat(i.path()).doesNotExist());
            assertThat(manager.logs("r0001_z0.500", 1, true, 0).exists()).isFalse();
        }
    }
}
