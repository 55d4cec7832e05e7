package io.productionmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.app.Workspace;
import io.productionmanager.catalog.CatalogEntry;
import io.productionmanager.store.BatchState;

/**
 * The daemon's poll cycle registers productions initialized before the workspace catalog existed, with the
 * intent their job store implies: submitted before, so the daemon may go on submitting it.
 */
class LegacyRegistrationTest {

    @TempDir
    Path root;

    private Pipeline pipeline;

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void the_poll_cycle_registers_an_unregistered_initialized_production() throws Exception {
        pipeline = Pipeline.start(root);
        ProductionYaml prod = ProductionYaml.named("it_legacy").executor("local").redshifts(0.5).realizations(1);
        pipeline.write(prod);
        pipeline.init(prod.name());
        pipeline.submit(prod.name());
        Workspace ws = pipeline.app().bean("workspace", Workspace.class);
        Path dir = pipeline.open(prod.name()).dir();
        assertThat(pipeline.open(prod.name()).store().batches(BatchState.SUBMITTED, BatchState.FINISHED)).hasSize(1);
        // what an older version left behind: no catalog, and a job store without the catalog's marker
        pipeline.close();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("metadata/production.db"));
             var s = c.createStatement()) {
            s.executeUpdate("DELETE FROM meta WHERE key = 'registered_in'");
        }
        Path catalog = ws.catalog().file();
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(catalog + suffix));
        }
        pipeline.restart();
        ws = pipeline.app().bean("workspace", Workspace.class);
        assertThat(ws.catalog().find(prod.name())).isEmpty();

        pipeline.pollCycle();

        CatalogEntry e = ws.catalog().find(prod.name()).orElseThrow();
        assertThat(e.dir()).isEqualTo(dir);
        assertThat(e.machine()).isEqualTo("local");
        assertThat(e.intent()).as("it was submitted before").isEqualTo("submit");
    }
}
