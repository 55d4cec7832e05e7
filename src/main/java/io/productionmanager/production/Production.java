package io.productionmanager.production;

import java.nio.file.Path;

import io.productionmanager.config.ProductionConfig;
import io.productionmanager.store.Database;
import io.productionmanager.store.JobStore;

/**
 * An initialized production: its resolved configuration (as written by init), its folder and its job store.
 */
public record Production(String name, Path dir, ProductionConfig config, Database database, JobStore store) {

    /** {@code metadata/production.db} of a production folder. */
    public static Path databaseFile(Path productionDir) {
        return productionDir.resolve("metadata").resolve("production.db");
    }

    /** {@code metadata/production_config.yaml} of a production folder. */
    public static Path configFile(Path productionDir) {
        return productionDir.resolve("metadata").resolve("production_config.yaml");
    }

    /** Absolute path of a job's output, stored relative to the production folder. */
    public Path output(String relative) {
        return dir.resolve(relative);
    }
}
