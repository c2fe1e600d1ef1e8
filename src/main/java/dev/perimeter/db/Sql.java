package dev.perimeter.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The one JDBC read every store repeats: a query, its parameters set, each row read into one value. */
public final class Sql {
    private Sql() {}

    /** Sets a statement's parameters. */
    @FunctionalInterface
    public interface Params {
        void set(PreparedStatement ps) throws SQLException;
    }

    /** Reads the current row. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** A query without parameters. */
    public static final Params NONE = ps -> {};

    /** Every row of the query, each read into one value, in the query's order. */
    public static <T> List<T> rows(Connection c, String sql, Params params, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            params.set(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row.read(rs));
            }
        }
        return out;
    }
}
