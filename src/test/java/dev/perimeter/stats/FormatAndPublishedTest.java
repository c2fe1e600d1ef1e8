package dev.perimeter.stats;

import dev.perimeter.incident.PublishedFigure;
import dev.perimeter.incident.Vector;
import dev.perimeter.util.Semester;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static dev.perimeter.stats.StatsEngineTest.eq;
import static dev.perimeter.stats.StatsEngineTest.row;
import static org.junit.jupiter.api.Assertions.*;

class FormatAndPublishedTest {
    @Test
    void ordinalsMultiplesAndPercents() {
        assertEquals("1st 2nd 3rd 4th 11th 12th 13th 21st 22nd 101st 111th 112th", String.join(" ",
                List.of(1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 112).stream().map(Format::ordinal).toList()));
        assertEquals("1,275×", Format.multiple(new BigDecimal("1275.1092")));
        assertEquals("2.5×", Format.multiple(new BigDecimal("2.49397590")));
        assertEquals("0.41×", Format.multiple(new BigDecimal("0.4076")));
        assertEquals("21×", Format.multiple(new BigDecimal("21.46")));
        assertEquals("—", Format.multiple(null));
        assertEquals("29.8%", Format.pct(new BigDecimal("29.7942")));
        assertEquals("100%", Format.pct(new BigDecimal("100.00000000")));
        assertEquals("+149.4%", Format.change(new BigDecimal("149.39759036")));
        assertEquals("−57.7%", Format.change(new BigDecimal("-57.73913043")));
    }

    static PublishedFigure fig(String metric, String value, String unit) {
        return new PublishedFigure("Report X", "2026-H1", metric, new BigDecimal(value), unit, false, metric, "the source");
    }

    @Test
    void publishedFiguresBesideOurs() {
        PeriodStats s = StatsEngine.compute(Period.of(Semester.parse("2026-H1").orElseThrow()), List.of(
                row("a", "2026-01-01", "100", Vector.INFRASTRUCTURE, List.of(), "North Korea (Lazarus), per TRM", "src", null),
                row("b", "2026-01-02", "300", Vector.SMART_CONTRACT, List.of(), null, null, null),
                row("c", "2026-01-03", "600", Vector.SMART_CONTRACT, List.of(), null, null, null),
                row("d", "2026-01-04", null, Vector.OTHER, List.of(), null, null, null)));
        List<PublishedFigure> figures = List.of(
                fig("total_loss_usd", "2000", "usd"), fig("incidents", "8", "count"), fig("median_loss_usd", "250", "usd"),
                fig("infrastructure_loss_share", "50", "percent"), fig("attributed_north_korea_usd", "150", "usd"),
                fig("kelp_loss_usd", "120", "usd"), fig("mystery_metric", "1", "count"),
                new PublishedFigure("Report X", "2025-H1", "incidents", BigDecimal.TEN, "count", false, "other period", "s"));
        List<PublishedComparison> cs = PublishedComparison.of(s, figures, Map.of("kelp", new BigDecimal("100"))::get);
        assertEquals(1, cs.size());
        PublishedComparison c = cs.get(0);
        assertEquals(List.of("incidents", "total_loss_usd", "median_loss_usd", "attributed_north_korea_usd",
                "infrastructure_loss_share", "kelp_loss_usd", "mystery_metric"), c.rows().stream().map(PublishedComparison.Row::metric).toList());
        eq("50", c.incidentCoveragePct());   // 4 of 8
        eq("50", c.lossCoveragePct());       // 1000 of 2000
        PublishedComparison.Row median = c.rows().get(2);
        eq("300", median.ours());            // 100, 300, 600 → 300
        eq("120", median.coveragePct());
        PublishedComparison.Row infra = c.rows().get(4);
        eq("10", infra.ours());              // 100 / 1000
        eq("-40", infra.differencePoints()); // 10 − 50 points
        assertNull(infra.coveragePct());
        eq("100", c.rows().get(3).ours());   // the North Korea actor
        eq("100", c.rows().get(5).ours());   // kelp's incident
        assertNull(c.rows().get(6).ours());
    }

    @Test
    void protocolSummary() {
        ProtocolSummary p = ProtocolSummary.of(List.of(
                row("a", "2021-01-01", "1000", Vector.OTHER, List.of(), null, null, "250"),
                row("b", "2023-06-01", null),
                row("c", "2022-01-01", "500")));
        assertEquals(3, p.incidents());
        assertEquals(2, p.incidentsWithUsd());
        eq("1500", p.totalUsd());
        eq("250", p.fundsReturnedUsd());
        eq("1250", p.netLossUsd());
        assertEquals("2021-01-01", p.firstDate().toString());
        assertEquals("b", p.lastIncidentId());
        assertTrue(p.matches("PROTOCOL"));
        assertFalse(p.matches("zzz"));
        ProtocolSummary unknown = ProtocolSummary.of(List.of(row("x", "2020-01-01", null)));
        assertNull(unknown.totalUsd());
        assertNull(unknown.netLossUsd());
    }
}
