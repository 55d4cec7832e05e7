package io.productionmanager.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One production's SQLite job database: every connection in WAL mode with a busy timeout, NORMAL
 * synchronous and foreign keys on, migrated to the newest schema when opened.
 */
public final class Database implements AutoCloseable {

    /** How long a connection waits for another process's write lock before giving up. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofMillis(10_000);

    /** Size a WAL file is truncated back to after a checkpoint. */
    static final int JOURNAL_SIZE_LIMIT_BYTES = 32 << 20;

    /** Idle connections kept for reuse by the store's own work. */
    private static final int MAX_IDLE = 4;

    private final Path file;
    private final SQLiteDataSource dataSource;
    // Reusing connections saves the open cost, and while one stays open SQLite keeps the WAL instead of
    // checkpointing and deleting it each time the last connection closes (tens of ms per operation).
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    static {
        SqliteNative.useCachedLibrary();
    }

    private Database(Path file, Duration busyTimeout) {
        // (again for every database: it also waits for a set-up begun ahead on another thread)
        SqliteNative.useCachedLibrary();
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
        // after a checkpoint, shrink a WAL that a big transaction (creating a million jobs) grew
        config.setJournalSizeLimit(JOURNAL_SIZE_LIMIT_BYTES);
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
        Connection c = borrow();
        try {
            T result = work.run(c);
            giveBack(c);
            return result;
        } catch (SQLException e) {
            closeQuietly(c);
            throw failure(e);
        } catch (RuntimeException | Error e) {
            closeQuietly(c);
            throw e;
        }
    }

    /**
     * Runs work in one write transaction started with BEGIN IMMEDIATE; commits when it returns,
     * rolls back when it throws.
     */
    <T> T write(SqlWork<T> work) {
        return write(work, null);
    }

    /**
     * {@link #write(SqlWork)}, then {@code afterCommit} on the same connection once the transaction committed (to put
     * back connection settings the transaction needed until its commit, such as when SQLite copies the log into the
     * database). When {@code afterCommit} fails, the committed result still stands and the connection is discarded.
     */
    <T> T write(SqlWork<T> work, SqlWork<Void> afterCommit) {
        Connection c = borrow();
        try {
            c.setAutoCommit(false);
            T result = work.run(c);
            // commit by leaving manual mode: the driver's commit() would immediately BEGIN IMMEDIATE again
            // and hold the write lock until the next statement
            c.setAutoCommit(true);
            if (afterCommit != null) {
                try {
                    afterCommit.run(c);
                } catch (SQLException | RuntimeException e) {
                    closeQuietly(c);
                    return result;
                }
            }
            giveBack(c);
            return result;
        } catch (SQLException e) {
            // closing with the transaction open rolls it back, and a connection whose BEGIN failed is not reused
            closeQuietly(c);
            throw failure(e);
        } catch (RuntimeException | Error e) {
            closeQuietly(c);
            throw e;
        }
    }

    private Connection borrow() {
        if (closed) {
            throw new StoreException("Job database " + file + " is closed");
        }
        Connection c = idle.pollFirst();
        if (c != null) {
            return c;
        }
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private void giveBack(Connection c) {
        if (closed || idle.size() >= MAX_IDLE) {
            closeQuietly(c);
        } else {
            idle.offerFirst(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing useful to do: the connection is discarded either way
        }
    }

    /** Closes the idle connections; connections handed out by {@link #dataSource()} are their users' to close. */
    @Override
    public void close() {
        closed = true;
        for (Connection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
            closeQuietly(c);
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
