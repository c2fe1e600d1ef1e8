package dev.perimeter.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class FormatsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path FEEDS = Path.of(System.getProperty("perimeter.root", ".")).resolve("src/test/resources/feeds");

    @Test
    void defiLlamaRowsAreReadAsTheFileSays() throws Exception {
        byte[] b = Files.readAllBytes(FEEDS.resolve("defillama-sample.json"));
        Parsed<DefiLlamaFormat.Hack> p = DefiLlamaFormat.parse(b, JSON);
        assertTrue(p.ok(), p.problems().toString());
        JsonNode raw = JSON.readTree(b);
        assertEquals(raw.size(), p.rows().size());
        for (int i = 0; i < raw.size(); i++) {
            JsonNode r = raw.get(i);
            DefiLlamaFormat.Hack h = p.rows().get(i);
            assertEquals(r.get("name").asText(), h.name());
            assertEquals(Instant.ofEpochSecond(r.get("date").asLong()).atZone(ZoneOffset.UTC).toLocalDate(), h.date());
            if (r.get("amount").isNull()) assertNull(h.amountUsd());
            else assertEquals(0, r.get("amount").decimalValue().compareTo(h.amountUsd()));
            assertEquals(r.get("bridgeHack").asBoolean(), h.bridgeHack());
        }
        DefiLlamaFormat.Hack bybit = p.rows().stream().filter(h -> h.name().equals("Bybit")).findFirst().orElseThrow();
        assertEquals(List.of("ethereum"), bybit.chains(), "DefiLlama's 'Ethereum' is Perimeter's ethereum");
    }

    @Test
    void badDefiLlamaInputListsEveryProblemWithItsPosition() {
        String bad = "[{\"date\":\"yesterday\",\"name\":\"A\",\"amount\":1},{\"date\":1700000000,\"name\":\"B\",\"amount\":\"lots\"},"
                + "{\"date\":1700000000,\"amount\":5},{\"date\":1700000000,\"name\":\"C\",\"chain\":\"Ethereum\"},"
                + "{\"date\":1700000000,\"name\":\"Good\",\"amount\":5,\"chain\":[\"BSC\",\"Solana\"]}]";
        Parsed<DefiLlamaFormat.Hack> p = DefiLlamaFormat.parse(bad.getBytes(StandardCharsets.UTF_8), JSON);
        assertEquals(4, p.problems().size(), p.problems().toString());
        assertTrue(p.problems().get(0).position().startsWith("item 1"));
        assertTrue(p.problems().get(0).message().contains("date"));
        assertTrue(p.problems().get(1).message().contains("amount"));
        assertTrue(p.problems().get(2).message().contains("name"));
        assertTrue(p.problems().get(3).message().contains("chain"));
        assertEquals(List.of("bsc", "solana"), p.rows().get(0).chains());
        assertFalse(DefiLlamaFormat.parse("{not json".getBytes(StandardCharsets.UTF_8), JSON).ok());
        assertFalse(DefiLlamaFormat.parse("{\"a\":1}".getBytes(StandardCharsets.UTF_8), JSON).ok(), "an object is not the array");
    }

    @Test
    void revokeFolderIsReadWithEveryAddressAndItsChain() throws Exception {
        Parsed<RevokeFormat.Exploit> p = RevokeFormat.parsePath(FEEDS.resolve("revoke"), JSON);
        assertTrue(p.ok(), p.problems().toString());
        JsonNode index = JSON.readTree(Files.readAllBytes(FEEDS.resolve("revoke/index.json")));
        assertEquals(index.size(), p.rows().size());
        for (RevokeFormat.Exploit e : p.rows()) {
            JsonNode file = JSON.readTree(Files.readAllBytes(FEEDS.resolve("revoke/exploits/" + e.slug() + ".json")));
            assertEquals(file.get("name").asText(), e.name());
            assertEquals(0, file.get("amount").decimalValue().movePointRight(6).compareTo(e.amountUsd()), "amount is in millions");
            assertEquals(file.get("addresses").size(), e.contracts().size());
            for (int i = 0; i < e.contracts().size(); i++) {
                JsonNode a = file.get("addresses").get(i);
                RevokeFormat.Contract c = e.contracts().get(i);
                assertEquals(a.get("address").asText().toLowerCase(Locale.ROOT), c.address());
                assertEquals(a.get("chainId").asLong(), c.chainId());
                assertEquals(ExternalChains.fromChainId(c.chainId()).orElse(null), c.chain(), "unknown chain ids are kept, unmatched");
            }
        }
        RevokeFormat.Exploit lifi = p.rows().stream().filter(e -> e.slug().equals("lifi-2024")).findFirst().orElseThrow();
        Set<String> chains = new HashSet<>();
        lifi.contracts().forEach(c -> chains.add(c.chain()));
        assertTrue(chains.containsAll(List.of("ethereum", "arbitrum", "optimism", "base", "polygon", "bsc", "avalanche")));
        assertTrue(chains.contains(null), "zkSync, Linea, ... are kept without a Perimeter chain");
        assertEquals(new BigDecimal("8000000"), lifi.amountUsd());
    }

    @Test
    void badRevokeInputListsEveryProblem(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("index.json"), "[\"one\", \"two\", \"three\"]");
        Files.createDirectories(dir.resolve("exploits"));
        Files.writeString(dir.resolve("exploits/one.json"), "{\"name\":\"One\",\"date\":\"2024-13-45\",\"addresses\":[]}");
        Files.writeString(dir.resolve("exploits/two.json"), "{\"name\":\"Two\",\"date\":\"2024-01-02\",\"amount\":1,"
                + "\"addresses\":[{\"chainId\":1,\"address\":\"0x1234\"},{\"chainId\":\"one\",\"address\":\"0x1231DEB6f5749EF6cE6943a275A1D3E7486F4EaE\"}]}");
        Parsed<RevokeFormat.Exploit> p = RevokeFormat.parsePath(dir, JSON);
        assertEquals(4, p.problems().size(), p.problems().toString());
        assertTrue(p.problems().stream().anyMatch(x -> x.position().equals("exploits/one.json") && x.message().contains("not a date")));
        assertTrue(p.problems().stream().anyMatch(x -> x.position().equals("exploits/two.json addresses[0]") && x.message().contains("20 bytes")));
        assertTrue(p.problems().stream().anyMatch(x -> x.position().equals("exploits/two.json addresses[1]") && x.message().contains("chainId")));
        assertTrue(p.problems().stream().anyMatch(x -> x.position().equals("exploits/three.json") && x.message().contains("missing")));
    }

    /** The shipped CSV copies read as the feeds do: every row, no problem; the exploits' "fixed" flag kept. */
    @Test
    void theShippedCsvCopiesReadWithoutProblems() {
        dev.perimeter.util.DataFiles f = dev.perimeter.util.DataFiles.bundled();
        byte[] llama = f.read("incidents/defillama_hacks.csv");
        Parsed<DefiLlamaFormat.Hack> p = DefiLlamaFormat.parseCsv(llama, "defillama_hacks.csv");
        assertTrue(p.ok(), p.problems().toString());
        assertEquals(dev.perimeter.util.Csv.read(llama, "f", List.of()).size(), p.rows().size());
        byte[] addresses = f.read("incidents/revoke_approval_exploits.csv"), exploits = f.read("incidents/revoke_exploits.csv");
        Parsed<RevokeFormat.Exploit> r = RevokeFormat.parseCsv(addresses, "a.csv", exploits, "e.csv");
        assertTrue(r.ok(), r.problems().toString());
        assertEquals(dev.perimeter.util.Csv.read(exploits, "f", List.of()).size(), r.rows().size());
        assertEquals(dev.perimeter.util.Csv.read(addresses, "f", List.of()).size(), r.rows().stream().mapToInt(x -> x.contracts().size()).sum());
        long fixedRows = dev.perimeter.util.Csv.read(exploits, "f", List.of()).stream().filter(x -> x.get("fixed").equals("true")).count();
        assertEquals(fixedRows, r.rows().stream().filter(RevokeFormat.Exploit::fixed).count());
        assertTrue(fixedRows > 0);
        // A CSV row that is not valid is a problem with its line, as in the JSON.
        Parsed<DefiLlamaFormat.Hack> bad = DefiLlamaFormat.parseCsv(("date,name,amount_usd,chains,classification,technique,bridge_hack,"
                + "target_type,returned_funds,defillama_id,parent_protocol_id,evidence_url,source\n2025-13-01,X,1,,,,false,,,,,,s\n")
                .getBytes(StandardCharsets.UTF_8), "x.csv");
        assertEquals("x.csv line 2", bad.problems().get(0).position());
    }
}
