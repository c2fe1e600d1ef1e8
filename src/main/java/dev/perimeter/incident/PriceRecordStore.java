package dev.perimeter.incident;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The daily closes update-data fetched (table price_records), read and written inside the incident transactions. */
final class PriceRecordStore {
    private PriceRecordStore() {}

    static List<DailyPrices.Price> readAll(Connection c) throws SQLException {
        List<DailyPrices.Price> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT asset, price_date, close_usd, source FROM price_records ORDER BY price_date, asset")) {
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                BigDecimal close = rs.getBigDecimal(3).stripTrailingZeros();
                out.add(new DailyPrices.Price(rs.getDate(2).toLocalDate(), rs.getString(1), close, rs.getString(4)));
            }
        }
        return out;
    }

    /** Inserts closes for (asset, date) pairs not stored yet; a stored close is never replaced. Returns how many were new. */
    static int insertMissing(Connection c, List<DailyPrices.Price> prices, Instant now) throws SQLException {
        int added = 0;
        try (PreparedStatement has = c.prepareStatement("SELECT 1 FROM price_records WHERE asset = ? AND price_date = ?");
             PreparedStatement ins = c.prepareStatement("INSERT INTO price_records (asset, price_date, close_usd, source, fetched_at)"
                     + " VALUES (?,?,?,?,?)")) {
            for (DailyPrices.Price p : prices) {
                has.setString(1, p.asset());
                has.setDate(2, Date.valueOf(p.date()));
                try (ResultSet rs = has.executeQuery()) {
                    if (rs.next()) continue;
                }
                ins.setString(1, p.asset());
                ins.setDate(2, Date.valueOf(p.date()));
                ins.setBigDecimal(3, p.close());
                ins.setString(4, p.source().length() > 1000 ? p.source().substring(0, 1000) : p.source());
                ins.setTimestamp(5, Timestamp.from(now));
                ins.executeUpdate();
                added++;
            }
        }
        return added;
    }
}
