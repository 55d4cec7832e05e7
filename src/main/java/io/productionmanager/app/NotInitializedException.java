package io.productionmanager.app;

/** A command needs an initialized production and the named one has not been initialized. */
public class NotInitializedException extends RuntimeException {
    public NotInitializedException(String name, java.nio.file.Path dir) {
        super("production '" + name + "' is not initialized (no " + Production.databaseFile(dir)
                + "); run: production-manager init " + name);
    }
}
