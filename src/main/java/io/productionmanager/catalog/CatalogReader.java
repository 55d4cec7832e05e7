package io.productionmanager.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.productionmanager.store.StoreException;

/**
 * Reads the workspace catalog with plain JDBC, for commands that do not start Camel ({@code status},
 * {@code list}) and for finding a production by name. A catalog that does not exist yet is empty.
 */
public final class CatalogReader {

    private static final String COLUMNS = "name, dir, machine, tag, config_sha256, created_at, auto_submit, held, archived";

    private final Path file;

    public CatalogReader(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    /** The catalog file. */
    public Path file() {
        return file;
    }

    /** The registered production of this name, if any. */
    public Optional<CatalogEntry> find(String name) {
        List<CatalogEntry> found = query("SELECT " + COLUMNS + " FROM productions WHERE name = ?", name);
        return found.stream().findFirst();
    }

    /** The production registered for this folder, if any. */
    public Optional<CatalogEntry> findByDir(Path dir) {
        return query("SELECT " + COLUMNS + " FROM productions WHERE dir = ?", dir.toAbsolutePath().normalize().toString())
                .stream().findFirst();
    }

    /** Every registered production, by name. */
    public List<CatalogEntry> entries() {
        return query("SELECT " + COLUMNS + " FROM productions ORDER BY name", null);
    }

    private List<CatalogEntry> query(String sql, String param) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (Connection c = CatalogDatabase.dataSource(file, false).getConnection();
             PreparedStatement st = c.prepareStatement(sql)) {
            if (param != null) {
                st.setString(1, param);
            }
            List<CatalogEntry> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new CatalogEntry(rs.getString(1), Path.of(rs.getString(2)), rs.getString(3), rs.getString(4),
                            rs.getString(5), Instant.parse(rs.getString(6)), rs.getInt(7) != 0, rs.getString(8),
                            rs.getInt(9) != 0));
                }
            }
            return out;
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("no such table")) {
                // created by a writer that has not finished creating it: nothing registered yet
                return List.of();
            }
            throw new StoreException("cannot read the workspace catalog " + file + ": " + e.getMessage(), e);
        }
    }
}
