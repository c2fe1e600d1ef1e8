package dev.perimeter.stats;

import dev.perimeter.db.Database;
import dev.perimeter.db.TestDatabases;
import dev.perimeter.incident.IncidentQuery;
import dev.perimeter.incident.IncidentService;
import dev.perimeter.util.DataFiles;
import dev.perimeter.util.Semester;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The statistics' SQL reads and the service's cache, on H2 (always) and PostgreSQL (when configured). */
class StatsStoreTest {
    static List<TestDatabases.Target> targets() {
        return TestDatabases.all();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void readsRowsByDateRangeAllAndIdsAndTheVersionFollowsImports(TestDatabases.Target t) {
        try (Database db = TestDatabases.open(t)) {
            IncidentService incidents = new IncidentService(db, DataFiles.bundled(), dev.perimeter.TestApp.testClock());
            StatsStore store = new StatsStore(db);
            assertEquals("none:0", store.version());
            IncidentService svc = incidents;
            svc.syncShippedData();
            String v1 = store.version();
            assertNotEquals("none:0", v1);

            List<IncidentRow> h1 = store.rowsBetween(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 6, 30));
            int expected = incidents.find(new IncidentQuery(null, null, "2026-H1", null, null, null, 500, 0)).total();
            assertEquals(expected, h1.size());
            for (int i = 1; i < h1.size(); i++) assertFalse(h1.get(i).date().isBefore(h1.get(i - 1).date()), "oldest first");
            IncidentRow kelp = h1.stream().filter(r -> r.id().equals("2026-04-18-kelpdao")).findFirst().orElseThrow();
            assertEquals(0, new BigDecimal("292000000").compareTo(kelp.lossUsd()));
            assertTrue(kelp.sourcedAttribution());

            List<IncidentRow> all = store.allRows();
            assertEquals(incidents.headline().incidents(), all.size());
            IncidentRow poly = store.rowsByIds(List.of("2021-08-11-poly-network", "no-such-id")).get(0);
            assertEquals("poly-network", poly.protocolSlug());
            assertFalse(poly.chains().isEmpty());
            assertEquals(3, store.sourcesOfProtocol("poly-network").get("2021-08-11-poly-network").size(),
                    "DeFiHackLabs, SoK and DefiLlama list it");

            StatsService stats = new StatsService(store, svc::published, ProtocolTracking.none());
            Semester s2010 = Semester.parse("2010-H1").orElseThrow();
            assertTrue(stats.semesterStats(s2010).empty());
            var out = svc.importCsv(("date,protocol,loss_usd,chains,vector,technique,attribution,funds_returned_usd,source_url,verified\n"
                    + "2010-02-02,Store Test Lend,1000,ethereum,,Reentrancy,,,https://example.org/x,false\n").getBytes(StandardCharsets.UTF_8), "x.csv");
            assertEquals(1, out.added());
            assertNotEquals(v1, store.version(), "an import changes the version");
            PeriodStats after = stats.semesterStats(s2010);
            assertEquals(1, after.incidents(), "the cache was invalidated");
            IncidentContext ctx = stats.context("2026-04-18-kelpdao").orElseThrow();
            assertEquals(1, ctx.rank());
            assertEquals("2026-H1", ctx.semester());
            assertTrue(stats.context("no-such-id").isEmpty());
            assertEquals(1, stats.protocol("store-test-lend").orElseThrow().incidents().size());
            assertEquals("2010-H1", stats.overview().semesters().get(0).period().label());
        }
    }
}
