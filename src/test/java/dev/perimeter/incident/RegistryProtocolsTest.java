package dev.perimeter.incident;

import dev.perimeter.db.Database;
import dev.perimeter.db.TestDatabases;

import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** Registry protocols live in the same protocols table as incident protocols, so tokens and incidents join on one slug. */
class RegistryProtocolsTest {
    static List<TestDatabases.Target> targets() {
        return TestDatabases.all();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void everyRegistryProtocolIsInTheProtocolsTableAndSharedSlugsJoin(TestDatabases.Target t) {
        try (Database db = TestDatabases.open(t)) {
            IncidentService svc = new IncidentService(db, DataFiles.bundled(), java.time.Clock.systemUTC());
            IncidentService store = svc;
            IncidentWriteStore writes = new IncidentWriteStore(db, java.time.Clock.systemUTC());
            svc.syncShippedData();
            int added = svc.syncRegistryProtocols();
            assertTrue(added > 0);
            assertEquals(0, svc.syncRegistryProtocols(), "idempotent");
            Set<String> slugs = new TreeSet<>();
            for (Token tok : TokenRegistry.load(DataFiles.bundled()).all()) if (tok.protocol() != null) slugs.add(tok.protocol());
            for (String s : slugs) assertTrue(store.protocol(s).isPresent(), "protocols table lacks registry slug " + s);
            // Aave: tokens in the registry and incidents in the database under the same slug.
            assertFalse(store.find(new IncidentQuery(null, null, null, null, null, "aave", 10, 0)).items().isEmpty());
            assertEquals("lending", store.protocol("aave").orElseThrow().category(), "category filled from the registry");
            // Registry protocols survive a re-sync of the incident data (forced here with a new checksum).
            var loaded = dev.perimeter.incident.ShippedIncidents.load(DataFiles.bundled());
            assertTrue(writes.syncShipped("forced-resync", loaded.incidents(), loaded.published()));
            for (String s : slugs) assertTrue(store.protocol(s).isPresent(), "lost on re-sync: " + s);
        }
    }
}
