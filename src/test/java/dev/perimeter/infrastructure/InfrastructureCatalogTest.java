package dev.perimeter.infrastructure;

import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The shipped infrastructure files, their integrity, and which registry tokens depend on which row. No database. */
public class InfrastructureCatalogTest {
    static TokenRegistry registry;
    static InfrastructureData data;
    static InfrastructureCatalog catalog;

    @BeforeAll
    static void load() {
        registry = TokenRegistry.load(DataFiles.bundled());
        data = InfrastructureData.load(DataFiles.bundled());
        // Incident links are resolved against the database elsewhere (InfrastructureServiceTest); here each resolves to a fake id.
        catalog = InfrastructureCatalog.build(data, l -> List.of("fake-" + l.line()), registry);
    }

    /** Records in a shipped data file, counted from the file itself (never a number copied from today's output). */
    public static int rowsOf(String file) {
        byte[] b = dev.perimeter.util.DataFiles.bundled().read(file);
        try (com.fasterxml.jackson.databind.MappingIterator<java.util.Map<String, String>> it = new com.fasterxml.jackson.dataformat.csv.CsvMapper()
                .readerFor(java.util.Map.class).with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader()).readValues(b)) {
            return it.readAll().size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Token token(String chain, String address) {
        return registry.find(chain, address).orElseThrow(() -> new AssertionError("not in the registry: " + chain + " " + address));
    }

    @Test
    void everyRowHasASourceAndEveryReferencePointsAtAnExistingRow() {
        assertEquals(rowsOf("infrastructure/infrastructure.csv"), data.rows().size());
        Set<String> slugs = new HashSet<>();
        for (Infrastructure i : data.rows()) {
            assertTrue(slugs.add(i.slug()), "duplicate " + i.slug());
            assertFalse(i.sources().isEmpty(), i.slug() + " has no source");
            for (String s : i.sources()) assertFalse(s.isBlank(), i.slug());
            for (Infrastructure.Risk r : i.risks()) assertEquals(r.level() == null, r.reason() == null, i.slug() + ": level and reason go together");
        }
        for (InfrastructureData.ContractRow c : data.contracts()) {
            assertTrue(slugs.contains(c.infrastructure()), "contracts.csv line " + c.line());
            assertTrue(c.contract().address().matches("0x[0-9a-f]{40}"), "contracts.csv line " + c.line() + ": lowercase");
        }
        assertEquals(rowsOf("infrastructure/incident-links.csv"), data.links().size());
        for (IncidentLink l : data.links()) assertTrue(slugs.contains(l.infrastructure()), "incident-links.csv line " + l.line());
        assertFalse(data.rules().isEmpty());
        for (TokenRule r : data.rules()) {
            for (String s : r.infrastructure()) assertTrue(slugs.contains(s), "token-rules.csv line " + r.line() + ": " + s);
            assertFalse(r.reason().isBlank(), r.id());
            assertFalse(r.source().isBlank(), r.id());
            assertTrue(registry.all().stream().anyMatch(r::matches), "rule " + r.id() + " (line " + r.line() + ") matches no registry token");
        }
        assertEquals(rowsOf("infrastructure/contracts.csv"), catalog.all().stream().mapToInt(i -> i.contracts().size()).sum());
    }

    @Test
    void bridgedAndWrappedTokensNameTheirInfrastructureInOrder() {
        // Wormhole (Portal) WBTC on Polygon: the Portal bridge, the guardian network, then WBTC's custodians (its origin).
        assertEquals(List.of("wormhole-portal", "wormhole", "wbtc-custody"),
                catalog.forToken(token("polygon", "0x5d49c278340655b56609fdf8976eb0612af3a0c3")));
        // DAI on Arbitrum, minted by the Arbitrum gateways; DAI itself has no infrastructure row.
        assertEquals(List.of("arbitrum-canonical-bridge"), catalog.forToken(token("arbitrum", "0xda10009cbd5d07dd0cecc66161fc93d7c9000da1")));
        // Bridged USDC.e on Arbitrum: the canonical bridge, then Circle behind the USDC it represents.
        assertEquals(List.of("arbitrum-canonical-bridge", "circle-usdc"),
                catalog.forToken(token("arbitrum", "0xff970a61a04b1ca14834a43f5de4533ebddb5cc8")));
        assertEquals(List.of("base-canonical-bridge", "circle-usdc"), catalog.forToken(token("base", "0xd9aaec86b65d86f6a7b5b1b0c42ffa531710b6ca")));
        // Native USDC: Circle only.
        assertEquals(List.of("circle-usdc"), catalog.forToken(token("ethereum", "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48")));
        assertEquals(List.of("circle-usdc"), catalog.forToken(token("arbitrum", "0xaf88d065e77c8cc2239327c5edb3a432268e5831")));
        assertEquals(List.of("tether-usdt"), catalog.forToken(token("ethereum", "0xdac17f958d2ee523a2206206994597c13d831ec7")));
        assertEquals(List.of("wbtc-custody"), catalog.forToken(token("ethereum", "0x2260fac5e5542a773aa44fbcfedf7c193bc2c599")));
        assertEquals(List.of("lido"), catalog.forToken(token("ethereum", "0xae7ab96520de3a18e5e111b5eaab095312d7fe84")));
        assertEquals(List.of("lido"), catalog.forToken(token("ethereum", "0x7f39c581f595b53c5cb19bd0b3f8da6c935e2ca0")));
        assertEquals(List.of("optimism-canonical-bridge", "lido"), catalog.forToken(token("optimism", "0x1f32b1c2345538c0c6f582fcb022739c4a194ebb")));
        // rsETH: on Ethereum it rests on EigenLayer; the Arbitrum OFT adds LayerZero and KelpDAO's cross-chain setup first.
        assertEquals(List.of("eigenlayer"), catalog.forToken(token("ethereum", "0xa1290d69c65a6fe4df752f95823fae25cb99e5a7")));
        assertEquals(List.of("layerzero", "kelpdao-rseth-cross-chain", "eigenlayer"),
                catalog.forToken(token("arbitrum", "0x4186bfc76e2e237523cbc30fd220fe055156b41f")));
        assertEquals(List.of("kelpdao-rseth-cross-chain", "eigenlayer"), catalog.forToken(token("base", "0xedfa23602d0ec14714057867a78d01e94176bea0")));
        // Multichain's token on Ethereum and on BSC.
        assertEquals(List.of("multichain"), catalog.forToken(token("ethereum", "0x65ef703f5594d2573eb71aaf55bc0cb548492df4")));
        assertEquals(List.of("multichain"), catalog.forToken(token("bsc", "0x9fb9a33956351cf4fa040f65a13b835a3c8764e3")));
        // A plain token depends on nothing.
        assertEquals(List.of(), catalog.forToken(token("ethereum", "0x6b175474e89094c44da98b954eedeac495271d0f")));
    }

    @Test
    void receiptTokensInheritFromTheirUnderlyingButDebtTokensDoNot() {
        Token aEthUsdc = token("ethereum", "0x98c23e9d8f34fefb1b7bd6a91b7ff122f4e16f5c");
        List<TokenLink> links = catalog.explain(aEthUsdc);
        assertEquals(List.of("circle-usdc"), links.stream().map(TokenLink::infrastructure).toList());
        assertEquals("circle-usdc-ethereum", links.get(0).rule().id());
        assertTrue(links.get(0).via().contains("underlying USDC (ethereum)"), links.get(0).via());
        Token debt = registry.all().stream()
                .filter(t -> t.kind().equals("debt") && "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48".equals(t.underlying()))
                .findFirst().orElseThrow();
        assertEquals(List.of(), catalog.forToken(debt));
    }

    @Test
    void tokensOfAndByContractAnswerTheReverseQuestions() {
        List<Token> portal = catalog.tokensOf("wormhole-portal");
        long bridged = registry.all().stream().filter(t -> "wormhole".equals(t.bridge())).count();
        assertTrue(portal.size() >= bridged, portal.size() + " < " + bridged);
        assertTrue(portal.stream().anyMatch(t -> t.address().equals("0x5d49c278340655b56609fdf8976eb0612af3a0c3")));
        for (Token t : portal) assertTrue(catalog.forToken(t).contains("wormhole-portal"), t.toString());
        assertTrue(catalog.tokensOf("circle-usdc").stream().anyMatch(t -> t.chain().equals("base") && t.symbol().equals("USDC")));
        assertEquals(List.of(), catalog.tokensOf("no-such-row"));

        assertEquals("optimism-canonical-bridge", catalog.byContract("ethereum", "0xbeb5fc579115071764c7423a4f12edde41f106ed").orElseThrow());
        assertEquals("optimism-canonical-bridge", catalog.byContract("ethereum", "0xbEb5Fc579115071764c7423A4f12eDde41f106Ed").orElseThrow());
        assertEquals("kelpdao-rseth-cross-chain", catalog.byContract("ethereum", "0x85d456b2dff1fd8245387c0bfb64dfb700e98ef3").orElseThrow());
        assertTrue(catalog.byContract("polygon", "0xbeb5fc579115071764c7423a4f12edde41f106ed").isEmpty(), "chain matters");

        Infrastructure ronin = catalog.get("ronin-bridge").orElseThrow();
        assertTrue(ronin.exploited());
        assertEquals(2, ronin.badCount());
        assertFalse(ronin.contracts().isEmpty());
        assertTrue(catalog.get("nomad").orElseThrow().archived());
        assertFalse(catalog.get("lido").orElseThrow().exploited());
        assertTrue(catalog.get("lido").orElseThrow().validatedBy().level() == null);
        assertTrue(catalog.get("nope").isEmpty());
    }

    @Test
    void aTokenOutsideTheRegistryIsResolvedByTheSameRules() {
        // e.g. a Portal-wrapped token the registry does not list: the bridge rule still applies.
        Token unlisted = new Token("bsc", "0x1111111111111111111111111111111111111111", "XYZ", "XYZ (Portal)", 18, "wrapped", null, null,
                "wormhole", null, null, "test");
        assertEquals(List.of("wormhole-portal", "wormhole"), catalog.forToken(unlisted));
        assertEquals(List.of(), catalog.forToken(new Token("bsc", "0x2222222222222222222222222222222222222222", "P", "P", 18, "plain",
                null, null, null, null, null, "test")));
    }

    @Test
    void aLinkThatResolvesToNoIncidentFailsNamingFileAndLine() {
        IncidentLink ronin = data.links().get(0);
        Csv.CsvException e = assertThrows(Csv.CsvException.class,
                () -> InfrastructureCatalog.build(data, l -> l == ronin ? List.of() : List.of("x"), registry));
        assertTrue(e.getMessage().contains("infrastructure/incident-links.csv: line " + ronin.line()), e.getMessage());
        assertTrue(e.getMessage().contains("'Ronin'"), e.getMessage());
    }

    @Test
    void brokenRuleFilesFailNamingFileAndLine() throws Exception {
        Path dir = copyData();
        Path rules = dir.resolve("infrastructure/token-rules.csv");
        String original = Files.readString(rules);
        int lastLine = (int) original.lines().count() + 1;

        Files.writeString(rules, original + "x-rule,bridge,wormhole,,no-such-row,reason,source\n");
        Csv.CsvException missing = assertThrows(Csv.CsvException.class, () -> InfrastructureData.load(DataFiles.folder(dir)));
        assertTrue(missing.getMessage().contains("infrastructure/token-rules.csv: line " + lastLine), missing.getMessage());
        assertTrue(missing.getMessage().contains("no-such-row"), missing.getMessage());

        Files.writeString(rules, original + "y-rule,address,0x1111111111111111111111111111111111111111,ethereum,lido,reason,source\n");
        InfrastructureData bad = InfrastructureData.load(DataFiles.folder(dir));
        Csv.CsvException notInRegistry = assertThrows(Csv.CsvException.class,
                () -> InfrastructureCatalog.build(bad, l -> List.of("x"), registry));
        assertTrue(notInRegistry.getMessage().contains("token-rules.csv: line " + lastLine), notInRegistry.getMessage());

        Files.writeString(rules, original + "z-rule,colour,red,,lido,reason,source\n");
        assertThrows(Csv.CsvException.class, () -> InfrastructureData.load(DataFiles.folder(dir)));

        Files.writeString(rules, original);
        Path contracts = dir.resolve("infrastructure/contracts.csv");
        String before = Files.readString(contracts);
        long appendedLine = before.lines().count() + 1;
        Files.writeString(contracts, before + "no-such-row,ethereum,0x1111111111111111111111111111111111111111,escrow,src\n");
        Csv.CsvException contract = assertThrows(Csv.CsvException.class, () -> InfrastructureData.load(DataFiles.folder(dir)));
        assertTrue(contract.getMessage().contains("infrastructure/contracts.csv: line " + appendedLine), contract.getMessage());
    }

    @Test
    void ruleFieldsMatchAsDocumented() {
        TokenRule symbol = new TokenRule("s", "symbol", "WBTC", "polygon", List.of("wbtc-custody"), "r", "s", 2);
        TokenRule origin = new TokenRule("o", "origin_address", "0x2260fac5e5542a773aa44fbcfedf7c193bc2c599", null, List.of("wbtc-custody"),
                "r", "s", 3);
        Token polygonWbtc = token("polygon", "0x1bfd67037b42cf73acf2047067bd4f2c47d9bfd6");
        Token arbitrumWbtc = token("arbitrum", "0x2f2a2543b76a4166549f7aab2e75bef0aefc5b0f");
        assertTrue(symbol.matches(polygonWbtc));
        assertFalse(symbol.matches(arbitrumWbtc), "the chain column restricts the rule");
        assertTrue(origin.matches(arbitrumWbtc));
        assertFalse(origin.matches(polygonWbtc), "no origin in the registry row");
    }

    @Test
    void theCountsInTheDataReadmeMatchTheShippedFiles() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("perimeter.root", ".")).resolve("data/infrastructure/README.md"));
        String line = readme.lines().filter(l -> l.startsWith("Counts with the shipped files")).findFirst().orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("`([a-z0-9-]+)` (\\d+)").matcher(line);
        int checked = 0;
        while (m.find()) {
            assertEquals(Integer.parseInt(m.group(2)), catalog.tokensOf(m.group(1)).size(), "README count for " + m.group(1));
            checked++;
        }
        long rowsWithTokens = catalog.all().stream().filter(i -> !catalog.tokensOf(i.slug()).isEmpty()).count();
        assertEquals(rowsWithTokens, checked, "every row with tokens is counted in the README");
        assertTrue(readme.contains("| `token-rules.csv` | " + catalog.rules().size() + " rules"), "rule count in the README");
    }

    static Path copyData() throws Exception {
        return dev.perimeter.TestData.copyBundledData();
    }
}
