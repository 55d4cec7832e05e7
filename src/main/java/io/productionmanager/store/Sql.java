package io.productionmanager.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Null-aware JDBC helpers for the store's column types (times are epoch milliseconds). */
final class Sql {

    private Sql() {
    }

    static void setLong(PreparedStatement p, int index, Long value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.INTEGER);
        } else {
            p.setLong(index, value);
        }
    }

    static void setInt(PreparedStatement p, int index, Integer value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.INTEGER);
        } else {
            p.setInt(index, value);
        }
    }

    static void setDouble(PreparedStatement p, int index, Double value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.REAL);
        } else {
            p.setDouble(index, value);
        }
    }

    static void setInstant(PreparedStatement p, int index, Instant value) throws SQLException {
        setLong(p, index, value == null ? null : value.toEpochMilli());
    }

    static Long getLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static Integer getInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static Double getDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    static Instant getInstant(ResultSet rs, String column) throws SQLException {
        Long millis = getLong(rs, column);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    static Long getLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static Integer getInt(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static Double getDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    static Instant getInstant(ResultSet rs, int column) throws SQLException {
        Long millis = getLong(rs, column);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    /** {@code ?, ?, ?} for an IN list of {@code n} parameters. */
    static String placeholders(int n) {
        return "?, ".repeat(n - 1) + "?";
    }
}
