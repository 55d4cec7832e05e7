package io.productionmanager.catalog;

/**
 * Writes to the workspace catalog. The application's implementation sends each write to a camel-sql route
 * ({@code routes/catalog.camel.yaml}); nothing else writes the catalog.
 */
public interface CatalogWriter {

    /**
     * Registers a new production.
     *
     * @throws io.productionmanager.production.ProductionExistsException when the name (or folder) is registered already
     */
    void register(CatalogEntry entry);

    /** Removes the registration of {@code name} in folder {@code dir} (a failed init undoing itself). */
    void unregister(String name, java.nio.file.Path dir);

    /** Records whether the daemon may submit the production. */
    void setAutoSubmit(String name, boolean autoSubmit);

    /** Puts automatic submission on hold with a reason, or lifts the hold with an empty reason. */
    void setHeld(String name, String reason);
}
