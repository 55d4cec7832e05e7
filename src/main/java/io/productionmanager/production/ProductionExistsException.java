package io.productionmanager.production;

import java.nio.file.Path;

/** Init was asked for a production whose folder already exists, or whose name is registered already. */
public class ProductionExistsException extends RuntimeException {
    public ProductionExistsException(String name, Path dir) {
        super("production '" + name + "' already exists at " + dir
                + "; nothing was changed (use another production name, or remove that folder to start over)");
    }

    private ProductionExistsException(String message) {
        super(message);
    }

    /** The name is registered in the workspace catalog (initialized before, from any folder). */
    public static ProductionExistsException registered(String name, Path dir, Path catalog) {
        return new ProductionExistsException("production '" + name + "' is already initialized at " + dir
                + " (registered in " + catalog + "); nothing was changed (use another production name)");
    }
}
