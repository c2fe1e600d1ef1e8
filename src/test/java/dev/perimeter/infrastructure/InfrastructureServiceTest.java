package dev.perimeter.infrastructure;

import dev.perimeter.db.Database;
import dev.perimeter.db.TestDatabases;
import dev.perimeter.incident.IncidentService;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Incident links resolved against the real incident database (H2), and the per-row totals. */
class InfrastructureServiceTest {
    static Database db;
    static TokenRegistry registry;
    static InfrastructureService service;

    @BeforeAll
    static void start() {
        db = TestDatabases.open(TestDatabases.h2());
        new IncidentService(db, DataFiles.bundled(), dev.perimeter.TestApp.testClock()).syncShippedData();
        registry = TokenRegistry.load(DataFiles.bundled());
        service = new InfrastructureService(new InfrastructureStore(db), DataFiles.bundled(), registry, 100);
        service.reload();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void everyIncidentLinkResolvesAndEverySokIncidentIsLinked() {
        InfrastructureCatalog c = service.catalog();
        Set<String> linked = new HashSet<>();
        c.all().forEach(i -> linked.addAll(i.incidentIds()));
        List<String> sok = new InfrastructureStore(db).incidentIdsWithDataset("sok");
        assertTrue(sok.size() >= 30, "SoK incidents in the database: " + sok.size());
        for (String id : sok) assertTrue(linked.contains(id), "SoK incident " + id + " is linked to no infrastructure row");

        // SoK lists 2021-07-26 Thorchain twice (two separate incidents): the one link covers both.
        InfrastructureStore.SourceKey thor = new InfrastructureStore.SourceKey("sok", java.time.LocalDate.parse("2021-07-26"), "Thorchain");
        List<String> thorIds = new InfrastructureStore(db).incidentIdsBySource(List.of(thor)).get(thor);
        assertEquals(2, thorIds.size(), thorIds.toString());
        assertTrue(c.get("thorchain").orElseThrow().incidentIds().containsAll(thorIds));

        // The KelpDAO seed incident is linked to both the Kelp setup and LayerZero.
        assertTrue(c.get("kelpdao-rseth-cross-chain").orElseThrow().incidentIds().contains("2026-04-18-kelpdao"));
        assertTrue(c.get("kelpdao-rseth-cross-chain").orElseThrow().incidentIds().contains("2026-04-18-kelpdao"));
        assertTrue(c.get("kelpdao-rseth-cross-chain").orElseThrow().exploited(), "an incident is linked, so exploited() is true");
        // One application's OFT configuration is its own entity: the messaging layer every OFT uses carries no KelpDAO incident.
        assertFalse(c.get("layerzero").orElseThrow().incidentIds().contains("2026-04-18-kelpdao"));
        assertFalse(c.get("layerzero").orElseThrow().exploited());
        assertTrue(c.get("lido").orElseThrow().incidentIds().isEmpty());
    }

    @Test
    void totalsSumKnownLossesAndCountUnknownOnes() {
        InfrastructureService.Totals poly = service.totals("poly-network");
        Infrastructure p = service.catalog().get("poly-network").orElseThrow();
        assertEquals(p.incidentIds().size(), poly.incidents());
        assertNotNull(poly.lossUsd());
        assertTrue(poly.lossUsd().compareTo(new BigDecimal("611000000")) >= 0, poly.toString());

        InfrastructureService.Totals none = service.totals("lido");
        assertEquals(0, none.incidents());
        assertEquals(0, BigDecimal.ZERO.compareTo(none.lossUsd()));

        // The whitehat reproduction on Aztec v1 is not an incident (incidents/excluded-records.csv): only the exploit counts.
        InfrastructureService.Totals aztec = service.totals("aztec-v1");
        assertEquals(1, aztec.incidents());


        for (Infrastructure i : service.catalog().all()) {
            InfrastructureService.Totals t = service.totals(i.slug());
            assertEquals(i.incidentIds().size(), t.incidents(), i.slug());
            assertTrue(t.unknownLoss() <= t.incidents(), i.slug());
        }
    }

    @Test
    void rowsSortByEachColumnWithUnknownLossesLast() {
        List<InfrastructureService.Row> lost = service.rows(InfrastructureService.Sort.LOST, true);
        assertEquals(InfrastructureCatalogTest.rowsOf("infrastructure/infrastructure.csv"), lost.size());
        BigDecimal prev = null;
        boolean seenUnknown = false;
        for (InfrastructureService.Row r : lost) {
            BigDecimal x = r.totals().lossUsd();
            if (x == null) {
                seenUnknown = true;
                continue;
            }
            assertFalse(seenUnknown, "unknown totals come last");
            if (prev != null) assertTrue(prev.compareTo(x) >= 0, "descending by loss");
            prev = x;
        }
        List<InfrastructureService.Row> risk = service.rows(InfrastructureService.Sort.RISK, true);
        assertEquals(3, risk.get(0).infrastructure().badCount());
        assertEquals(0, risk.get(risk.size() - 1).infrastructure().badCount());
        List<InfrastructureService.Row> names = service.rows(InfrastructureService.Sort.NAME, false);
        assertTrue(names.get(0).infrastructure().name().compareToIgnoreCase(names.get(1).infrastructure().name()) <= 0);
        List<InfrastructureService.Row> incidents = service.rows(InfrastructureService.Sort.INCIDENTS, false);
        assertEquals(0, incidents.get(0).totals().incidents());
    }

    @Test
    void detailListsIncidentsAndDependentTokensWithTheirRule() {
        InfrastructureService.Detail d = service.detail("wormhole-portal").orElseThrow();
        assertFalse(d.incidents().isEmpty());
        assertTrue(d.incidents().stream().anyMatch(i -> i.date().toString().startsWith("2022-02")), d.incidents().toString());
        assertEquals(service.catalog().tokensOf("wormhole-portal").size(), d.tokens().size());
        assertTrue(d.tokens().stream().allMatch(t -> t.link().infrastructure().equals("wormhole-portal")));
        assertTrue(d.tokens().stream().anyMatch(t -> t.link().rule().id().equals("portal-wrapped") && t.link().direct()));
        assertTrue(service.detail("no-such-row").isEmpty());
    }

    @Test
    void aDanglingIncidentLinkFailsTheLoadNamingFileAndLineAndKeepsTheOldCatalog() throws Exception {
        Path dir = InfrastructureCatalogTest.copyData();
        Path links = dir.resolve("infrastructure/incident-links.csv");
        String original = Files.readString(links);
        int line = (int) original.lines().count() + 1;
        Files.writeString(links, original + "sok,2019-01-01,No Such Bridge,ronin-bridge,a test link that matches nothing\n");
        InfrastructureService svc = new InfrastructureService(new InfrastructureStore(db), DataFiles.folder(dir), registry, 100);
        Csv.CsvException e = assertThrows(Csv.CsvException.class, svc::reload);
        assertTrue(e.getMessage().contains("infrastructure/incident-links.csv: line " + line), e.getMessage());
        assertTrue(e.getMessage().contains("No Such Bridge"), e.getMessage());
        assertThrows(IllegalStateException.class, svc::catalog, "nothing loaded yet");

        // Same name and dataset, wrong date: also dangling (dates must match the dataset row exactly).
        Files.writeString(links, original.replace("sok,2022-03-01,Ronin,", "sok,2022-03-23,Ronin,"));
        Csv.CsvException date = assertThrows(Csv.CsvException.class, svc::reload);
        assertTrue(date.getMessage().contains("incident-links.csv: line 2"), date.getMessage());

        // A good reload, then a broken one: the good catalog stays.
        Files.writeString(links, original);
        svc.reload();
        Files.writeString(links, original + "chronicle,2019-01-01,Nothing,ronin-bridge,dangling\n");
        assertThrows(Csv.CsvException.class, svc::reload);
        assertEquals(InfrastructureCatalogTest.rowsOf("infrastructure/infrastructure.csv"), svc.catalog().all().size(), "the previous catalog stays in use");
    }
}
