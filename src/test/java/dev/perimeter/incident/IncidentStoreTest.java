package dev.perimeter.incident;

import dev.perimeter.db.Database;
import dev.perimeter.db.TestDatabases;

import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Flyway, the start-up data sync and the queries, on H2 (always) and PostgreSQL (when configured). Building and storing
 * the shipped data is what takes time here, so it happens once per database: each target is migrated and loaded once for
 * the class, and these tests read it (the corrupt-file test checks that a failed sync leaves it as it was). What changes
 * a database — a changed data file, two rebuilds at once, a newer schema — runs on databases of its own in
 * {@link IncidentStoreChangesTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentStoreTest {
    static int count(Database db, String sql) throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * One target's database, migrated and then loaded once: what it held before the load, what the first sync answered and
     * the row counts right after it.
     */
    record Loaded(TestDatabases.Target target, Database db, int before, IncidentService.SyncResult first, int incidents, int sources,
                  int contracts, int figures) {
        @Override
        public String toString() {
            return target.name();
        }
    }

    private final List<Loaded> databases = new ArrayList<>();
    /** The shipped data built without a database, to compare what the database gives back with. */
    private ShippedIncidents.Loaded built;

    @BeforeAll
    void migrateAndLoadEachDatabaseOnce() throws Exception {
        for (TestDatabases.Target t : TestDatabases.all()) {
            Database db = TestDatabases.open(t);
            int before = count(db, "SELECT COUNT(*) FROM incidents");
            IncidentService.SyncResult first = new IncidentService(db, DataFiles.bundled(), java.time.Clock.systemUTC()).syncShippedData();
            databases.add(new Loaded(t, db, before, first, count(db, "SELECT COUNT(*) FROM incidents"),
                    count(db, "SELECT COUNT(*) FROM incident_sources"), count(db, "SELECT COUNT(*) FROM incident_contracts"),
                    count(db, "SELECT COUNT(*) FROM published_figures")));
        }
        built = ShippedIncidents.load(DataFiles.bundled());
    }

    @AfterAll
    void close() {
        databases.forEach(l -> l.db().close());
    }

    List<Loaded> databases() {
        return databases;
    }

    Incident built(java.util.function.Predicate<Incident> which) {
        return built.incidents().stream().filter(which).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void freshDatabaseMigratesAndLoadsOnceThenNothingOnRestart(Loaded l) throws Exception {
        assertEquals(0, l.before());
        assertTrue(l.first().loaded());
        assertEquals(l.first().incidents(), l.incidents());
        assertEquals(dev.perimeter.TestData.datasetRecords(DataFiles.bundled()), l.sources(), "one source row per dataset record");
        assertTrue(l.contracts() > 500, "contracts: " + l.contracts());
        assertTrue(l.figures() >= 19);

        IncidentService.SyncResult again = new IncidentService(l.db(), DataFiles.bundled(), java.time.Clock.systemUTC()).syncShippedData();
        assertFalse(again.loaded());
        assertEquals(l.incidents(), count(l.db(), "SELECT COUNT(*) FROM incidents"));
        assertEquals(l.sources(), count(l.db(), "SELECT COUNT(*) FROM incident_sources"));
    }

    /** Issue 12's fields survive the database: scope, its basis, affected assets and contracts, the loss note. */
    @ParameterizedTest
    @MethodSource("databases")
    void scopeAssetsAndBasesRoundTrip(Loaded l) {
        IncidentService svc = new IncidentService(l.db(), DataFiles.bundled(), java.time.Clock.systemUTC());
        Incident built = built(i -> i.id().equals("2022-03-29-ronin-network"));
        Incident stored = svc.get(built.id()).orElseThrow();
        assertEquals(built.scope(), stored.scope());
        assertEquals(built.scopeBasis(), stored.scopeBasis());
        assertEquals(built.vectorBasis(), stored.vectorBasis());
        assertEquals(built.lossNote(), stored.lossNote());
        assertEquals(built.lossBasis(), stored.lossBasis());
        assertTrue(stored.reviewed());
        assertEquals(built.affectedAssets(), stored.affectedAssets());
        assertEquals(built.date(), stored.date());
        IncidentQueryStore.IndexRow row = svc.index().stream().filter(r -> r.id().equals(built.id())).findFirst().orElseThrow();
        assertEquals(built.scope().code, row.scope());
        assertEquals(built.affectedAssets(), row.affectedAssets());
        assertEquals(built.affectedContracts().size(), row.affectedContracts().size());
        // A reviewed asset with an address keeps it (BeautyChain's BEC token).
        Incident bec = built(i -> i.sources().stream().anyMatch(s -> s.key().equals("defihacklabs|2018-04-22|Beauty Chain")));
        assertEquals(bec.affectedAssets(), svc.get(bec.id()).orElseThrow().affectedAssets());
        assertNotNull(bec.affectedAssets().get(0).address());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void corruptDataFileFailsClearlyAndKeepsWhatWasStored(Loaded l) throws Exception {
        Path dir = dev.perimeter.TestData.copyBundledData();
        int before = count(l.db(), "SELECT COUNT(*) FROM incidents");
        assertEquals(l.incidents(), before);
        Files.writeString(dir.resolve("incidents/sok_bridge_hacks.csv"), "date,bridge,loss_usd,date_raw,dataset\nnot-a-date,X,1,x,y\n");
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> new IncidentService(l.db(), DataFiles.folder(dir), java.time.Clock.systemUTC()).syncShippedData());
        assertTrue(e.getMessage().contains("sok_bridge_hacks.csv: line 2"), e.getMessage());
        assertEquals(before, count(l.db(), "SELECT COUNT(*) FROM incidents"));
        assertEquals(l.sources(), count(l.db(), "SELECT COUNT(*) FROM incident_sources"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void queriesFilterBySemesterChainVectorAndText(Loaded l) {
        IncidentService store = new IncidentService(l.db(), DataFiles.bundled(), java.time.Clock.systemUTC());
        IncidentPage h1 = store.find(new IncidentQuery(null, null, "2026-H1", null, null, null, 500, 0));
        assertTrue(h1.total() > 0);
        for (Incident i : h1.items()) assertEquals("2026-H1", i.semester());
        IncidentPage infra = store.find(new IncidentQuery(null, "ethereum", null, Vector.INFRASTRUCTURE, null, null, 500, 0));
        for (Incident i : infra.items()) {
            assertEquals(Vector.INFRASTRUCTURE, i.vector());
            assertTrue(i.chains().contains("ethereum"), i.id());
        }
        IncidentPage text = store.find(new IncidentQuery("poly network", null, null, null, null, null, 10, 0));
        assertTrue(text.items().stream().anyMatch(i -> i.id().equals("2021-08-11-poly-network")));
        IncidentPage wild = store.find(new IncidentQuery("%", null, null, null, null, null, 10, 0));
        assertEquals(0, wild.total(), "% is a literal, not a wildcard");
        IncidentPage unverified = store.find(new IncidentQuery(null, null, null, null, false, null, 500, 0));
        assertTrue(unverified.items().stream().anyMatch(i -> i.id().equals("2026-04-18-kelpdao")));
        Incident poly = store.get("2021-08-11-poly-network").orElseThrow();
        assertEquals(List.of("defihacklabs", "sok", "defillama"), poly.sources().stream().map(SourceRecord::dataset).toList(),
                "DeFiHackLabs, the SoK list and DefiLlama each list the Poly Network exploit once (their review names all three)");
        assertTrue(store.get("no-such-id").isEmpty());
    }
}
