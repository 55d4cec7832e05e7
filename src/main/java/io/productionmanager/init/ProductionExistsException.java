package io.productionmanager.init;

import java.nio.file.Path;

/** Init was asked for a production whose folder already exists. */
public class ProductionExistsException extends RuntimeException {
    public ProductionExistsException(String name, Path dir) {
        super("production '" + name + "' already exists at " + dir
                + "; nothing was changed (use another production name, or remove that folder to start over)");
    }
}
