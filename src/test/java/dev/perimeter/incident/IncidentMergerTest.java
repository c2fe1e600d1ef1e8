package dev.perimeter.incident;

import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class IncidentMergerTest {
    static List<Incident> shipped;

    @BeforeAll
    static void load() {
        shipped = ShippedIncidents.load(DataFiles.bundled()).incidents();
    }

    static List<Incident> byProtocolNear(String slugPrefix, String date) {
        LocalDate d = LocalDate.parse(date);
        return shipped.stream().filter(i -> i.protocolSlug().startsWith(slugPrefix))
                .filter(i -> Math.abs(i.date().toEpochDay() - d.toEpochDay()) <= 20).toList();
    }

    static Set<String> datasets(Incident i) {
        Set<String> s = new HashSet<>();
        for (SourceRecord r : i.sources()) s.add(r.dataset());
        return s;
    }

    @Test
    void polyNetworkAcrossDefiHackLabsAndSokIsOneIncident() {
        List<Incident> poly = byProtocolNear("poly-network", "2021-08-11");
        assertEquals(1, poly.size(), poly.toString());
        Incident i = poly.get(0);
        assertEquals("2021-08-11-poly-network", i.id());
        assertEquals(Set.of("defihacklabs", "sok"), datasets(i));
        assertEquals(LocalDate.parse("2021-08-11"), i.date(), "DeFiHackLabs leads the date");
    }

    @Test
    void roninIsMergedThroughTheOverrideFile() {
        List<Incident> ronin = byProtocolNear("ronin", "2022-03-15");
        assertEquals(1, ronin.size(), ronin.toString());
        assertEquals(Set.of("defihacklabs", "sok"), datasets(ronin.get(0)));
        assertEquals("2022-03-29-ronin-network", ronin.get(0).id());
        assertEquals(0, new BigDecimal("624000000").compareTo(ronin.get(0).lossUsd()));
    }

    @Test
    void parity2017InDefiHackLabsAndChronicleIsTwoEventsEachMerged() {
        List<Incident> parity = shipped.stream().filter(i -> i.protocolSlug().equals("parity")).toList();
        assertEquals(2, parity.size(), parity.toString());
        for (Incident i : parity) assertEquals(Set.of("defihacklabs", "chronicle"), datasets(i), i.id());
        assertEquals(List.of("2017-07-19-parity", "2017-11-06-parity"), parity.stream().map(Incident::id).sorted().toList());
    }

    @Test
    void kelpDaoComesFromTheArticleAndIsNotVerified() {
        Incident k = shipped.stream().filter(i -> i.id().equals("2026-04-18-kelpdao")).findFirst().orElseThrow();
        assertFalse(k.verified());
        assertEquals(Set.of("seed"), datasets(k));
        assertEquals(Vector.INFRASTRUCTURE, k.vector());
        assertEquals(0, new BigDecimal("292000000").compareTo(k.lossUsd()));
        assertNotNull(k.attribution());
    }

    @Test
    void driftMergesChronicleAndArticleAndKeepsTheUnverifiedFlag() {
        Incident d = shipped.stream().filter(i -> i.id().equals("2026-04-01-drift")).findFirst().orElseThrow();
        assertEquals(Set.of("chronicle", "seed"), datasets(d));
        assertFalse(d.verified(), "the Chronicle row is not human-verified and the article is not independent verification");
        assertEquals(Vector.INFRASTRUCTURE, d.vector());
        assertTrue(d.attribution().contains("North Korea"));
        assertEquals(0, new BigDecimal("285257820").compareTo(d.lossUsd()), "the chronicle's stated figure leads");
    }

    @Test
    void everyIdIsUniqueAndUrlSafeAndEveryRecordIsUsedOnce() {
        Set<String> ids = new HashSet<>();
        int records = 0;
        for (Incident i : shipped) {
            assertTrue(ids.add(i.id()), "duplicate id " + i.id());
            assertTrue(i.id().matches("\\d{4}-\\d{2}-\\d{2}-[a-z0-9-]+"), i.id());
            records += i.sources().size();
        }
        assertEquals(ShippedIncidents.load(DataFiles.bundled()).sourceRecords(), records);
        assertEquals(857 + 24 + 33 + 2, records);
    }

    @Test
    void idsAreStableAcrossRuns() {
        List<String> again = ShippedIncidents.load(DataFiles.bundled()).incidents().stream().map(Incident::id).toList();
        assertEquals(shipped.stream().map(Incident::id).toList(), again);
    }

    @Test
    void contractsComeFromExplorerUrlsWithTheirChainAndLowercase() {
        Incident bybit = shipped.stream().filter(i -> i.id().equals("2025-02-21-bybit")).findFirst().orElseThrow();
        assertTrue(bybit.contracts().contains(new ContractRef("ethereum", "0x1db92e2eebc8e0c075a02bea49a2935bcd2dfcf4", "vulnerable",
                bybit.contracts().get(0).source())), bybit.contracts().toString());
        assertEquals(Vector.INFRASTRUCTURE, bybit.vector(), "reviewed override");
        assertTrue(bybit.vectorRule().startsWith("override:"));
        for (Incident i : shipped) for (ContractRef c : i.contracts()) assertEquals(c.address().toLowerCase(), c.address());
    }

    @Test
    void lossesAreNeverGuessed() {
        for (Incident i : shipped) {
            if (i.lossUsd() == null) assertTrue(i.lossBasis().startsWith("unknown"), i.id() + " " + i.lossBasis());
            else assertFalse(i.lossBasis().startsWith("unknown"), i.id());
        }
        Incident telcoin = shipped.stream().filter(i -> i.id().equals("2023-12-25-telcoin")).findFirst().orElseThrow();
        assertNull(telcoin.lossUsd(), "'~1,24M' is ambiguous and must stay unknown");
    }

    // ---- the rule itself, on small inputs -----------------------------------------------------------------

    static SourceRecord rec(String dataset, String date, String name, int line) {
        return new SourceRecord(dataset, "test", line, LocalDate.parse(date), name, name, "Reentrancy", null, null, "unknown:x",
                List.of(), List.of(), List.of(), true, null, null, null, null);
    }

    @Test
    void sameDatasetIsNeverMergedAndWindowIsFiveDays() {
        VectorRules rules = new VectorRules(List.of(), Map.of());
        IncidentMerger m = new IncidentMerger(rules, List.of(), IncidentMerger.Aliases.none());
        List<Incident> out = m.merge(List.of(
                rec("defihacklabs", "2024-01-01", "Alpha Protocol", 2),
                rec("defihacklabs", "2024-01-02", "Alpha", 3),
                rec("sok", "2024-01-06", "Alpha", 2),
                rec("sok", "2024-01-20", "Alpha Finance", 3),
                rec("chronicle", "2024-01-03", "Alp", 2)));
        Map<String, Integer> sizes = new HashMap<>();
        for (Incident i : out) sizes.put(i.id(), i.sources().size());
        // sok 01-06 joins the closest defihacklabs record (01-02, 4 days); sok 01-20 is too far; "Alp" is too short for a prefix match.
        assertEquals(Map.of("2024-01-01-alpha-protocol", 1, "2024-01-02-alpha", 2, "2024-01-20-alpha-finance", 1,
                "2024-01-03-alp", 1), sizes);
    }

    @Test
    void separateOverrideKeepsRecordsApart() {
        VectorRules rules = new VectorRules(List.of(), Map.of());
        var sep = new IncidentMerger.MergeOverride(2, "separate", "sok|2024-01-02|Beta", "defihacklabs|2024-01-01|Beta", "test");
        IncidentMerger m = new IncidentMerger(rules, List.of(sep), IncidentMerger.Aliases.none());
        List<Incident> out = m.merge(List.of(rec("defihacklabs", "2024-01-01", "Beta", 2), rec("sok", "2024-01-02", "Beta", 2)));
        assertEquals(2, out.size());
        assertEquals(List.of("2024-01-01-beta", "2024-01-02-beta"), out.stream().map(Incident::id).toList());
    }

    @Test
    void sameDayAndNameGetSuffixedIds() {
        IncidentMerger m = new IncidentMerger(new VectorRules(List.of(), Map.of()), List.of(), IncidentMerger.Aliases.none());
        List<Incident> out = m.merge(List.of(rec("defihacklabs", "2024-01-01", "Gamma", 2), rec("defihacklabs", "2024-01-01", "Gamma", 3)));
        assertEquals(List.of("2024-01-01-gamma", "2024-01-01-gamma-2"), out.stream().map(Incident::id).toList());
    }
}
