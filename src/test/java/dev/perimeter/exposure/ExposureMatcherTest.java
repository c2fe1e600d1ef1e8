package dev.perimeter.exposure;

import dev.perimeter.position.Approval;
import dev.perimeter.position.Holding;
import dev.perimeter.token.Token;
import dev.perimeter.util.ChainAddress;
import dev.perimeter.wallet.ChainScan;
import dev.perimeter.wallet.WalletScan;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The matcher as the pure function it is: hand-made holdings and data, no I/O. */
class ExposureMatcherTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 26);
    static final String TOKEN = "0x00000000000000000000000000000000000000a1";
    static final String BRIDGED = "0x00000000000000000000000000000000000000b1";
    static final String SPENDER = "0x00000000000000000000000000000000000000c1";
    static final String SAFE_SPENDER = "0x00000000000000000000000000000000000000c2";
    static final String UNLISTED = "0x00000000000000000000000000000000000000d1";
    static final String HACKED_TOKEN = "0x00000000000000000000000000000000000000f1";

    static final ExposureData.IncidentRef RECENT = new ExposureData.IncidentRef("2026-04-18-kelpdao", LocalDate.of(2026, 4, 18),
            "kelpdao", "KelpDAO", new BigDecimal("292000000"), "infrastructure", "KelpDAO bridge", "protocol", List.of(),
            List.of(new ExposureData.AssetRef("rsETH", null, null)));
    static final ExposureData.IncidentRef OLD = new ExposureData.IncidentRef("2020-01-01-lendo", LocalDate.of(2020, 1, 1), "lendo",
            "Lendo", new BigDecimal("50000"), "smart_contract", "old bug", "protocol", List.of(), List.of());
    static final ExposureData.IncidentRef SPENDER_HACK = new ExposureData.IncidentRef("2025-06-01-router", LocalDate.of(2025, 6, 1),
            "router", "Router", null, "smart_contract", "router drained", "contracts",
            List.of(new ChainAddress("ethereum", "0x00000000000000000000000000000000000000c1")), List.of());
    static final ExposureData.IncidentRef BRIDGE_HACK = new ExposureData.IncidentRef("2023-07-07-multichain", LocalDate.of(2023, 7, 7),
            "multichain", "Multichain", new BigDecimal("130000000"), "infrastructure", "bridge", "protocol", List.of(), List.of());

    static ExposureData data(Map<String, List<ExposureData.InfraRef>> infraByToken) {
        return data(infraByToken, Map.of("kelpdao", List.of(RECENT), "lendo", List.of(OLD)));
    }

    static ExposureData data(Map<String, List<ExposureData.InfraRef>> infraByToken, Map<String, List<ExposureData.IncidentRef>> byProtocol) {
        return new ExposureData() {
            public List<IncidentRef> incidentsOfProtocol(String slug) {
                return byProtocol.getOrDefault(slug, List.of());
            }

            public List<IncidentRef> incidentsAtContract(String chain, String address) {
                return chain.equals("ethereum") && address.equals(SPENDER) ? List.of(SPENDER_HACK) : List.of();
            }

            public List<IncidentRef> incidentsWithVulnerableContract(String chain, String address) {
                return chain.equals("ethereum") && address.equals(HACKED_TOKEN) ? List.of(OLD) : List.of();
            }

            public List<InfraRef> infrastructureOf(Holding h) {
                return infraByToken.getOrDefault(h.token(), List.of());
            }
        };
    }

    static Holding holding(String chain, String token, String symbol, String kind, String protocol, String origin, long raw) {
        return Holding.of(new Token(chain, token, symbol, symbol, 18, kind, protocol, null, null, origin,
                origin == null ? null : "0x00000000000000000000000000000000000000e1", null, true), BigInteger.valueOf(raw));
    }

    static Holding receipt(String token, String symbol, String protocol, String underlying) {
        return Holding.of(new Token("ethereum", token, symbol, symbol, 18, "receipt", protocol, underlying, null, null, null, null, true), BigInteger.ONE);
    }

    static WalletScan scan(List<Holding> holdings, List<Approval> approvals) {
        ChainScan c = new ChainScan("ethereum", 1, dev.perimeter.wallet.ChainStatus.OK, null, 100L, holdings, approvals, 10, 2, 8, 50, true);
        return new WalletScan("0x1111111111111111111111111111111111111111", null, Instant.EPOCH, List.of(c));
    }

    static Finding only(List<Finding> fs, FindingKind kind) {
        List<Finding> l = fs.stream().filter(f -> f.kind().equals(kind)).toList();
        assertEquals(1, l.size(), fs.toString());
        return l.get(0);
    }

    @Test
    void unlimitedApprovalToAnExploitedContractIsCritical() {
        Approval a = new Approval("ethereum", TOKEN, "TKN", SPENDER, BigInteger.TWO.pow(256).subtract(BigInteger.ONE), true, "approval-log");
        Approval safe = new Approval("ethereum", TOKEN, "TKN", SAFE_SPENDER, BigInteger.TEN, false, "approval-log");
        List<Finding> fs = ExposureMatcher.match(scan(List.of(holding("ethereum", TOKEN, "TKN", "plain", null, null, 100)), List.of(a, safe)),
                data(Map.of()), TODAY);
        Finding f = only(fs, FindingKind.APPROVAL_TO_EXPLOITED_CONTRACT);
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals(List.of("2025-06-01-router"), f.incidentIds());
        assertEquals(SPENDER, f.spender());
        assertTrue(f.evidence().matched().stream().anyMatch(m -> m.contains("incident_contracts") && m.contains(SPENDER)));
    }

    @Test
    void limitedApprovalBelowTheBalanceIsHighAndAboveItCritical() {
        Approval small = new Approval("ethereum", TOKEN, "TKN", SPENDER, BigInteger.valueOf(50), false, "exploited-contract-check");
        Finding f = only(ExposureMatcher.match(scan(List.of(holding("ethereum", TOKEN, "TKN", "plain", null, null, 100)), List.of(small)),
                data(Map.of()), TODAY), FindingKind.APPROVAL_TO_EXPLOITED_CONTRACT);
        assertEquals(Severity.HIGH, f.severity());
        Approval big = new Approval("ethereum", TOKEN, "TKN", SPENDER, BigInteger.valueOf(500), false, "exploited-contract-check");
        Finding g = only(ExposureMatcher.match(scan(List.of(holding("ethereum", TOKEN, "TKN", "plain", null, null, 100)), List.of(big)),
                data(Map.of()), TODAY), FindingKind.APPROVAL_TO_EXPLOITED_CONTRACT);
        assertEquals(Severity.CRITICAL, g.severity(), "allowance larger than the balance");
    }

    /** An NFT collection's approval for all: every NFT of it, whatever the wallet holds (critical); fixed: low; its own key. */
    @Test
    void anApprovalForAllToAnExploitedContractIsCriticalWithItsOwnKey() {
        String collection = "0x00000000000000000000000000000000000000c1";
        Approval all = new Approval("ethereum", collection, "APE", SPENDER, BigInteger.ONE, true, "approval-log", null, null,
                Approval.Kind.ALL_NFTS, null);
        Approval erc20 = new Approval("ethereum", collection, "APE", SPENDER, BigInteger.TEN, false, "approval-log");
        List<Finding> fs = ExposureMatcher.match(scan(List.of(), List.of(all, erc20)), data(Map.of()), TODAY).stream()
                .filter(f -> f.kind() == FindingKind.APPROVAL_TO_EXPLOITED_CONTRACT).toList();
        assertEquals(2, fs.size(), "an approval for all and an ERC-20 allowance of the same contract are two findings: " + fs);
        Finding f = fs.stream().filter(x -> x.key().contains(":all-nfts:")).findFirst().orElseThrow();
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals("approval_to_exploited_contract:ethereum:" + collection + ":all-nfts:" + SPENDER, f.key());
        assertTrue(f.message().contains("transfer every NFT you hold of collection APE"), f.message());
        assertTrue(f.message().contains("Revoke this approval for all"), f.message());
        assertTrue(f.evidence().matched().get(0).contains("isApprovedForAll = true"), f.evidence().matched().toString());
        assertEquals(SPENDER, f.spender());
        Finding low = only(ExposureMatcher.match(scan(List.of(), List.of(all)), spenderAs(java.util.Set.of("exploited"), true), TODAY),
                FindingKind.APPROVAL_TO_EXPLOITED_CONTRACT);
        assertEquals(Severity.LOW, low.severity(), "a fixed exploit: low, as for any approval");
    }

    /** A Permit2 allowance is weighed like an ERC-20 allowance (below the balance: high; above: critical) and says its expiry. */
    @Test
    void aPermit2AllowanceIsWeighedAgainstTheBalanceAndSaysItsExpiry() {
        long expiry = java.time.Instant.parse("2026-08-01T12:00:00Z").getEpochSecond();
        Approval small = new Approval("ethereum", TOKEN, "TKN", SPENDER, BigInteger.valueOf(50), false, "approval-log", 0, null,
                Approval.Kind.PERMIT2, expiry);
        Finding f = only(ExposureMatcher.match(scan(List.of(holding("ethereum", TOKEN, "TKN", "plain", null, null, 100)), List.of(small)),
                data(Map.of()), TODAY), FindingKind.APPROVAL_TO_EXPLOITED_CONTRACT);
        assertEquals(Severity.HIGH, f.severity());
        assertEquals("approval_to_exploited_contract:ethereum:" + TOKEN + ":permit2:" + SPENDER, f.key());
        assertTrue(f.message().contains("spend up to 50 TKN through Permit2 (expires 2026-08-01 12:00 UTC)"), f.message());
        assertTrue(f.evidence().matched().get(0).startsWith("Permit2 allowance: ethereum token " + TOKEN), f.evidence().matched().toString());
        Approval unlimited = new Approval("ethereum", TOKEN, "TKN", SPENDER, Approval.PERMIT2_UNLIMITED,
                Approval.isUnlimited(Approval.Kind.PERMIT2, Approval.PERMIT2_UNLIMITED, null), "approval-log", 0, null, Approval.Kind.PERMIT2, expiry);
        assertTrue(unlimited.unlimited(), "type(uint160).max is Permit2's unlimited");
        assertEquals(Severity.CRITICAL, only(ExposureMatcher.match(scan(List.of(holding("ethereum", TOKEN, "TKN", "plain", null, null, 100)),
                List.of(unlimited)), data(Map.of()), TODAY), FindingKind.APPROVAL_TO_EXPLOITED_CONTRACT).severity());
        assertEquals("Permit2 allowance of unlimited TKN, expires 2026-08-01 12:00 UTC", unlimited.amountText());
    }

    /** The data of {@link #data} with the spender's roles and "fixed" mark set. */
    static ExposureData spenderAs(java.util.Set<String> roles, boolean fixed) {
        ExposureData base = data(Map.of());
        return new ExposureData() {
            public List<IncidentRef> incidentsOfProtocol(String slug) {
                return base.incidentsOfProtocol(slug);
            }

            public List<IncidentRef> incidentsAtContract(String chain, String address) {
                return base.incidentsAtContract(chain, address);
            }

            public java.util.Set<String> rolesAtContract(String chain, String address) {
                return chain.equals("ethereum") && address.equals(SPENDER) ? roles : java.util.Set.of();
            }

            public boolean fixedAtContract(String chain, String address) {
                return fixed && chain.equals("ethereum") && address.equals(SPENDER);
            }

            public List<IncidentRef> incidentsWithVulnerableContract(String chain, String address) {
                return base.incidentsWithVulnerableContract(chain, address);
            }

            public List<InfraRef> infrastructureOf(Holding h) {
                return base.infrastructureOf(h);
            }
        };
    }

    /** Revoke.cash marks some exploits fixed (the contract was patched or upgraded): an approval to it is low, and says so. */
    @Test
    void anUnlimitedApprovalToAFixedExploitIsLow() {
        Approval a = new Approval("ethereum", TOKEN, "TKN", SPENDER, BigInteger.TWO.pow(256).subtract(BigInteger.ONE), true, "approval-log");
        Finding f = only(ExposureMatcher.match(scan(List.of(holding("ethereum", TOKEN, "TKN", "plain", null, null, 100)), List.of(a)),
                spenderAs(java.util.Set.of("exploited"), true), TODAY), FindingKind.APPROVAL_TO_EXPLOITED_CONTRACT);
        assertEquals(Severity.LOW, f.severity());
        assertTrue(f.message().contains("marked fixed"), f.message());
        Finding drainer = only(ExposureMatcher.match(scan(List.of(holding("ethereum", TOKEN, "TKN", "plain", null, null, 100)), List.of(a)),
                spenderAs(java.util.Set.of("drainer"), true), TODAY), FindingKind.APPROVAL_TO_EXPLOITED_CONTRACT);
        assertEquals(Severity.CRITICAL, drainer.severity(), "a drainer is never fixed");
    }

    /** A drainer is the attackers' own address (a front-end or supply-chain compromise): any approval to it is critical. */
    @Test
    void aSmallApprovalToADrainerIsCriticalAndSaysWhose() {
        ExposureData base = data(Map.of());
        ExposureData withDrainer = new ExposureData() {
            public List<IncidentRef> incidentsOfProtocol(String slug) {
                return base.incidentsOfProtocol(slug);
            }

            public List<IncidentRef> incidentsAtContract(String chain, String address) {
                return base.incidentsAtContract(chain, address);
            }

            public java.util.Set<String> rolesAtContract(String chain, String address) {
                return chain.equals("ethereum") && address.equals(SPENDER) ? java.util.Set.of("drainer") : java.util.Set.of();
            }

            public List<IncidentRef> incidentsWithVulnerableContract(String chain, String address) {
                return base.incidentsWithVulnerableContract(chain, address);
            }

            public List<InfraRef> infrastructureOf(Holding h) {
                return base.infrastructureOf(h);
            }
        };
        Approval small = new Approval("ethereum", TOKEN, "TKN", SPENDER, BigInteger.valueOf(50), false, "exploited-contract-check");
        Finding f = only(ExposureMatcher.match(scan(List.of(holding("ethereum", TOKEN, "TKN", "plain", null, null, 100)), List.of(small)),
                withDrainer, TODAY), FindingKind.APPROVAL_TO_EXPLOITED_CONTRACT);
        assertEquals(Severity.CRITICAL, f.severity(), "below the balance, still critical");
        assertTrue(f.message().contains("belongs to the attackers"), f.message());
        assertTrue(f.evidence().rule().contains("drainer"), f.evidence().rule());
        assertTrue(f.evidence().matched().stream().anyMatch(m -> m.contains("role of the spender in those incidents: drainer")));
    }

    @Test
    void recentProtocolIncidentRanksAboveAnOldOne() {
        List<Finding> fs = ExposureMatcher.match(scan(List.of(
                holding("ethereum", TOKEN, "rsETH", "lrt", "kelpdao", null, 1),
                holding("ethereum", "0x00000000000000000000000000000000000000a2", "LND", "receipt", "lendo", null, 1)), List.of()), data(Map.of()), TODAY);
        List<Finding> hacked = fs.stream().filter(f -> f.kind().equals(FindingKind.HOLDS_ASSET_OF_HACKED_PROTOCOL)).toList();
        assertEquals(2, hacked.size());
        assertEquals(Severity.HIGH, hacked.get(0).severity());
        assertEquals("kelpdao", hacked.get(0).protocol());
        assertEquals(Severity.LOW, hacked.get(1).severity());
        assertTrue(hacked.get(1).message().contains("receipt token of Lendo"));
    }

    @Test
    void bridgedTokenOnAnExploitedBridgeVersusInfrastructureRisk() {
        ExposureData.InfraRef bridge = new ExposureData.InfraRef("multichain", "Multichain", "bridge", true, false, false,
                List.of(BRIDGE_HACK), List.of("validated by an MPC network"), List.of(), "Multichain");
        ExposureData.InfraRef custodian = new ExposureData.InfraRef("circle-usdc", "Circle (USDC)", "custodian", false, false, false,
                List.of(), List.of(), List.of(), "Circle");
        List<Finding> fs = ExposureMatcher.match(scan(List.of(
                holding("ethereum", BRIDGED, "anyUSDC", "bridged", null, "fantom", 5),
                holding("ethereum", TOKEN, "USDC", "plain", null, null, 5)), List.of()),
                data(Map.of(BRIDGED, List.of(bridge), TOKEN, List.of(custodian))), TODAY);
        Finding b = only(fs, FindingKind.BRIDGED_VIA_COMPROMISED_BRIDGE);
        assertEquals(Severity.HIGH, b.severity(), "exploited more than 12 months ago, not paused");
        assertEquals("multichain", b.infrastructure());
        assertEquals(List.of("2023-07-07-multichain"), b.incidentIds());
        Finding c = only(fs, FindingKind.INFRASTRUCTURE_RISK);
        assertEquals(Severity.LOW, c.severity());
        assertEquals("circle-usdc", c.infrastructure());
        assertTrue(c.message().contains("custodial"));
    }

    @Test
    void oneInfrastructureRiskPerInfrastructureAndChainNotPerToken() {
        ExposureData.InfraRef weak = new ExposureData.InfraRef("weak-bridge", "Weak Bridge", "bridge", false, false, false, List.of(),
                List.of("a 2-of-3 multisig can mint"), List.of(), null);
        String t2 = "0x00000000000000000000000000000000000000a3";
        List<Finding> fs = ExposureMatcher.match(scan(List.of(
                holding("ethereum", TOKEN, "AAA", "plain", null, null, 5),
                holding("ethereum", t2, "BBB", "plain", null, null, 5)), List.of()),
                data(Map.of(TOKEN, List.of(weak), t2, List.of(weak))), TODAY);
        Finding f = only(fs, FindingKind.INFRASTRUCTURE_RISK);
        assertEquals(Severity.MEDIUM, f.severity());
        assertEquals(List.of(TOKEN, t2), f.evidence().assets());
    }

    @Test
    void aTokenNamedOnlyAsAVictimAssetIsNotHackedItself() {
        // SPENDER is recorded (as vulnerable or victim) but holding it as a token only counts when it is the VULNERABLE contract.
        List<Finding> fs = ExposureMatcher.match(scan(List.of(holding("ethereum", SPENDER, "USDC", "plain", null, null, 5),
                holding("ethereum", HACKED_TOKEN, "BAD", "plain", null, null, 5)), List.of()), data(Map.of()), TODAY);
        Finding f = only(fs, FindingKind.HOLDS_ASSET_OF_HACKED_PROTOCOL);
        assertEquals(HACKED_TOKEN, f.asset());
        assertEquals(Severity.MEDIUM, f.severity(), "the contract itself, but an old incident");
    }

    @Test
    void aBridgeIncidentIsNotRepeatedAsAHackedProtocolNorAsAWeakRating() {
        ExposureData.InfraRef portal = new ExposureData.InfraRef("portal", "Portal", "bridge", true, false, false, List.of(RECENT),
                List.of(), List.of(), null);
        ExposureData.InfraRef guardians = new ExposureData.InfraRef("guardians", "Guardians", "messaging", false, false, false, List.of(),
                List.of("a 13-of-19 guardian set"), List.of(), null);
        List<Finding> fs = ExposureMatcher.match(scan(List.of(holding("ethereum", BRIDGED, "wX", "bridged", "kelpdao", "solana", 5)),
                List.of()), data(Map.of(BRIDGED, List.of(portal, guardians))), TODAY);
        assertEquals(1, fs.size(), fs.toString());
        assertEquals(FindingKind.BRIDGED_VIA_COMPROMISED_BRIDGE, fs.get(0).kind());
        assertEquals(Severity.CRITICAL, fs.get(0).severity(), "incident within 12 months");
    }

    @Test
    void unlistedTokenIsInfoAndSaysUnknown() {
        Holding u = Holding.of(Token.unlisted("ethereum", UNLISTED, "FREE-AIRDROP", null, -1), BigInteger.ONE);
        Finding f = only(ExposureMatcher.match(scan(List.of(u), List.of()), data(Map.of()), TODAY), FindingKind.UNLISTED_TOKEN);
        assertEquals(Severity.INFO, f.severity());
        assertTrue(f.message().contains("not in Perimeter's registry"));
        assertTrue(f.evidence().matched().contains("decimals() gives no usable answer"));
    }

    // ---- scope (issue 12) ---------------------------------------------------------------------------------------

    static final String A_USDC = "0x0000000000000000000000000000000000000a01";
    static final String A_WETH = "0x0000000000000000000000000000000000000a02";
    static final String USDC = "0x0000000000000000000000000000000000000b01";

    @Test
    void aPeripheralIncidentIsOneInfoHistoryNoteNeverARiskFinding() {
        // A theft from a periphery contract of the protocol, a month ago: recent, but it did not touch the user's deposits.
        ExposureData.IncidentRef periphery = new ExposureData.IncidentRef("2026-10-20-aave", LocalDate.of(2026, 10, 20), "aave", "Aave",
                new BigDecimal("52000"), "smart_contract", "periphery contract drained", "peripheral",
                List.of(new ChainAddress("ethereum", "0x0000000000000000000000000000000000000c09")), List.of());
        List<Finding> fs = ExposureMatcher.match(scan(List.of(receipt(A_USDC, "aUSDC", "aave", USDC), receipt(A_WETH, "aWETH", "aave", null)),
                List.of()), data(Map.of(), Map.of("aave", List.of(periphery))), TODAY);
        assertEquals(1, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals(FindingKind.PROTOCOL_HISTORY, f.kind());
        assertEquals("protocol_history", f.kind().code());
        assertEquals(Severity.INFO, f.severity());
        assertEquals(List.of("2026-10-20-aave"), f.incidentIds());
        assertEquals(List.of(A_USDC, A_WETH), f.evidence().assets(), "one note per protocol and chain, listing both holdings");
        assertTrue(f.message().contains("did not touch this asset"), f.message());
    }

    @Test
    void aProtocolScopeIncidentIsARiskForEveryTokenOfTheProtocol() {
        String wrsEth = "0x0000000000000000000000000000000000000d02";
        List<Finding> fs = ExposureMatcher.match(scan(List.of(holding("ethereum", TOKEN, "rsETH", "lrt", "kelpdao", null, 1),
                holding("ethereum", wrsEth, "wrsETH", "lrt", "kelpdao", null, 1)), List.of()), data(Map.of()), TODAY);
        List<Finding> risks = fs.stream().filter(f -> f.kind() == FindingKind.HOLDS_ASSET_OF_HACKED_PROTOCOL).toList();
        assertEquals(2, risks.size(), fs.toString());
        for (Finding f : risks) {
            assertEquals(Severity.HIGH, f.severity(), "2026-04-18 is within 12 months of " + TODAY);
            assertEquals(List.of("2026-04-18-kelpdao"), f.incidentIds());
            assertTrue(f.evidence().matched().stream().anyMatch(m -> m.contains("scope protocol")), f.evidence().matched().toString());
        }
        assertTrue(fs.stream().noneMatch(f -> f.kind() == FindingKind.PROTOCOL_HISTORY), "nothing left over for a history note");
    }

    @Test
    void aContractsScopeIncidentHitsOnlyTheTokensItTouched() {
        String yUsdt = "0x0000000000000000000000000000000000000e01", yvUsdc = "0x0000000000000000000000000000000000000e02",
                yvDai = "0x0000000000000000000000000000000000000e03", dai = "0x0000000000000000000000000000000000000e04";
        // A legacy vault drained: its own token by symbol, and DAI (with its address) among the assets taken; USDC by symbol.
        ExposureData.IncidentRef legacy = new ExposureData.IncidentRef("2026-09-01-yearn", LocalDate.of(2026, 9, 1), "yearn", "Yearn",
                new BigDecimal("11600000"), "smart_contract", "legacy vault", "contracts", List.of(),
                List.of(new ExposureData.AssetRef("yUSDT", null, null), new ExposureData.AssetRef("USDC", null, null),
                        new ExposureData.AssetRef("DAI", "ethereum", dai)));
        List<Finding> fs = ExposureMatcher.match(scan(List.of(receipt(yUsdt, "yUSDT", "yearn", null), receipt(yvUsdc, "yvUSDC", "yearn", USDC),
                receipt(yvDai, "yvDAI", "yearn", dai)), List.of()), data(Map.of(), Map.of("yearn", List.of(legacy))), TODAY);
        List<String> hit = fs.stream().filter(f -> f.kind() == FindingKind.HOLDS_ASSET_OF_HACKED_PROTOCOL).map(Finding::asset).toList();
        // yUSDT by its own symbol; yvDAI because its underlying's address is an affected asset. yvUSDC's underlying is USDC, but
        // a symbol names no address: "USDC drained from one vault" says nothing about every USDC-backed token.
        assertEquals(List.of(yUsdt, yvDai), hit.stream().sorted().toList());
        Finding history = only(fs, FindingKind.PROTOCOL_HISTORY);
        assertEquals(List.of(yvUsdc), history.evidence().assets());
    }

    @Test
    void cleanWalletHasNoFindings() {
        Holding eth = Holding.of(Token.nativeCoin("ethereum", "ETH", "ETH", 18), BigInteger.TEN);
        assertEquals(List.of(), ExposureMatcher.match(scan(List.of(eth), List.of()), data(Map.of()), TODAY));
    }
}
