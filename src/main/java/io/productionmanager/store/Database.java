package io.productionmanager.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One production's SQLite job database: every connection in WAL mode with a busy timeout, NORMAL
 * synchronous and foreign keys on, migrated to the newest schema when opened.
 */
public final class Database {

    /** How long a connection waits for another process's write lock before giving up. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofMillis(10_000);

    private final Path file;
    private final SQLiteDataSource dataSource;

    private Database(Path file, Duration busyTimeout) {
        this.file = file;
        this.dataSource = new SQLiteDataSource(config(busyTimeout));
        this.dataSource.setUrl("jdbc:sqlite:" + file);
    }

    /** Opens (creating if missing) the database file and applies every pending migration. */
    public static Database open(Path file) {
        return open(file, DEFAULT_BUSY_TIMEOUT, Clock.systemUTC());
    }

    /**
     * Opens (creating if missing) the database file with the given busy timeout and migrates it;
     * {@code clock} stamps the migrations it applies.
     */
    public static Database open(Path file, Duration busyTimeout, Clock clock) {
        return open(file, busyTimeout, clock, Migrator.KNOWN);
    }

    /** Opens a database that must already exist (read-side commands must not create empty ones). */
    public static Database openExisting(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StoreException("No job database at " + file + " (was the production initialized?)");
        }
        return open(file);
    }

    /** Opens with an explicit migration list; tests use it to build a database at an older schema. */
    static Database open(Path file, Duration busyTimeout, Clock clock, List<Migrator.Migration> migrations) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new StoreException("Cannot open job database " + file + ": directory " + parent + " does not exist");
        }
        Database db = new Database(file, busyTimeout);
        new Migrator(db, clock, migrations).migrate();
        return db;
    }

    private static SQLiteConfig config(Duration busyTimeout) {
        SQLiteConfig config = new SQLiteConfig();
        // applied by the driver on every new connection, so every DataSource user (camel-sql too) gets them
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout((int) busyTimeout.toMillis());
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        // setAutoCommit(false) then starts with BEGIN IMMEDIATE: the write lock is taken up front, so a
        // waiting writer is handled by busy_timeout instead of failing on a read-to-write lock upgrade
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config;
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** A DataSource handing out connections configured like every other connection of this database. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The highest migration applied to this database. */
    public int schemaVersion() {
        return read(c -> Migrator.appliedVersion(c));
    }

    /** Runs read-only work on an autocommit connection (each statement sees a consistent snapshot). */
    <T> T read(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Runs work in one write transaction started with BEGIN IMMEDIATE; commits when it returns,
     * rolls back when it throws.
     */
    <T> T write(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            T result = work.run(c);
            // commit by leaving manual mode: the driver's commit() would immediately BEGIN IMMEDIATE again
            // and hold the write lock until the connection closes
            c.setAutoCommit(true);
            return result;
        } catch (SQLException e) {
            // closing the connection with the transaction still open rolled it back
            throw failure(e);
        }
    }

    StoreException failure(SQLException e) {
        return new StoreException("Job database " + file + ": " + e.getMessage(), e);
    }

    /** A unit of JDBC work. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
