package dev.perimeter.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.sources.DefiLlamaFormat;
import dev.perimeter.sources.RevokeFormat;
import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** Identity, content and overlay of the rows of DefiLlama's and Revoke.cash's lists (shipped, fed or imported). */
class ExternalRecordsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path FEEDS = Path.of(System.getProperty("perimeter.root", ".")).resolve("src/test/resources/feeds");

    @Test
    void theShippedCsvAndTheEndpointShapeGiveTheSameRows() throws Exception {
        // defillama-sample.json holds four rows of the shipped CSV written back in the endpoint's shape.
        List<ExternalRecords.Row> shipped = ShippedIncidents.shippedDefiLlama(DataFiles.bundled());
        List<ExternalRecords.Row> fed = ExternalRecords.defiLlamaRows(
                DefiLlamaFormat.parse(Files.readAllBytes(FEEDS.resolve("defillama-sample.json")), JSON).rows(), h -> "test");
        assertEquals(4, fed.size());
        Map<String, String> byId = new HashMap<>();
        for (ExternalRecords.Row r : shipped) byId.put(r.id(), r.content());
        for (ExternalRecords.Row r : fed) assertEquals(byId.get(r.id()), r.content(), r.id() + ": same identity, same content");
        ExternalRecords.Diff d = ExternalRecords.diff(fed, shipped, Map.of());
        assertEquals(0, d.added().size());
        assertEquals(0, d.updated().size());
        assertEquals(4, d.unchanged());
    }

    @Test
    void identityIsDateAndDefiLlamaIdAndRepeatsAreNumbered() {
        List<ExternalRecords.Row> rows = ShippedIncidents.shippedDefiLlama(DataFiles.bundled());
        Set<String> ids = new TreeSet<>();
        for (ExternalRecords.Row r : rows) assertTrue(ids.add(r.id()), "unique: " + r.id());
        // Ronin Bridge: one DefiLlama id (4440), two hacks two years apart: two identities.
        assertTrue(ids.contains("2022-03-23|id:4440") && ids.contains("2024-08-06|id:4440"), ids.toString());
        // Merlin: the same id twice on one day in the file: the second is #2.
        assertTrue(ids.contains("2021-05-26|id:370") && ids.contains("2021-05-26|id:370#2"));
        // A row without an id is known by its normalised name.
        List<Csv.Row> csv = Csv.read(DataFiles.bundled().read(DatasetReaders.DEFILLAMA_FILE), "f", List.of());
        Csv.Row noId = csv.stream().filter(r -> r.get("defillama_id").isEmpty()).findFirst().orElseThrow();
        assertTrue(ids.contains(noId.get("date") + "|name:" + IncidentMerger.normalise(noId.get("name"))), noId.toString());
        // Both shipped files of the list are one dataset: the later dump's 2026 rows follow the first dump's rows.
        List<Csv.Row> q1 = Csv.read(DataFiles.bundled().read(DatasetReaders.DEFILLAMA_2026Q1_FILE), "f", List.of());
        assertEquals(28, q1.size());
        assertEquals(csv.size() + q1.size(), rows.size());
        assertTrue(ids.contains("2026-03-21|name:" + IncidentMerger.normalise("Resolv")), "a row of the 2026 dump (no id: its name)");
        assertTrue(rows.get(rows.size() - 1).origin().startsWith("Abhinav-Malik-154/nexus:data/defillama_hacks.json@"), "with its own source");
    }

    /**
     * The shipped 2026 dump has no DefiLlama ids; the endpoint gives them. A feed row of the same date and name with an id is
     * the same hack: it updates the shipped row (and keeps its key), never adds a second record of it.
     */
    @Test
    void aFeedRowWithAnIdUpdatesTheSameHackOfADumpWithoutIds() {
        List<ExternalRecords.Row> shipped = ShippedIncidents.shippedDefiLlama(DataFiles.bundled());
        ExternalRecords.Row resolv = shipped.stream().filter(r -> r.id().equals("2026-03-21|name:" + IncidentMerger.normalise("Resolv")))
                .findFirst().orElseThrow();
        DefiLlamaFormat.Hack h = DefiLlamaFormat.fromCanonical(resolv.content(), JSON);
        assertNull(h.defillamaId(), "the 2026 dump has no ids");
        // The same hack as the endpoint would give it, with an id; constructed here to test the mechanics, stored nowhere.
        DefiLlamaFormat.Hack withId = new DefiLlamaFormat.Hack(h.date(), h.name(), h.classification(), h.technique(), h.amountUsd(),
                h.chains(), h.bridgeHack(), h.targetType(), h.source(), h.returnedFundsUsd(), "999999", h.parentProtocolId(), null);
        List<ExternalRecords.Row> incoming = ExternalRecords.defiLlamaRows(List.of(withId), x -> "https://feed.example/hacks");
        assertEquals("2026-03-21|id:999999", incoming.get(0).id());
        ExternalRecords.Diff d = ExternalRecords.diff(incoming, shipped, Map.of());
        assertEquals(0, d.added().size(), "not a new hack");
        assertEquals(1, d.updated().size());
        assertEquals(resolv.id(), d.updated().get(0).id(), "it takes the shipped row's identity");
        List<SourceRecord> records = ExternalRecords.records(shipped, Map.of(resolv.id(), d.updated().get(0)));
        assertEquals(shipped.size(), records.size(), "one record of the hack");
        // Stored once, the same row again is unchanged.
        assertEquals(1, ExternalRecords.diff(incoming, shipped, Map.of(resolv.id(), d.updated().get(0))).unchanged());
        // A hack with an id that no row of that date and name holds stays new.
        DefiLlamaFormat.Hack other = new DefiLlamaFormat.Hack(h.date(), "Not Resolv", null, null, null, List.of(), false, null, null, null,
                "999998", null, null);
        assertEquals(1, ExternalRecords.diff(ExternalRecords.defiLlamaRows(List.of(other), x -> "f"), shipped, Map.of()).added().size());
    }

    @Test
    void aStoredRowUpdatesTheShippedRowOfItsIdentityAndKeepsItsKey() {
        List<ExternalRecords.Row> shipped = ShippedIncidents.shippedDefiLlama(DataFiles.bundled());
        ExternalRecords.Row ronin = shipped.stream().filter(r -> r.id().equals("2022-03-23|id:4440")).findFirst().orElseThrow();
        DefiLlamaFormat.Hack h = DefiLlamaFormat.fromCanonical(ronin.content(), JSON);
        // DefiLlama revises its rows (renames, amounts): the same hack renamed, with another amount. Constructed here to test
        // the mechanics; no such row is stored anywhere.
        DefiLlamaFormat.Hack revised = new DefiLlamaFormat.Hack(h.date(), h.name() + " (renamed)", h.classification(), h.technique(),
                h.amountUsd().add(BigDecimal.ONE), h.chains(), h.bridgeHack(), h.targetType(), h.source(), h.returnedFundsUsd(),
                h.defillamaId(), h.parentProtocolId(), null);
        List<ExternalRecords.Row> incoming = ExternalRecords.defiLlamaRows(List.of(revised), x -> "https://feed.example/hacks");
        assertEquals(ronin.id(), incoming.get(0).id(), "same date and DefiLlama id: the same hack");
        ExternalRecords.Diff d = ExternalRecords.diff(incoming, shipped, Map.of());
        assertEquals(1, d.updated().size());
        assertEquals(0, d.added().size());
        List<SourceRecord> records = ExternalRecords.records(shipped, Map.of(ronin.id(), incoming.get(0)));
        SourceRecord r = records.stream().filter(s -> s.key().equals("defillama|2022-03-23|Ronin Bridge")).findFirst().orElseThrow();
        assertEquals(h.name() + " (renamed)", r.name(), "the feed's values");
        assertEquals(0, h.amountUsd().add(BigDecimal.ONE).compareTo(r.lossUsd()));
        assertEquals("https://feed.example/hacks", r.datasetRef(), "and where they came from");
        assertEquals(shipped.size(), records.size(), "an update adds no record");
        // The same rows again change nothing.
        assertEquals(1, ExternalRecords.diff(incoming, shipped, Map.of(ronin.id(), incoming.get(0))).unchanged());
    }

    @Test
    void revokeRowsAreOnePerExploitAndTheRepositoryFileEqualsTheCsvCopy() throws Exception {
        List<ExternalRecords.Row> shipped = ShippedIncidents.shippedRevoke(DataFiles.bundled());
        assertEquals(Csv.read(DataFiles.bundled().read(DatasetReaders.REVOKE_EXPLOITS_FILE), "f", List.of()).size(), shipped.size());
        // revoke-ledger-4ff5176 is the file at the commit the shipped copy was made from (same content).
        var fed = RevokeFormat.parsePath(FEEDS.resolve("revoke-ledger-4ff5176"), JSON);
        assertTrue(fed.ok(), fed.problems().toString());
        ExternalRecords.Row row = ExternalRecords.revokeRows(fed.rows(), x -> "test").get(0);
        assertEquals(shipped.stream().filter(r -> r.id().equals("ledger-connect-kit")).findFirst().orElseThrow().content(), row.content());
        // The earlier version of the same file (d0b2666: $0.85M) is an update of that exploit.
        var older = RevokeFormat.parsePath(FEEDS.resolve("revoke-ledger-d0b2666"), JSON);
        ExternalRecords.Diff d = ExternalRecords.diff(ExternalRecords.revokeRows(older.rows(), x -> "test"), shipped, Map.of());
        assertEquals(List.of("ledger-connect-kit"), d.updated().stream().map(ExternalRecords.Row::id).toList());
    }

    /**
     * The drainer rule, worked out from each exploit's description in revoke_exploits.csv: these seven say the attackers
     * compromised the website, its DNS or a front-end library and had users approve the attackers' addresses. Every
     * other exploit's addresses are the protocol's own contracts.
     */
    @Test
    void frontEndAndSupplyChainExploitsAreDrainersTheRestExploited() {
        Set<String> drainers = new TreeSet<>();
        for (Csv.Row r : Csv.read(DataFiles.bundled().read(DatasetReaders.REVOKE_EXPLOITS_FILE), "f", List.of())) {
            String role = RevokeRoles.roleOf(r.get("name"), r.get("description"));
            if (role.equals(RevokeRoles.DRAINER)) drainers.add(r.get("slug"));
            else assertEquals(RevokeRoles.EXPLOITED, role);
        }
        assertEquals(new TreeSet<>(List.of("badger", "celer", "curve", "galxe", "ledger-connect-kit", "namecheap", "premint")), drainers);
        // And the records carry it on every address.
        for (ExternalRecords.Row r : ShippedIncidents.shippedRevoke(DataFiles.bundled())) {
            SourceRecord s = ExternalRecords.record(r, 2);
            String want = drainers.contains(r.id()) ? "drainer" : "exploited";
            assertFalse(s.contracts().isEmpty(), r.id());
            for (ContractRef c : s.contracts()) assertEquals(want, c.role(), r.id());
        }
    }

    @Test
    void chainIdsPerimeterDoesNotKnowAreKeptUnmatched() {
        ExternalRecords.Row lifi = ShippedIncidents.shippedRevoke(DataFiles.bundled()).stream().filter(r -> r.id().equals("lifi-2024"))
                .findFirst().orElseThrow();
        SourceRecord s = ExternalRecords.record(lifi, 2);
        List<String> chains = new ArrayList<>();
        s.contracts().forEach(c -> chains.add(c.chain()));
        // From the CSV: chain id 122 (Fuse) and 288 (Boba) are not chains Perimeter records; zkSync (324) and Linea (59144) are.
        assertTrue(chains.contains("chain-122") && chains.contains("chain-288"), chains.toString());
        assertTrue(chains.contains("zksync") && chains.contains("linea") && chains.contains("ethereum"), chains.toString());
        assertTrue(s.chains().contains("other") && s.chains().contains("ethereum"), "the record's chains: known ones and other");
    }
}
