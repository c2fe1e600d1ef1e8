package dev.perimeter.stats;

import dev.perimeter.incident.Vector;
import dev.perimeter.util.Semester;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The statistics engine on small fixed datasets; every expected value is worked out by hand in the comments. */
class StatsEngineTest {
    static final Period H1 = Period.of(Semester.parse("2026-H1").orElseThrow());

    static IncidentRow row(String id, String date, String loss) {
        return row(id, date, loss, Vector.SMART_CONTRACT, List.of("ethereum"), null, null, null);
    }

    static IncidentRow row(String id, String date, String loss, Vector v, List<String> chains, String attribution,
                           String attributionSource, String returned) {
        return new IncidentRow(id, LocalDate.parse(date), "p-" + id, "Protocol " + id, "title " + id,
                loss == null ? null : new BigDecimal(loss), v, attribution, attributionSource,
                returned == null ? null : new BigDecimal(returned), chains);
    }

    static void eq(String expected, BigDecimal actual) {
        assertNotNull(actual, "expected " + expected + " but was null");
        assertEquals(0, new BigDecimal(expected).compareTo(actual), "expected " + expected + " but was " + actual);
    }

    @Test
    void oddCountMedianMeanP90MaxAndConcentration() {
        // known losses 100, 200, 300, 400, 10000 (given out of order)
        List<IncidentRow> rows = List.of(row("a", "2026-01-10", "300"), row("b", "2026-02-10", "10000"),
                row("c", "2026-03-10", "100"), row("d", "2026-04-10", "400"), row("e", "2026-05-10", "200"));
        PeriodStats s = StatsEngine.compute(H1, rows);
        assertEquals(5, s.incidents());
        assertEquals(5, s.incidentsWithUsd());
        assertEquals(0, s.excludedUnknownUsd());
        eq("11000", s.totalUsd());                // 100+200+300+400+10000
        eq("2200.00", s.meanUsd());               // 11000 / 5
        eq("300", s.medianUsd());                 // the 3rd of 5
        eq("10000", s.p90Usd());                  // nearest rank ceil(0.9*5) = 5th
        eq("10000", s.maxUsd());
        eq("7.33333333", s.meanToMedian());       // 11000 / (5 * 300)
        eq("90.90909091", s.top(1).sharePct());   // 10000 / 11000
        eq("94.54545455", s.top(2).sharePct());   // (10000 + 400) / 11000
        eq("100", s.top(5).sharePct());
        assertEquals(List.of("b", "d"), s.top(2).incidents().stream().map(PeriodStats.Named::id).toList());
        assertEquals(List.of(1, 2, 3, 4, 5), s.largest().stream().map(PeriodStats.Ranked::rank).toList());
        eq("33.33333333", s.largest().get(0).multipleOfMedian()); // 10000 / 300
    }

    @Test
    void evenCountMedianIsTheMeanOfTheTwoMiddleValuesAndUnknownLossesAreExcluded() {
        List<IncidentRow> rows = List.of(row("a", "2026-01-01", "1000"), row("b", "2026-01-02", "100"),
                row("c", "2026-01-03", null), row("d", "2026-01-04", "300"), row("e", "2026-01-05", "200"),
                row("f", "2026-01-06", null));
        PeriodStats s = StatsEngine.compute(H1, rows);
        assertEquals(6, s.incidents());
        assertEquals(4, s.incidentsWithUsd());
        assertEquals(2, s.excludedUnknownUsd());
        eq("1600", s.totalUsd());        // 1000+100+300+200
        eq("400.00", s.meanUsd());       // 1600 / 4 (not / 6)
        eq("250", s.medianUsd());        // (200 + 300) / 2
        eq("1000", s.p90Usd());          // ceil(0.9*4) = 4th
        eq("1.6", s.meanToMedian());     // 1600 / (4 * 250)
        eq("100", s.vector(Vector.SMART_CONTRACT).incidentSharePct()); // 6 of 6, unknown losses included
    }

    @Test
    void medianOfAnEvenCountCanHaveHalfCents() {
        PeriodStats s = StatsEngine.compute(H1, List.of(row("a", "2026-01-01", "0.01"), row("b", "2026-01-02", "0.02")));
        eq("0.015", s.medianUsd());
        eq("0.02", s.meanUsd()); // 0.03 / 2 = 0.015 → half-up to cents
    }

    @Test
    void tiesShareARankAndConcentrationIsDeterministic() {
        List<IncidentRow> rows = List.of(row("z", "2026-03-01", "500"), row("y", "2026-02-01", "500"),
                row("x", "2026-02-01", "500"), row("w", "2026-01-01", "100"));
        PeriodStats s = StatsEngine.compute(H1, rows);
        eq("1600", s.totalUsd());
        eq("500", s.medianUsd()); // 100, 500, 500, 500 → (500 + 500) / 2
        // equal losses: earlier date first, then id
        assertEquals(List.of("x", "y"), s.top(2).incidents().stream().map(PeriodStats.Named::id).toList());
        eq("62.5", s.top(2).sharePct()); // 1000 / 1600
        assertEquals(List.of(1, 1, 1, 4), s.largest().stream().map(PeriodStats.Ranked::rank).toList());
        PeriodStats.Position p = s.position(new BigDecimal("500"));
        assertEquals(1, p.rank());
        assertEquals(3, p.tied());
        assertEquals(4, p.rankedOf());
        eq("31.25", p.sharePct());  // 500 / 1600
        eq("1", p.multipleOfMedian());
        PeriodStats.Position last = s.position(new BigDecimal("100"));
        assertEquals(4, last.rank());
        assertEquals(1, last.tied());
        eq("0.2", last.multipleOfMedian());
        assertNull(s.position(null));
        IncidentContext c = IncidentContext.of(rows.get(0), s);
        assertEquals(1, c.rank());
        assertTrue(c.sentence().startsWith("tied 1st largest of 4 incidents with a known loss in 2026-H1, 31.3%"), c.sentence());
    }

    @Test
    void allUnknownUsdGivesNullMoneyFiguresButCountsIncidents() {
        List<IncidentRow> rows = List.of(row("a", "2026-01-01", null, Vector.INFRASTRUCTURE, List.of(), "X, per Y", "https://y", null),
                row("b", "2026-02-01", null), row("c", "2026-03-01", null));
        PeriodStats s = StatsEngine.compute(H1, rows);
        assertFalse(s.empty());
        assertEquals(3, s.incidents());
        assertEquals(0, s.incidentsWithUsd());
        assertEquals(3, s.excludedUnknownUsd());
        for (BigDecimal x : new BigDecimal[] {s.totalUsd(), s.meanUsd(), s.medianUsd(), s.p90Usd(), s.maxUsd(), s.meanToMedian(),
                s.top(1).lossUsd(), s.top(1).sharePct(), s.returns().fundsReturnedUsd(), s.returns().netLossUsd(),
                s.vector(Vector.INFRASTRUCTURE).lossUsd(), s.vector(Vector.INFRASTRUCTURE).lossSharePct(), s.attribution().lossUsd()}) {
            assertNull(x);
        }
        eq("33.33333333", s.vector(Vector.INFRASTRUCTURE).incidentSharePct());
        assertEquals(1, s.attribution().incidents());
        assertTrue(s.largest().isEmpty());
        IncidentContext c = IncidentContext.of(rows.get(0), s);
        assertNull(c.rank());
        assertNull(c.sharePct());
        assertTrue(c.sentence().contains("unknown"), c.sentence());
    }

    @Test
    void emptySemesterHasNoFiguresAndNoError() {
        PeriodStats s = StatsEngine.compute(H1, List.of(row("old", "2019-01-01", "5")));
        assertTrue(s.empty());
        assertEquals(0, s.incidents());
        assertNull(s.totalUsd());
        assertNull(s.medianUsd());
        assertNull(s.meanToMedian());
        assertNull(s.vector(Vector.OTHER).incidentSharePct());
        assertNull(s.top(2).sharePct());
        assertTrue(s.chains().isEmpty());
        assertEquals(0, s.distribution().stream().mapToInt(PeriodStats.Bucket::incidents).sum());
    }

    @Test
    void semesterBoundariesAreJuneThirtiethAndJulyFirstInclusive() {
        List<IncidentRow> rows = List.of(row("dec31", "2025-12-31", "1"), row("jan1", "2026-01-01", "2"),
                row("jun30", "2026-06-30", "3"), row("jul1", "2026-07-01", "4"), row("dec31b", "2026-12-31", "5"));
        PeriodStats h1 = StatsEngine.compute(H1, rows);
        assertEquals(2, h1.incidents());
        eq("5", h1.totalUsd()); // 2 + 3
        PeriodStats h2 = StatsEngine.compute(Period.of(Semester.parse("2026-H2").orElseThrow()), rows);
        assertEquals(2, h2.incidents());
        eq("9", h2.totalUsd()); // 4 + 5
        PeriodStats range = StatsEngine.compute(Period.range(LocalDate.parse("2025-12-31"), LocalDate.parse("2026-01-01")), rows);
        assertEquals(2, range.incidents());
    }

    @Test
    void vectorsChainsAttributionAndReturns() {
        List<IncidentRow> rows = List.of(
                row("a", "2026-02-01", "1000", Vector.INFRASTRUCTURE, List.of("ethereum"), "Lazarus, per X", "https://x.example", "400"),
                row("b", "2026-03-01", "3000", Vector.SMART_CONTRACT, List.of("ethereum", "bsc"), null, null, null),
                row("c", "2026-04-01", null, Vector.SMART_CONTRACT, List.of(), null, null, "50"),
                row("d", "2026-05-01", "6000", Vector.OTHER, List.of("bsc"), "Someone", null, null),          // unsourced: not attributed
                row("e", "2026-05-02", "2000", Vector.INFRASTRUCTURE, List.of("arbitrum"), "Lazarus; denied", "report", "5000"));
        PeriodStats s = StatsEngine.compute(H1, rows);
        eq("12000", s.totalUsd());   // 1000 + 3000 + 6000 + 2000
        eq("2500", s.medianUsd());   // 1000, 2000, 3000, 6000 → (2000 + 3000) / 2
        eq("6000", s.p90Usd());      // ceil(3.6) = 4th

        PeriodStats.VectorShare infra = s.vector(Vector.INFRASTRUCTURE);
        assertEquals(2, infra.incidents());
        eq("40", infra.incidentSharePct());   // 2 of 5
        eq("3000", infra.lossUsd());
        eq("25", infra.lossSharePct());       // 3000 / 12000
        PeriodStats.VectorShare sc = s.vector(Vector.SMART_CONTRACT);
        assertEquals(2, sc.incidents());
        assertEquals(1, sc.incidentsWithUsd());
        eq("25", sc.lossSharePct());
        eq("50", s.vector(Vector.OTHER).lossSharePct());

        // an incident on two chains counts in both; no chain → "unknown"
        assertEquals(List.of("bsc", "ethereum", "arbitrum", "unknown"), s.chains().stream().map(PeriodStats.ChainShare::chain).toList());
        PeriodStats.ChainShare bsc = s.chains().get(0);
        assertEquals(2, bsc.incidents());
        eq("9000", bsc.lossUsd());            // 3000 + 6000
        eq("4000", s.chains().get(1).lossUsd());
        assertEquals(0, s.chains().get(3).incidentsWithUsd());

        assertEquals(2, s.attribution().incidents());
        eq("3000", s.attribution().lossUsd());
        eq("25", s.attribution().lossSharePct());
        assertEquals(1, s.attribution().actors().size());
        assertEquals("Lazarus", s.attribution().actors().get(0).actor());
        assertEquals(2, s.attribution().actors().get(0).incidents());

        // returns: 400 on a, 5000 capped at 2000 on e, nothing counted on c (unknown loss)
        assertEquals(2, s.returns().incidentsWithReturns());
        eq("2400", s.returns().fundsReturnedUsd());
        eq("9600", s.returns().netLossUsd());
    }

    @Test
    void p90IsNearestRank() {
        assertNull(StatsEngine.nearestRank(List.of(), 90));
        eq("7", StatsEngine.nearestRank(List.of(new BigDecimal("7")), 90));
        List<BigDecimal> ten = new ArrayList<>(), eleven = new ArrayList<>();
        for (int i = 1; i <= 10; i++) ten.add(BigDecimal.valueOf(i));
        for (int i = 1; i <= 11; i++) eleven.add(BigDecimal.valueOf(i));
        eq("9", StatsEngine.nearestRank(ten, 90));     // ceil(9.0) = 9
        eq("10", StatsEngine.nearestRank(eleven, 90)); // ceil(9.9) = 10
        eq("5", StatsEngine.nearestRank(ten, 50));
    }

    @Test
    void distributionBucketsByPowerOfTen() {
        PeriodStats s = StatsEngine.compute(H1, List.of(row("a", "2026-01-01", "999.99"), row("b", "2026-01-02", "1000"),
                row("c", "2026-01-03", "219000"), row("d", "2026-01-04", "292000000"), row("e", "2026-01-05", "1500000000")));
        List<Integer> counts = s.distribution().stream().map(PeriodStats.Bucket::incidents).toList();
        assertEquals(List.of(1, 1, 0, 1, 0, 0, 1, 1), counts);
        assertNull(s.distribution().get(7).toUsd());
    }

    @Test
    void changeAsPercentAndMultiple() {
        // the article: 83 → 207 incidents, $2.3B → $972M
        List<IncidentRow> earlier = new ArrayList<>(), now = new ArrayList<>();
        for (int i = 0; i < 83; i++) earlier.add(row("e" + i, "2025-03-01", i == 0 ? "2300000000" : null));
        for (int i = 0; i < 207; i++) now.add(row("n" + i, "2026-03-01", i == 0 ? "972000000" : null));
        PeriodStats a = StatsEngine.compute(Period.of(Semester.parse("2025-H1").orElseThrow()), earlier);
        PeriodStats b = StatsEngine.compute(H1, now);
        Change c = StatsEngine.change(b, a);
        assertEquals("2025-H1", c.against());
        eq("124", c.incidents().diff());
        eq("149.39759036", c.incidents().changePct());  // 124 / 83
        eq("2.49397590", c.incidents().multiple());     // 207 / 83
        eq("-57.73913043", c.totalUsd().changePct());   // (972 - 2300) / 2300
        eq("0.42260870", c.totalUsd().multiple());
        Change fromEmpty = StatsEngine.change(b, StatsEngine.compute(Period.of(Semester.parse("2024-H1").orElseThrow()), List.of()));
        eq("0", fromEmpty.incidents().from());
        assertNull(fromEmpty.incidents().changePct());
        assertNull(fromEmpty.totalUsd().diff());
        assertNull(fromEmpty.medianUsd().multiple());
    }

    @Test
    void actorIsTheTextBeforeTheFirstCommaOrSemicolon() {
        assertEquals("North Korea (Lazarus-linked actors)",
                StatsEngine.actor("North Korea (Lazarus-linked actors), attributed by TRM Labs; denied by North Korea"));
        assertEquals("Lazarus", StatsEngine.actor(" Lazarus; per FBI"));
        assertEquals("Unknown group", StatsEngine.actor("Unknown group"));
    }
}
