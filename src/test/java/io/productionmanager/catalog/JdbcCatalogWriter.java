package io.productionmanager.catalog;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.productionmanager.production.ProductionExistsException;

/**
 * A catalog writer for tests that drive the services without the Camel application (the application
 * writes through the camel-sql routes): the same statements over plain JDBC.
 */
public final class JdbcCatalogWriter implements CatalogWriter {

    private final DataSource dataSource;

    public JdbcCatalogWriter(Path file) {
        this.dataSource = CatalogDatabase.open(file);
    }

    @Override
    public void register(CatalogEntry e) {
        try {
            update("INSERT INTO productions (name, dir, machine, tag, config_sha256, created_at, auto_submit, held, archived)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)", e.name(), e.dir().toAbsolutePath().normalize().toString(),
                    e.machine(), e.tag(), e.configSha256(), e.createdAt().toString(), e.autoSubmit() ? 1 : 0, e.held());
        } catch (IllegalStateException ex) {
            if (String.valueOf(ex.getMessage()).contains("UNIQUE")) {
                throw new ProductionExistsException(e.name(), e.dir());
            }
            throw ex;
        }
    }

    @Override
    public void unregister(String name, Path dir) {
        update("DELETE FROM productions WHERE name = ? AND dir = ?", name, dir.toAbsolutePath().normalize().toString());
    }

    @Override
    public void setAutoSubmit(String name, boolean autoSubmit) {
        update("UPDATE productions SET auto_submit = ? WHERE name = ?", autoSubmit ? 1 : 0, name);
    }

    @Override
    public void setHeld(String name, String reason) {
        update("UPDATE productions SET held = ? WHERE name = ?", reason, name);
    }

    private void update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
