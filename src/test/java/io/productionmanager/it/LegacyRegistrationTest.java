package io.productionmanager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.production.Workspace;
import io.productionmanager.catalog.CatalogEntry;
import io.productionmanager.store.BatchState;

/**
 * The daemon's poll cycle registers productions initialized before the workspace catalog existed (or whose
 * catalog was lost), with the intent their job store implies: submitted before, so the daemon may go on
 * submitting it.
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
    void the_poll_cycle_registers_a_production_initialized_before_the_catalog() throws Exception {
        registeredByThePollCycle(true);
    }

    @Test
    void the_poll_cycle_registers_again_a_production_whose_catalog_was_lost() throws Exception {
        registeredByThePollCycle(false);
    }

    private void registeredByThePollCycle(boolean olderVersion) throws Exception {
        pipeline = Pipeline.start(root);
        ProductionYaml prod = ProductionYaml.named("it_legacy").executor("local").redshifts(0.5).realizations(1);
        pipeline.write(prod);
        pipeline.init(prod.name());
        pipeline.submit(prod.name());
        Workspace ws = pipeline.app().bean("workspace", Workspace.class);
        Path dir = pipeline.open(prod.name()).dir();
        assertThat(pipeline.open(prod.name()).store().batches(BatchState.SUBMITTED, BatchState.FINISHED)).hasSize(1);
        // no catalog; an older version also left a job store without the catalog's marker
        pipeline.close();
        if (olderVersion) {
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("metadata/production.db"));
                 var s = c.createStatement()) {
                s.executeUpdate("DELETE FROM meta WHERE key = 'registered_in'");
            }
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
