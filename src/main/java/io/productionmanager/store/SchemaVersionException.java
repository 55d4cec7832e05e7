package io.productionmanager.store;

/** The job database was written by a newer production-manager whose schema this one does not know. */
public class SchemaVersionException extends StoreException {
    public SchemaVersionException(String message) {
        super(message);
    }
}
