package dev.perimeter.token;

import dev.perimeter.incident.Incident;
import dev.perimeter.incident.ShippedIncidents;
import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Entities that share a name are split, and tokens of hacked protocols are linked, each by a sourced row. */
class ProtocolLinksTest {
    static final TokenRegistry REGISTRY = TokenRegistry.load(DataFiles.bundled());
    static final List<Incident> INCIDENTS = ShippedIncidents.load(DataFiles.bundled()).incidents();

    static Incident incident(String datasetName) {
        return INCIDENTS.stream().filter(i -> i.sources().stream().anyMatch(s -> s.name().equals(datasetName))).findFirst()
                .orElseThrow(() -> new AssertionError("no incident from a record named " + datasetName));
    }

    static String token(String chain, String address) {
        return REGISTRY.find(chain, address).orElseThrow().protocol();
    }

    @Test
    void everyReviewedLinkIsAppliedWithItsSource() {
        List<Csv.Row> links = Csv.read(DataFiles.bundled().read(TokenRegistry.PROTOCOL_LINKS), TokenRegistry.PROTOCOL_LINKS,
                List.of("chain", "address", "protocol", "source", "reason"));
        assertFalse(links.isEmpty());
        for (Csv.Row l : links) {
            Token t = REGISTRY.find(l.get("chain"), l.get("address")).orElseThrow();
            assertEquals(l.get("protocol"), t.protocol(), l.get("address"));
            assertTrue(t.source().contains(l.get("source")), "the link's source is kept with the token");
        }
    }

    @Test
    void aLinkToATokenOutsideTheRegistryFailsNamingTheLine() {
        byte[] bad = "chain,address,protocol,source,reason\nethereum,0x000000000000000000000000000000000000dead,x,src,why\n"
                .getBytes(StandardCharsets.UTF_8);
        Csv.CsvException e = assertThrows(Csv.CsvException.class, () -> TokenRegistry.applyProtocolLinks(REGISTRY.all(), bad, "links.csv"));
        assertTrue(e.getMessage().contains("links.csv: line 2"), e.getMessage());
    }

    @Test
    void aCoinbaseFeeAccountIsNotTheIssuerOfCoinbaseTokens() {
        String cbEth = token("ethereum", "0xbe9895146f7af43049ca1c1ae358b0541ea49704");
        String cbBtc = token("ethereum", "0xcbb7c0000ab88b473b1f5afd9ef808440eed33bf");
        assertEquals("coinbase", cbEth);
        assertEquals("coinbase", cbBtc);
        Incident feeAccount = incident("coinbase");
        assertNotEquals(cbEth, feeAccount.protocolSlug(), "the 2025-08-13 fee-account incident is its own entity");
        assertTrue(INCIDENTS.stream().noneMatch(i -> i.protocolSlug().equals("coinbase")), "no incident is filed under the issuer");
    }

    @Test
    void governanceAndPoolTokensOfHackedProtocolsAreLinked() {
        assertEquals(token("ethereum", "0xba100000625a3754423978a60c9317c58a424e3d"), incident("BalancerV2").protocolSlug(),
                "BAL and the Balancer V2 exploit share the protocol");
        assertEquals(token("ethereum", "0x1bed97cbc3c24a4fb5c069c6e311a967386131f7"), incident("yETH").protocolSlug(),
                "the yETH pool's LP token and the yETH exploit share the protocol");
        assertEquals(token("ethereum", "0x1bed97cbc3c24a4fb5c069c6e311a967386131f7"), token("base", "0xcaf1c21de4214ab2bcdb3a55deeb0114c8eeada1"));
    }
}
