package dev.perimeter.stats;

import dev.perimeter.incident.Vector;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class VectorSharesTest {
    static IncidentRow row(String id, String date, String loss, Vector v) {
        return new IncidentRow(id, LocalDate.parse(date), "p", "P", "t", loss == null ? null : new BigDecimal(loss), v, null, null, null,
                List.of());
    }

    @Test
    void sharesPerYearOfIncidentsOfLossesAndOfUnknownLosses() {
        List<IncidentRow> rows = List.of(
                row("a", "2022-03-23", "600", Vector.INFRASTRUCTURE),
                row("b", "2022-08-02", "300", Vector.SMART_CONTRACT),
                row("c", "2022-10-01", "100", Vector.SMART_CONTRACT),
                row("d", "2022-12-31", null, Vector.OTHER),
                row("e", "2023-01-01", null, Vector.SMART_CONTRACT));
        List<VectorShares.Year> years = VectorShares.byYear(rows);
        assertEquals(List.of(2022, 2023), years.stream().map(VectorShares.Year::year).toList());

        VectorShares.Year y = years.get(0);
        assertEquals(4, y.incidents());
        assertEquals(3, y.incidentsWithUsd());
        assertEquals(1, y.nullUsd());
        assertEquals(0, new BigDecimal("25").compareTo(y.nullUsdSharePct()), "1 of 4");
        assertEquals(0, new BigDecimal("1000").compareTo(y.totalUsd()));
        PeriodStats.VectorShare infra = y.vector(Vector.INFRASTRUCTURE);
        assertEquals(1, infra.incidents());
        assertEquals(0, new BigDecimal("25").compareTo(infra.incidentSharePct()), "1 of 4 incidents");
        assertEquals(0, new BigDecimal("60").compareTo(infra.lossSharePct()), "600 of 1000");
        PeriodStats.VectorShare sc = y.vector(Vector.SMART_CONTRACT);
        assertEquals(0, new BigDecimal("50").compareTo(sc.incidentSharePct()));
        assertEquals(0, new BigDecimal("40").compareTo(sc.lossSharePct()));
        PeriodStats.VectorShare other = y.vector(Vector.OTHER);
        assertEquals(1, other.incidents());
        assertEquals(0, BigDecimal.ZERO.compareTo(other.lossUsd()), "its only incident has no known loss");

        VectorShares.Year only = years.get(1);
        assertNull(only.totalUsd(), "no known loss: null, not 0");
        assertNull(only.vector(Vector.SMART_CONTRACT).lossSharePct());
        assertEquals(0, new BigDecimal("100").compareTo(only.nullUsdSharePct()));
    }

    @Test
    void noRowsNoYears() {
        assertEquals(List.of(), VectorShares.byYear(List.of()));
        VectorShares.Year empty = VectorShares.of(2020, List.of());
        assertEquals(0, empty.incidents());
        assertNull(empty.nullUsdSharePct());
    }
}
