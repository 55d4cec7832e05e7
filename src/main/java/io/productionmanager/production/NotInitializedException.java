package io.productionmanager.production;

/** A command needs an initialized production and the named one has not been initialized. */
public class NotInitializedException extends RuntimeException {
    public NotInitializedException(String name, java.nio.file.Path dir) {
        super("production '" + name + "' is not initialized (no " + Production.databaseFile(dir)
                + "); run: production-manager init " + name);
    }

    /** Registered in the catalog, but its folder no longer holds a job database (moved or removed). */
    public NotInitializedException(String name, java.nio.file.Path dir, java.nio.file.Path catalog) {
        super("production '" + name + "' is registered in " + catalog + " at " + dir + ", but "
                + Production.databaseFile(dir) + " does not exist (was the folder moved or removed?)");
    }
}
