package dev.perimeter.exposure;

import dev.perimeter.chain.ControlReading;
import dev.perimeter.position.Approval;
import dev.perimeter.position.Holding;
import dev.perimeter.token.Token;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The published control rules (v1): severity and sentence per reading, and the findings of a holding and an approval. */
class ControlRiskTest {
    static final String TOKEN = "0xa1290d69c65a6fe4df752f95823fae25cb99e5a7";
    static final String KEY = "0xab00000000000000000000000000000000000012";
    static final String ADMIN = "0x8b9566ada63b64d1e1dcf1418b43fd1433b72444";
    static final String SAFE = "0xcbcdd778aa25476f203814214dd3e9b9c46829a1";
    static final String TL = "0xa6db1a8c5a981d1536266d2a393c5f8ddb210eaf";
    static final String DVN = "0x2f55c492897526677c5b68fb199ea31e2c126416";

    static ControlReading.Hop eoa(String a, String how) {
        return new ControlReading.Hop(a, how, "eoa", null, null, List.of(), null, null, "no code");
    }

    static ControlReading.Hop safe(int k, int n) {
        List<String> owners = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) owners.add(String.format("0x%040x", i + 1));
        return new ControlReading.Hop(SAFE, "owner() of the proxy admin", "safe", null, k, owners, null, null, null);
    }

    static ControlReading.Hop proxyAdmin(String owner) {
        return new ControlReading.Hop(ADMIN, "EIP-1967 admin slot", "contract", null, null, List.of(), null, owner, null);
    }

    static ControlReading.Hop timelock(long delay) {
        return new ControlReading.Hop(TL, "owner() of the proxy admin", "timelock", null, null, List.of(), BigInteger.valueOf(delay), null, null);
    }

    static ControlReading proxy(List<ControlReading.Hop> path, BigInteger delay, List<ControlReading.Messaging> routes) {
        return new ControlReading("ethereum", TOKEN, 123, ControlReading.Status.READ, null, null, true, "eip-1967", KEY, null, null,
                path.isEmpty() ? null : new ControlReading.Controller(path, delay), routes, List.of());
    }

    static ControlReading plain(List<ControlReading.Messaging> routes) {
        return new ControlReading("arbitrum", TOKEN, 123, ControlReading.Status.READ, null, null, false, null, null, null, null, null, routes, List.of());
    }

    static Holding holding(String symbol) {
        return Holding.of(new Token("ethereum", TOKEN, symbol, symbol, 18, "lrt", "kelpdao", null, null, null, null, null, true), BigInteger.TEN);
    }

    @Test
    void oneKeyAtOnceIsMediumAndSaysWhoseKey() {
        ControlRisk.Verdict v = ControlRisk.upgrade(proxy(List.of(eoa(KEY, "EIP-1967 admin slot")), null, List.of()), "rsETH", "the token").orElseThrow();
        assertEquals(Severity.MEDIUM, v.severity());
        assertEquals("rsETH can be upgraded at once by one key (0xab00…0012, an EOA): whoever holds it can change the token.", v.sentence());
    }

    @Test
    void aSafeBehindAProxyAdminIsLowAndNamesThePath() {
        ControlRisk.Verdict v = ControlRisk.upgrade(proxy(List.of(proxyAdmin(SAFE), safe(2, 3)), null, List.of()), "USDC", "the token").orElseThrow();
        assertEquals(Severity.LOW, v.severity());
        assertTrue(v.sentence().startsWith("USDC can be upgraded at once by a 2-of-3 Safe (0xCbcd…29A1, through its proxy admin 0x8b95…2444)"), v.sentence());
        assertEquals(Severity.MEDIUM, ControlRisk.upgrade(proxy(List.of(proxyAdmin(SAFE), safe(1, 4)), null, List.of()), "X", "the token")
                .orElseThrow().severity(), "a 1-of-n Safe is one key");
    }

    @Test
    void aTimelockOfTwoDaysIsNoFindingAShorterOneIsLow() {
        ControlRisk.Verdict twoDays = ControlRisk.upgrade(proxy(List.of(proxyAdmin(TL), timelock(172800), eoa(KEY, "proposer")),
                BigInteger.valueOf(172800), List.of()), "TL", "the token").orElseThrow();
        assertNull(twoDays.severity());
        assertTrue(twoDays.sentence().contains("only after a timelock of 2 days"), twoDays.sentence());
        ControlRisk.Verdict hour = ControlRisk.upgrade(proxy(List.of(proxyAdmin(TL), timelock(3600), eoa(KEY, "proposer")),
                BigInteger.valueOf(3600), List.of()), "TL", "the token").orElseThrow();
        assertEquals(Severity.MEDIUM, hour.severity(), "one key behind a 1 h timelock is still one key");
        assertTrue(hour.sentence().contains("after only 1 h"), hour.sentence());
        ControlRisk.Verdict unlisted = ControlRisk.upgrade(proxy(List.of(proxyAdmin(TL), timelock(3600)), BigInteger.valueOf(3600), List.of()),
                "TL", "the token").orElseThrow();
        assertEquals(Severity.LOW, unlisted.severity());
    }

    @Test
    void immutableRenouncedUnknownAndUnreadAreNoFinding() {
        assertNull(ControlRisk.upgrade(plain(List.of()), "WETH", "the token").orElseThrow().severity());
        ControlReading.Hop renounced = new ControlReading.Hop(ADMIN, "EIP-1967 admin slot", "none", null, null, List.of(), null,
                "0x0000000000000000000000000000000000000000", "renounced");
        assertNull(ControlRisk.upgrade(proxy(List.of(renounced), null, List.of()), "X", "the token").orElseThrow().severity());
        ControlReading.Hop unknown = new ControlReading.Hop(ADMIN, "EIP-1967 admin slot", "contract", null, null, List.of(), null, null, null);
        assertNull(ControlRisk.upgrade(proxy(List.of(unknown), null, List.of()), "X", "the token").orElseThrow().severity());
        assertTrue(ControlRisk.upgrade(ControlReading.notRead("ethereum", TOKEN, 1, "control not read: timeout"), "X", "t").isEmpty());
        assertNull(ControlRisk.upgrade(proxy(List.of(), null, List.of()), "X", "t").orElseThrow().severity(), "proxy, controller not found");
    }

    static ControlReading.Messaging route(String from, List<String> required, List<String> optional, int threshold) {
        return new ControlReading.Messaging("layerzero-v2", from, 30101, TOKEN, "0x1a44076050125825900e736c501f859c50fe728c", DVN, false,
                BigInteger.valueOf(15), required, optional, threshold, null);
    }

    @Test
    void aRouteVerifiedByOneDvnIsMedium() {
        ControlRisk.Verdict v = ControlRisk.messaging(plain(List.of(route("ethereum", List.of(DVN), List.of(), 0))), "rsETH").orElseThrow();
        assertEquals(Severity.MEDIUM, v.severity());
        assertEquals("rsETH's bridge from Ethereum accepts a message verified by 1 DVN (1 of 1): one compromised verifier can mint unbacked rsETH.",
                v.sentence());
        assertTrue(ControlRisk.messaging(plain(List.of(route("ethereum", List.of(DVN, KEY), List.of(), 0))), "rsETH").isEmpty(), "2 of 2");
        assertTrue(ControlRisk.messaging(plain(List.of(route("ethereum", List.of(), List.of(DVN, KEY, SAFE), 1))), "rsETH").isPresent(),
                "any 1 of 3 optional verifiers is one verifier");
        ControlReading.Messaging unread = new ControlReading.Messaging("layerzero-v2", "base", 30184, TOKEN, null, null, null, null, null, null,
                null, "getConfig did not answer");
        assertTrue(ControlRisk.messaging(plain(List.of(unread)), "rsETH").isEmpty(), "a route not read gives no finding");
    }

    @Test
    void findingsOfAHoldingAndOfAnApprovalHaveStableKeys() {
        ControlReading r = proxy(List.of(eoa(KEY, "EIP-1967 admin slot")), null, List.of(route("arbitrum", List.of(DVN), List.of(), 0)));
        List<Finding> fs = ControlRisk.holding(holding("rsETH"), r);
        assertEquals(2, fs.size());
        assertEquals("control_risk:ethereum:" + TOKEN + ":upgrade", fs.get(0).key());
        assertEquals("control_risk:ethereum:" + TOKEN + ":bridge", fs.get(1).key());
        for (Finding f : fs) {
            assertEquals(FindingKind.CONTROL_RISK, f.kind());
            assertTrue(FindingKeys.valid(f.key()), f.key());
            assertTrue(f.evidence().matched().stream().anyMatch(m -> m.contains("block 123")), f.evidence().matched().toString());
        }
        String spender = "0x1111111254eeb25477b68fb85ed929f73a960582";
        Approval a = new Approval("ethereum", TOKEN, "rsETH", spender, Approval.UNLIMITED_FROM, true, "approval-log", 18, null);
        List<Finding> af = ControlRisk.approval("ethereum", a, proxy(List.of(eoa(KEY, "EIP-1967 admin slot")), null, List.of()));
        assertEquals(1, af.size());
        assertEquals("control_risk:ethereum:" + TOKEN + ":" + spender, af.get(0).key());
        assertTrue(FindingKeys.valid(af.get(0).key()));
        assertEquals(spender, af.get(0).spender());
        assertTrue(af.get(0).message().contains("unlimited rsETH"), af.get(0).message());
        assertTrue(ControlRisk.holding(holding("WETH"), plain(List.of())).isEmpty());
    }

    @Test
    void gradeV2CountsControlFindingsAndSaysSo() {
        ControlReading r = proxy(List.of(eoa(KEY, "EIP-1967 admin slot")), null, List.of());
        Grade g = Grade.of(ControlRisk.holding(holding("rsETH"), r), null, null);
        assertEquals("v2", g.formula());
        assertEquals("C", g.letter());
        assertEquals(List.of("control_risk:ethereum:" + TOKEN + ":upgrade"), g.because());
        assertTrue(g.summary().contains("1 of them a control risk"), g.summary());
        Grade low = Grade.of(ControlRisk.holding(holding("USDC"), proxy(List.of(proxyAdmin(SAFE), safe(2, 3)), null, List.of())), null, null);
        assertEquals("B", low.letter(), low.summary());
        assertTrue(low.summary().contains("control risk"), low.summary());
        assertEquals("A", Grade.of(ControlRisk.holding(holding("WETH"), plain(List.of())), null, null).letter(), "no proxy: nothing to grade");
    }
}
