package dev.perimeter.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perimeter.HandClock;
import dev.perimeter.TestFiles;
import dev.perimeter.db.Database;
import dev.perimeter.db.TestDatabases;
import dev.perimeter.incident.Incident;
import dev.perimeter.incident.IncidentService;
import dev.perimeter.incident.Reviews;
import dev.perimeter.incident.SourceRecord;
import dev.perimeter.sources.Parsed;
import dev.perimeter.sources.Problem;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * import-incidents --format defillama|revoke on real rows: whole input validated first, idempotent, through the merge and
 * review rules. The reduced copy of data/ is made and loaded into an H2 database once for the class; each test on H2
 * starts from its own copy of that database file (loading the shipped data is most of this class's work). Time comes
 * from a clock fixed at {@link dev.perimeter.TestApp#TEST_START}.
 */
class FeedImportTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Clock CLOCK = new HandClock();
    static FeedFixtures.Reduced data;
    /** The H2 database file holding the reduced data, loaded once; never opened by a test. */
    static Path loadedH2;

    @BeforeAll
    static void loadOnce() throws Exception {
        data = FeedFixtures.reducedData();
        TestDatabases.Target t = TestDatabases.h2();
        try (Database db = TestDatabases.open(t)) {
            assertTrue(new IncidentService(db, DataFiles.folder(data.dir()), CLOCK).syncShippedData().loaded());
        }
        loadedH2 = Path.of(t.url().substring("jdbc:h2:file:".length()) + ".mv.db");
        assertTrue(Files.isRegularFile(loadedH2), loadedH2.toString());
    }

    /** A database with the reduced data loaded: a copy of the loaded H2 file, or on another target a load of its own. */
    static Database loaded(TestDatabases.Target t) {
        if (!t.name().equals("h2")) {
            Database db = TestDatabases.open(t);
            new IncidentService(db, DataFiles.folder(data.dir()), CLOCK).syncShippedData();
            return db;
        }
        Path dir = TestFiles.tempDir("perimeter-test-h2");
        try {
            Files.copy(loadedH2, dir.resolve("db.mv.db"), StandardCopyOption.COPY_ATTRIBUTES);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return TestDatabases.open(new TestDatabases.Target("h2", "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), t.user(), t.password()));
    }

    /** The reduced data in a folder of the test's own, for a test that changes a shipped file. */
    static Path ownCopy() throws Exception {
        Path dst = TestFiles.tempDir("perimeter-data");
        try (var walk = Files.walk(data.dir())) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = dst.resolve(data.dir().relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return dst;
    }

    static int count(Database db, String sql) throws Exception {
        try (Connection c = db.connection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static IncidentService.Counts only(IncidentService.Applied a) {
        assertEquals(1, a.counts().size(), a.toString());
        return a.counts().get(0);
    }

    static List<TestDatabases.Target> targets() {
        return TestDatabases.all();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("targets")
    void defiLlamaRowsAreAddedOnceMergeWithTheirTwinsAndSurviveTheStartUpSync(TestDatabases.Target t) throws Exception {
        Path dir = ownCopy();
        try (Database db = loaded(t)) {
            IncidentService svc = new IncidentService(db, DataFiles.folder(dir), CLOCK);
            assertFalse(svc.syncShippedData().loaded(), "the same data is loaded already");
            int before = count(db, "SELECT COUNT(*) FROM incidents");
            Parsed<dev.perimeter.incident.ExternalRecords.Row> rows = FeedImport.read(FeedImport.Format.DEFILLAMA, FeedFixtures.LLAMA_H2);
            assertTrue(rows.ok(), rows.problems().toString());
            IncidentService.Counts first = only(FeedImport.apply(svc, rows));
            assertEquals(data.removedLlama().size(), first.added());
            assertEquals(data.keptLlamaH2(), first.unchanged());
            int after = count(db, "SELECT COUNT(*) FROM incidents");
            assertTrue(after > before && after < before + first.added(), "some rows are new incidents, others joined their twins");
            // SuperRare's DefiLlama row joined the DeFiHackLabs incident of that day: no duplicate.
            Incident superRare = svc.get("2025-07-28-superrare").orElseThrow();
            assertEquals(List.of("defihacklabs", "defillama"), superRare.sources().stream().map(SourceRecord::dataset).toList());
            assertEquals("file defillama-2025-h2.json", superRare.sources().get(1).datasetRef(), "the import names its file");

            IncidentService.Counts again = only(FeedImport.apply(svc, rows));
            assertEquals(0, again.added() + again.updated());
            assertEquals(rows.rows().size(), again.unchanged());
            assertEquals(after, count(db, "SELECT COUNT(*) FROM incidents"));

            // A restart loads nothing; a changed shipped file reloads the shipped data and keeps the imported rows.
            assertFalse(new IncidentService(db, DataFiles.folder(dir), CLOCK).syncShippedData().loaded());
            Path sok = dir.resolve("incidents/sok_bridge_hacks.csv");
            Files.writeString(sok, Files.readString(sok) + "2019-01-01,Zeta Test Bridge,1000,01/01/2019,test\n");
            assertTrue(new IncidentService(db, DataFiles.folder(dir), CLOCK).syncShippedData().loaded());
            assertEquals(after + 1, count(db, "SELECT COUNT(*) FROM incidents"));
            assertEquals(2, svc.get("2025-07-28-superrare").orElseThrow().sources().size(), "the imported row survived the sync");
        }
    }

    @Test
    void revokeFolderAndSingleFileImportAddThenUpdate() throws Exception {
        try (Database db = loaded(TestDatabases.h2())) {
            IncidentService svc = new IncidentService(db, DataFiles.folder(data.dir()), CLOCK);
            Parsed<dev.perimeter.incident.ExternalRecords.Row> folder = FeedImport.read(FeedImport.Format.REVOKE,
                    FeedFixtures.FEEDS.resolve("revoke-ledger-d0b2666"));
            IncidentService.Applied added = FeedImport.apply(svc, folder);
            assertEquals(1, only(added).added());
            JsonNode file = JSON.readTree(Files.readAllBytes(FeedFixtures.FEEDS.resolve("revoke-ledger-d0b2666/exploits/ledger-connect-kit.json")));
            assertEquals(file.get("addresses").size(), count(db, "SELECT COUNT(*) FROM incident_contracts WHERE role = 'drainer'"
                    + " AND source LIKE 'revoke:file revoke-ledger-d0b2666/%'"), "every address, each as a drainer");
            // One exploit file (the later version of the same exploit, as the repository has it at 4ff5176): an update.
            Parsed<dev.perimeter.incident.ExternalRecords.Row> one = FeedImport.read(FeedImport.Format.REVOKE,
                    FeedFixtures.FEEDS.resolve("revoke-ledger-4ff5176/exploits/ledger-connect-kit.json"));
            IncidentService.Applied updated = FeedImport.apply(svc, one);
            assertEquals(1, only(updated).updated());
            assertEquals(1, updated.changedLosses().size(), updated.toString());
            IncidentService.Counts again = only(FeedImport.apply(svc, one)); // the same file again: nothing changes
            assertEquals(0, again.updated() + again.added());
        }
    }

    /** A review's loss, vector and scope are not overwritten by a feed's values for the same hack (Ronin, 2022: in the reduced data too). */
    @Test
    void reviewedValuesWinOverFeedValues() throws Exception {
        try (Database db = loaded(TestDatabases.h2())) {
            IncidentService svc = new IncidentService(db, DataFiles.folder(data.dir()), CLOCK);
            Reviews.Review ronin = Reviews.parse(DataFiles.bundled().read(Reviews.FILE), Reviews.FILE).all().stream()
                    .filter(r -> r.records().contains("defillama|2022-03-23|Ronin Bridge")).findFirst().orElseThrow();
            // DefiLlama's Ronin row as the endpoint serves it (defillama-sample.json), with another amount and technique:
            // a revision constructed here to test that the review still decides.
            ArrayNode sample = (ArrayNode) JSON.readTree(Files.readAllBytes(FeedFixtures.FEEDS.resolve("defillama-sample.json")));
            ObjectNode row = null;
            for (JsonNode n : sample) if (n.get("name").asText().equals("Ronin Bridge") && n.get("amount").asLong() > 100_000_000L) row = (ObjectNode) n;
            assertNotNull(row);
            row.put("amount", 1.0);
            row.put("technique", "Flashloan Price Oracle Attack");
            ArrayNode one = JSON.createArrayNode().add(row);
            IncidentService.Applied a = FeedImport.apply(svc, FeedImport.defiLlama(JSON.writeValueAsBytes(one), "file revised.json"));
            assertEquals(1, only(a).updated());
            Incident i = svc.find(new dev.perimeter.incident.IncidentQuery("ronin", null, "2022-H1", null, null, null, 10, 0)).items().stream()
                    .findFirst().flatMap(x -> svc.get(x.id())).orElseThrow();
            assertTrue(i.reviewed());
            assertEquals(0, ronin.lossUsd().compareTo(i.lossUsd()), "the reviewed loss, not the feed's $1");
            assertEquals(ronin.vector(), i.vector());
            assertEquals(ronin.scope(), i.scope());
            assertTrue(i.sources().stream().anyMatch(s -> s.dataset().equals("defillama") && "file revised.json".equals(s.datasetRef())),
                    "the feed's row is there, as one more source");
            assertEquals(List.of(), a.changedLosses());
        }
    }

    @Test
    void badInputListsEveryProblemWithItsPosition(@TempDir Path dir) throws Exception {
        Path notJson = dir.resolve("hacks.json");
        Files.writeString(notJson, "<html>rate limited</html>");
        Parsed<?> p = FeedImport.read(FeedImport.Format.DEFILLAMA, notJson);
        assertFalse(p.ok());
        assertTrue(p.problems().get(0).message().startsWith("not JSON"), p.problems().toString());

        Path types = dir.resolve("types.json");
        Files.writeString(types, "[{\"date\":\"2025-01-01\",\"name\":\"A\",\"amount\":1},{\"date\":1735689600,\"name\":\"B\",\"amount\":\"lots\"},"
                + "{\"date\":1735689600,\"name\":\"C\",\"chain\":[\"Ethereum\"],\"amount\":2}]");
        Parsed<?> t = FeedImport.read(FeedImport.Format.DEFILLAMA, types);
        assertEquals(List.of("item 1 (A)", "item 2 (B)"), t.problems().stream().map(Problem::position).toList(), t.problems().toString());
        assertTrue(t.rows().isEmpty(), "nothing of a file with problems is applied");

        Path revoke = dir.resolve("revoke");
        Files.createDirectories(revoke.resolve("exploits"));
        Files.writeString(revoke.resolve("index.json"), "[\"bad-date\", \"bad-address\", \"far-chain\"]");
        Files.writeString(revoke.resolve("exploits/bad-date.json"), "{\"name\":\"X\",\"date\":\"16 July 2024\",\"addresses\":[]}");
        Files.writeString(revoke.resolve("exploits/bad-address.json"), "{\"name\":\"Y\",\"date\":\"2024-07-16\","
                + "\"addresses\":[{\"chainId\":1,\"address\":\"0x1231DEB6f5749EF6cE6943a275A1D3E7486F4E\"}]}");
        // A chain id Perimeter does not know is no problem: the row is kept with its id, never matched.
        Files.writeString(revoke.resolve("exploits/far-chain.json"), "{\"name\":\"Z\",\"date\":\"2024-07-16\","
                + "\"addresses\":[{\"chainId\":424242,\"address\":\"0x1231DEB6f5749EF6cE6943a275A1D3E7486F4EaE\"}]}");
        Parsed<?> r = FeedImport.read(FeedImport.Format.REVOKE, revoke);
        assertEquals(List.of("exploits/bad-date.json", "exploits/bad-address.json addresses[0]"),
                r.problems().stream().map(Problem::position).toList(), r.problems().toString());
        assertTrue(r.problems().get(1).message().contains("20 bytes"));

        Files.delete(revoke.resolve("exploits/bad-date.json"));
        Files.delete(revoke.resolve("exploits/bad-address.json"));
        Files.writeString(revoke.resolve("index.json"), "[\"far-chain\"]");
        Parsed<dev.perimeter.incident.ExternalRecords.Row> far = FeedImport.read(FeedImport.Format.REVOKE, revoke);
        assertTrue(far.ok(), far.problems().toString());
        SourceRecord rec = dev.perimeter.incident.ExternalRecords.record(far.rows().get(0), 2);
        assertEquals("chain-424242", rec.contracts().get(0).chain());
        assertEquals(List.of("other"), rec.chains());
    }
}
