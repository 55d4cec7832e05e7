package io.productionmanager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.productionmanager.testsupport.MutableClock;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Numbered migrations: fresh databases, older databases brought up to date, newer ones refused. */
class MigratorTest {

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.startingAt2026();

    @Test
    void a_fresh_database_gets_every_migration_recorded_in_order() throws SQLException {
        Database db = Database.open(dir.resolve("production.db"), Database.DEFAULT_BUSY_TIMEOUT, clock);

        assertThat(db.schemaVersion()).isEqualTo(4);
        assertThat(versions(db)).containsExactly(
                "1|create tables|" + clock.millis(),
                "2|index progress by realization|" + clock.millis(),
                "3|attempts|" + clock.millis(),
                "4|one state index|" + clock.millis());
        assertThat(names(db, "table")).contains("jobs", "batches", "events", "meta", "schema_version", "attempts");
        assertThat(names(db, "index")).contains("jobs_state_realization", "jobs_batch", "jobs_due_retry",
                "jobs_unbatched", "events_job", "events_at").doesNotContain("jobs_state", "jobs_realization_state");
    }

    @Test
    void reopening_an_up_to_date_database_applies_nothing_again() throws SQLException {
        Path file = dir.resolve("production.db");
        Database.open(file, Database.DEFAULT_BUSY_TIMEOUT, clock);
        List<String> before = versions(Database.open(file));
        clock.advance(Duration.ofDays(1));

        Database again = Database.open(file, Database.DEFAULT_BUSY_TIMEOUT, clock);

        assertThat(versions(again)).isEqualTo(before).hasSize(Migrator.KNOWN.size());
    }

    @Test
    void a_database_at_v001_is_brought_to_v002_and_keeps_its_data() throws SQLException {
        Path file = dir.resolve("production.db");
        Database old = Database.open(file, Database.DEFAULT_BUSY_TIMEOUT, clock, List.of(Migrator.KNOWN.get(0)));
        assertThat(old.schemaVersion()).isEqualTo(1);
        assertThat(names(old, "index")).doesNotContain("jobs_realization_state");
        new JobStore(old, clock).createJobs(Stream.of(NewJob.of(0, 0.5, "a"), NewJob.of(1, 0.5, "b")));
        clock.advance(Duration.ofHours(1));

        Database upgraded = Database.open(file, Database.DEFAULT_BUSY_TIMEOUT, clock);

        assertThat(upgraded.schemaVersion()).isEqualTo(Migrator.KNOWN.size());
        assertThat(versions(upgraded)).containsExactly(
                "1|create tables|" + clock.instant().minus(Duration.ofHours(1)).toEpochMilli(),
                "2|index progress by realization|" + clock.millis(),
                "3|attempts|" + clock.millis(),
                "4|one state index|" + clock.millis());
        assertThat(names(upgraded, "table")).contains("attempts");
        assertThat(names(upgraded, "index")).contains("jobs_state_realization").doesNotContain("jobs_realization_state");
        JobStore store = new JobStore(upgraded, clock);
        assertThat(store.total()).isEqualTo(2);
        assertThat(store.progressByRealization()).containsExactly(
                new RealizationProgress(0, 0, 1), new RealizationProgress(1, 0, 1));
    }

    @Test
    void a_database_newer_than_this_code_is_refused_with_a_clear_error() throws SQLException {
        Path file = dir.resolve("production.db");
        Database db = Database.open(file, Database.DEFAULT_BUSY_TIMEOUT, clock);
        exec(db, "INSERT INTO schema_version (version, description, applied_at) VALUES (7, 'from the future', 0)");

        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(SchemaVersionException.class)
                .hasMessage("Job database " + file + " has schema version 7, newer than the versions this "
                        + "production-manager knows (up to 4); use the production-manager release that wrote it or a newer one.");
        assertThat(versions(db)).hasSize(Migrator.KNOWN.size() + 1);
    }

    @Test
    void a_failing_migration_is_rolled_back_whole_and_named_in_the_error() throws SQLException {
        Path file = dir.resolve("production.db");
        List<Migrator.Migration> withBroken = new ArrayList<>(Migrator.KNOWN);
        withBroken.add(new Migrator.Migration(Migrator.KNOWN.size() + 1, "broken", "db/test-migration/V003__broken.sql"));

        assertThatThrownBy(() -> Database.open(file, Database.DEFAULT_BUSY_TIMEOUT, clock, withBroken))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("Migration db/test-migration/V003__broken.sql failed on " + file + ": ");

        Database db = Database.open(file, Database.DEFAULT_BUSY_TIMEOUT, clock);
        assertThat(db.schemaVersion()).as("the known migrations committed on their own").isEqualTo(Migrator.KNOWN.size());
        assertThat(names(db, "table")).as("first statement of the broken migration rolled back").doesNotContain("half_done");
    }

    @Test
    void the_known_migration_list_matches_the_scripts_in_the_folder() throws IOException, URISyntaxException {
        Path folder = Path.of(getClass().getClassLoader().getResource("db/migration").toURI());
        List<String> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.map(p -> Migrator.LOCATION + p.getFileName()).sorted().toList();
        }
        assertThat(Migrator.KNOWN.stream().map(Migrator.Migration::resource).toList()).isEqualTo(files);
        assertThat(Migrator.KNOWN.stream().map(Migrator.Migration::version).toList()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void migration_file_names_must_be_numbered() {
        assertThatThrownBy(() -> Migrator.Migration.of("create_tables.sql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("create_tables.sql");
    }

    private static List<String> versions(Database db) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, description, applied_at FROM schema_version ORDER BY version")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getLong(3));
            }
        }
        return rows;
    }

    private static List<String> names(Database db, String type) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = '" + type + "'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static void exec(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
