package io.productionmanager.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a job database to the newest schema by running the numbered scripts under
 * {@code db/migration/} in order, each in its own transaction, recorded in {@code schema_version}.
 */
final class Migrator {

    private static final Pattern NAME = Pattern.compile("V(\\d{3})__([a-z0-9_]+)\\.sql");

    /** Where the scripts live on the classpath. */
    static final String LOCATION = "db/migration/";

    /**
     * Every migration this code knows, in order. Listed rather than scanned so the list is the same
     * from a directory, a jar or a shaded jar; a test checks it against the folder.
     */
    static final List<Migration> KNOWN = List.of(
            Migration.of("V001__create_tables.sql"),
            Migration.of("V002__index_progress_by_realization.sql"),
            Migration.of("V003__attempts.sql"),
            Migration.of("V004__one_state_index.sql"));

    private final Database db;
    private final Clock clock;
    private final List<Migration> migrations;

    Migrator(Database db, Clock clock, List<Migration> migrations) {
        this.db = db;
        this.clock = clock;
        this.migrations = migrations;
    }

    /** A numbered script. */
    record Migration(int version, String description, String resource) {
        static Migration of(String fileName) {
            Matcher m = NAME.matcher(fileName);
            if (!m.matches()) {
                throw new IllegalArgumentException("Migration file name " + fileName + " does not match V000__words.sql");
            }
            return new Migration(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), LOCATION + fileName);
        }
    }

    void migrate() {
        int latestKnown = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
        // read first so an up-to-date database (the usual case) is opened without taking the write lock
        int applied = db.read(Migrator::appliedVersion);
        if (applied > latestKnown) {
            throw tooNew(applied, latestKnown);
        }
        for (Migration migration : migrations) {
            if (migration.version() > applied) {
                apply(migration, latestKnown);
            }
        }
    }

    private void apply(Migration migration, int latestKnown) {
        List<String> statements = statements(migration);
        db.write(c -> {
            createVersionTable(c);
            // another process may have migrated between our read and our write lock
            int now = appliedVersion(c);
            if (now > latestKnown) {
                throw tooNew(now, latestKnown);
            }
            if (now >= migration.version()) {
                return null;
            }
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.executeUpdate(sql);
                }
            } catch (SQLException e) {
                throw new StoreException("Migration " + migration.resource() + " failed on " + db.file() + ": "
                        + e.getMessage(), e);
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO schema_version(version, description, applied_at) VALUES (?, ?, ?)")) {
                p.setInt(1, migration.version());
                p.setString(2, migration.description());
                p.setLong(3, clock.millis());
                p.executeUpdate();
            }
            return null;
        });
    }

    private SchemaVersionException tooNew(int applied, int latestKnown) {
        return new SchemaVersionException("Job database " + db.file() + " has schema version " + applied
                + ", newer than the versions this production-manager knows (up to " + latestKnown
                + "); use the production-manager release that wrote it or a newer one.");
    }

    private static void createVersionTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        }
    }

    /** The highest applied version, 0 for a new (empty) database. */
    static int appliedVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet exists = s.executeQuery(
                     "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")) {
            if (!exists.next()) {
                return 0;
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * The script's statements: {@code --} comment lines dropped, split at a {@code ;} that ends a line.
     * Scripts therefore hold plain DDL/DML (no triggers with inner semicolons).
     */
    static List<String> statements(Migration migration) {
        String text;
        try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(migration.resource())) {
            if (in == null) {
                throw new StoreException("Migration " + migration.resource() + " is missing from the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("Cannot read migration " + migration.resource() + ": " + e.getMessage(), e);
        }
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                result.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new StoreException("Migration " + migration.resource() + " ends without ';' after: " + current.toString().strip());
        }
        return result;
    }
}
