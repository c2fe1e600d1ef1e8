package dev.perimeter.incident;

import dev.perimeter.db.Database;
import dev.perimeter.db.Tx;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Figures from published reports, stored apart from the incidents and never merged into them. */
public final class PublishedFigureStore {
    private final Database db;

    public PublishedFigureStore(Database db) {
        this.db = db;
    }

    /** Replaces every stored figure (inside the caller's transaction: the shipped-data sync). */
    static void replaceAll(Connection c, List<PublishedFigure> figures) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM published_figures")) {
            del.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO published_figures (report, period, metric, figure_value, unit,"
                + " approx, label, source) VALUES (?,?,?,?,?,?,?,?)")) {
            for (PublishedFigure f : figures) {
                ps.setString(1, f.report());
                ps.setString(2, f.period());
                ps.setString(3, f.metric());
                ps.setBigDecimal(4, f.value());
                ps.setString(5, f.unit());
                ps.setBoolean(6, f.approx());
                ps.setString(7, f.label());
                ps.setString(8, f.source());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Figures of one period (e.g. 2026-H1), or all when period is null. */
    public List<PublishedFigure> find(String period) {
        return Tx.read(db, c -> {
            List<PublishedFigure> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT report, period, metric, figure_value, unit, approx, label, source"
                    + " FROM published_figures" + (period == null ? "" : " WHERE period = ?") + " ORDER BY period DESC, report, metric")) {
                if (period != null) ps.setString(1, period);
                ResultSet rs = ps.executeQuery();
                while (rs.next()) {
                    out.add(new PublishedFigure(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                            rs.getString(5), rs.getBoolean(6), rs.getString(7), rs.getString(8)));
                }
            }
            return out;
        });
    }
}
