package io.productionmanager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.productionmanager.testsupport.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a job database: the PRAGMAs every connection gets, and clear errors for bad files. */
class DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void every_connection_from_the_data_source_has_wal_busy_timeout_normal_sync_foreign_keys_and_a_wal_limit() throws SQLException {
        Database db = Database.open(dir.resolve("production.db"));
        try (Connection first = db.dataSource().getConnection(); Connection second = db.dataSource().getConnection()) {
            for (Connection c : new Connection[] {first, second}) {
                assertThat(pragma(c, "journal_mode")).isEqualTo("wal");
                assertThat(pragma(c, "busy_timeout")).isEqualTo("10000");
                assertThat(pragma(c, "foreign_keys")).isEqualTo("1");
                // 1 = NORMAL
                assertThat(pragma(c, "synchronous")).isEqualTo("1");
                assertThat(pragma(c, "journal_size_limit")).isEqualTo(String.valueOf(32 << 20));
            }
        }
    }

    @Test
    void busy_timeout_is_configurable() throws SQLException {
        Database db = Database.open(dir.resolve("production.db"), Duration.ofMillis(2500), MutableClock.startingAt2026());
        try (Connection c = db.dataSource().getConnection()) {
            assertThat(pragma(c, "busy_timeout")).isEqualTo("2500");
        }
    }

    @Test
    void foreign_keys_are_enforced_so_a_job_cannot_point_at_a_missing_batch() throws SQLException {
        Database db = Database.open(dir.resolve("production.db"));
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO jobs (id, realization, redshift, output_path, state, "
                    + "batch_id, created_at, updated_at) VALUES ('r0000_z0.500', 0, 0.5, 'x', 'PENDING', 999, 0, 0)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("FOREIGN KEY");
        }
    }

    @Test
    void open_existing_refuses_a_missing_file_instead_of_creating_an_empty_database() {
        Path missing = dir.resolve("metadata/production.db");
        assertThatThrownBy(() -> Database.openExisting(missing))
                .isInstanceOf(StoreException.class)
                .hasMessage("No job database at " + missing + " (was the production initialized?)");
        assertThat(Files.exists(missing)).isFalse();
    }

    @Test
    void open_refuses_a_file_in_a_directory_that_does_not_exist() {
        Path file = dir.resolve("nowhere/production.db");
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void a_file_that_is_not_sqlite_is_reported_with_its_path() throws Exception {
        Path file = dir.resolve("production.db");
        Files.writeString(file, "this is not a database, just some text that is long enough to fill a header page");
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("Job database " + file + ": ")
                .hasMessageContaining("not a database");
    }

    static String pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
