package dev.perimeter.exposure;

import dev.perimeter.position.Edge;
import dev.perimeter.position.Holding;
import dev.perimeter.token.Token;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A dismissal must name a finding key's shape: the matcher's own keys pass, made-up text does not. */
class FindingKeysTest {
    static final String A = "0x00000000000000000000000000000000000000a1";
    static final String B = "0x00000000000000000000000000000000000000b1";

    @Test
    void everyShapeTheMatcherBuildsIsAccepted() {
        List<String> keys = List.of(
                ExposureMatcher.key(FindingKind.APPROVAL_TO_EXPLOITED_CONTRACT, "ethereum", A, B),
                ExposureMatcher.key(FindingKind.APPROVAL_TO_EXPLOITED_CONTRACT, "ethereum", A, "all-nfts:" + B),
                ExposureMatcher.key(FindingKind.APPROVAL_TO_EXPLOITED_CONTRACT, "base", A, "permit2:" + B),
                ExposureMatcher.key(FindingKind.HOLDS_ASSET_OF_HACKED_PROTOCOL, "base", A, "kelpdao"),
                ExposureMatcher.key(FindingKind.HOLDS_ASSET_OF_HACKED_PROTOCOL, "ethereum", "uniswap-v3#4242", "via:kelpdao"),
                ExposureMatcher.key(FindingKind.HOLDS_ASSET_OF_HACKED_PROTOCOL, "ethereum", "morpho-blue#0x" + "ab".repeat(32), "via:" + B),
                ExposureMatcher.key(FindingKind.HOLDS_ASSET_OF_HACKED_PROTOCOL, "ethereum", "eigenlayer#beacon-eth", "via:native"),
                ExposureMatcher.key(FindingKind.BRIDGED_VIA_COMPROMISED_BRIDGE, "bsc", "eigenlayer#" + A, "multichain"),
                ExposureMatcher.key(FindingKind.INFRASTRUCTURE_RISK, "ethereum", "*", "circle"),
                ExposureMatcher.key(FindingKind.PROTOCOL_HISTORY, "arbitrum", "*", "aave-v3"),
                ExposureMatcher.key(FindingKind.HOLDS_ASSET_OF_HACKED_PROTOCOL, "ethereum", "native", "lido"),
                ExposureMatcher.key(FindingKind.UNLISTED_TOKEN, "polygon", A, ""));
        for (String k : keys) assertEquals(java.util.Optional.empty(), FindingKeys.problem(k), k);
    }

    @Test
    void theKeysOfARealMatchAreAccepted() {
        // The dependency walk's hand-made data: receipts, a vault, a pool, a position resting on rsETH (KelpDAO).
        String position = "uniswap-v3#42";
        Holding pos = Holding.of(new Token("ethereum", position, "UNI-V3 rsETH/WETH", "Uniswap V3 position", 0, "position", "uniswap-v3", null,
                null, null, null, null, true), BigInteger.ONE).withEdges(List.of(new Edge("ethereum", position, "ethereum", DependencyWalkTest.RSETH,
                "position token1", "on-chain: positions(42) at block 100", Edge.Layer.SHARED)));
        List<Holding> holdings = new ArrayList<>();
        for (String t : List.of(DependencyWalkTest.A_RSETH, DependencyWalkTest.RSETH, DependencyWalkTest.VAULT, DependencyWalkTest.LP)) {
            holdings.add(DependencyWalkTest.holding(t));
        }
        holdings.add(pos);
        List<Finding> fs = DependencyWalkTest.match(holdings, List.of());
        assertTrue(fs.size() >= 4, fs.toString());
        assertTrue(fs.stream().anyMatch(f -> f.key().contains(":via:")), "a layered finding among them");
        assertTrue(fs.stream().anyMatch(f -> f.key().contains("#")), "a position's finding among them");
        for (Finding f : fs) assertTrue(FindingKeys.valid(f.key()), f.key() + ": " + FindingKeys.problem(f.key()));
    }

    @Test
    void madeUpKeysAreRefusedWithAReason() {
        for (String bad : List.of("", "a:b:c:d", "approval_to_exploited_contract:ethereum:" + A,
                "no_such_kind:ethereum:" + A + ":" + B,
                "approval_to_exploited_contract:mars:" + A + ":" + B,
                "approval_to_exploited_contract:ethereum:" + A + ":0x2222",
                "approval_to_exploited_contract:ethereum:" + A + ":erc721:" + B,
                "approval_to_exploited_contract:ethereum:" + A + ":permit2:",
                "approval_to_exploited_contract:ethereum:" + A.toUpperCase().replace("0X", "0x") + ":" + B,
                "approval_to_exploited_contract:ethereum:" + A + ":" + B + "extra",
                "holds_asset_of_hacked_protocol:ethereum:" + A + ":Kelp DAO",
                "holds_asset_of_hacked_protocol:ethereum:" + A + ":via:",
                "holds_asset_of_hacked_protocol:ethereum:uniswap-v3#x:kelpdao",
                "holds_asset_of_hacked_protocol:ethereum:sushiswap#1:kelpdao",
                "infrastructure_risk:ethereum:" + A + ":circle",
                "protocol_history:ethereum:*:",
                "unlisted_token:ethereum:" + A + ":something",
                "unlisted_token:ethereum::",
                "holds_asset_of_hacked_protocol:ethereum:" + A + ":" + "a".repeat(300))) {
            assertTrue(FindingKeys.problem(bad).isPresent(), "accepted: " + bad);
        }
        assertEquals("Unknown chain in the key.", FindingKeys.problem("approval_to_exploited_contract:mars:" + A + ":" + B).orElseThrow());
        assertEquals("Unknown finding kind in the key.", FindingKeys.problem("no_such_kind:ethereum:" + A + ":" + B).orElseThrow());
    }
}
