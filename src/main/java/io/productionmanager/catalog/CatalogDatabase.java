package io.productionmanager.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import io.productionmanager.store.StoreException;

/**
 * The workspace catalog's SQLite file: one table of registered productions. Every connection, also the
 * ones camel-sql takes from the DataSource, runs in WAL mode with a busy timeout and NORMAL synchronous.
 */
public final class CatalogDatabase {

    /** How long a connection waits for another process's write lock. */
    static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);

    /** The schema version this application writes ({@code PRAGMA user_version}). */
    static final int SCHEMA_VERSION = 1;

    private static final String CREATE = """
            CREATE TABLE IF NOT EXISTS productions (
              name          TEXT PRIMARY KEY,
              dir           TEXT NOT NULL UNIQUE,
              machine       TEXT NOT NULL,
              tag           TEXT NOT NULL DEFAULT '',
              config_sha256 TEXT NOT NULL,
              created_at    TEXT NOT NULL,
              auto_submit   INTEGER NOT NULL DEFAULT 0,
              held          TEXT NOT NULL DEFAULT '',
              archived      INTEGER NOT NULL DEFAULT 0
            )""";

    private CatalogDatabase() {
    }

    /**
     * The catalog's DataSource, creating the file (and its folder) and the table when missing: the bean the
     * catalog routes' {@code sql:} endpoints use.
     */
    public static SQLiteDataSource open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of the workspace catalog " + file + ": " + e.getMessage(), e);
        }
        SQLiteDataSource ds = dataSource(file, true);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(CREATE);
            s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
        } catch (SQLException e) {
            throw new StoreException("cannot open the workspace catalog " + file + ": " + e.getMessage(), e);
        }
        return ds;
    }

    /** A DataSource on the file; {@code writer} connections also set WAL mode and NORMAL synchronous. */
    static SQLiteDataSource dataSource(Path file, boolean writer) {
        io.productionmanager.store.SqliteNative.useCachedLibrary();
        SQLiteConfig config = new SQLiteConfig();
        // applied by the driver to every new connection
        config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
        if (writer) {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        } else {
            config.setReadOnly(true);
        }
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return ds;
    }
}
