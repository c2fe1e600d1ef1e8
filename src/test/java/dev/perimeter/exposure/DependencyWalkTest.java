package dev.perimeter.exposure;

import dev.perimeter.position.Approval;
import dev.perimeter.position.Holding;
import dev.perimeter.token.Token;
import dev.perimeter.wallet.ChainScan;
import dev.perimeter.wallet.ChainStatus;
import dev.perimeter.wallet.WalletScan;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** The walk from a holding to what backs it, and the wallet grade: pure, on hand-made data. */
class DependencyWalkTest {
    static final LocalDate TODAY = LocalDate.of(2026, 7, 1);
    static final String A_RSETH = "0x00000000000000000000000000000000000000a2";
    static final String RSETH = "0x00000000000000000000000000000000000000e1";
    static final String VAULT = "0x00000000000000000000000000000000000000e2";
    static final String LP = "0x00000000000000000000000000000000000000e3";
    static final String CYCLE_A = "0x00000000000000000000000000000000000000c1";
    static final String CYCLE_B = "0x00000000000000000000000000000000000000c2";

    static final ExposureData.IncidentRef KELP = new ExposureData.IncidentRef("2026-04-18-kelpdao", LocalDate.of(2026, 4, 18), "kelpdao",
            "KelpDAO", new BigDecimal("292000000"), "infrastructure", "KelpDAO bridge", "protocol", List.of(), List.of());

    static final Map<String, ExposureData.TokenNode> TOKENS = Map.of(
            A_RSETH, new ExposureData.TokenNode("ethereum", A_RSETH, "aEthrsETH", "receipt", "aave", RSETH, null, null, null, "aave address book"),
            RSETH, new ExposureData.TokenNode("ethereum", RSETH, "rsETH", "lrt", "kelpdao", null, null, null, null, "aave address book"),
            VAULT, new ExposureData.TokenNode("ethereum", VAULT, "yvaEthrsETH", "receipt", "yearnfinance", A_RSETH, null, null, null, "ydaemon"),
            LP, new ExposureData.TokenNode("ethereum", LP, "rsETH-LP", "lp", "curve", RSETH, null, null, null, "curve api"),
            CYCLE_A, new ExposureData.TokenNode("ethereum", CYCLE_A, "A", "receipt", "loopa", CYCLE_B, null, null, null, "test"),
            CYCLE_B, new ExposureData.TokenNode("ethereum", CYCLE_B, "B", "receipt", "loopb", CYCLE_A, null, null, null, "test"));

    static ExposureData data() {
        return new ExposureData() {
            public Optional<TokenNode> token(String chain, String address) {
                return "ethereum".equals(chain) ? Optional.ofNullable(TOKENS.get(address)) : Optional.empty();
            }

            public List<IncidentRef> incidentsOfProtocol(String slug) {
                return slug.equals("kelpdao") ? List.of(KELP) : List.of();
            }

            public List<IncidentRef> incidentsAtContract(String chain, String address) {
                return List.of();
            }

            public List<IncidentRef> incidentsWithVulnerableContract(String chain, String address) {
                return List.of();
            }

            public List<InfraRef> infrastructureOf(Holding h) {
                return List.of();
            }
        };
    }

    static Holding holding(String address) {
        ExposureData.TokenNode t = TOKENS.get(address);
        return Holding.of(new Token("ethereum", address, t.symbol(), t.symbol(), 18, t.kind(), t.protocol(), t.underlying(), null, null, null,
                null, true), BigInteger.TEN.pow(18));
    }

    static List<Finding> match(List<Holding> holdings, List<Approval> approvals) {
        ChainScan c = new ChainScan("ethereum", 1, ChainStatus.OK, null, 100L, holdings, approvals, 10, 2, 8, 50, true);
        return ExposureMatcher.match(new WalletScan("0x1111111111111111111111111111111111111111", null, Instant.EPOCH, List.of(c)), data(), TODAY);
    }

    @Test
    void aReceiptForDepositedRsEthCarriesKelpDaoWithItsPath() {
        List<Finding> fs = match(List.of(holding(A_RSETH)), List.of());
        Finding f = fs.stream().filter(x -> x.incidentIds().contains(KELP.id())).findFirst().orElseThrow(() -> new AssertionError(fs.toString()));
        assertEquals(FindingKind.HOLDS_ASSET_OF_HACKED_PROTOCOL, f.kind());
        assertEquals(Severity.HIGH, f.severity(), "a protocol-wide exploit within 12 months; a receipt layer passes the loss through whole");
        assertEquals(List.of("aEthrsETH", "rsETH", "KelpDAO"), f.path().stream().map(Finding.PathStep::name).toList());
        assertEquals("receipt for deposited", f.path().get(1).relation());
        assertEquals("aave address book", f.path().get(1).source(), "each edge names its source");
        assertTrue(f.message().contains("aEthrsETH → rsETH (KelpDAO; protocol-wide exploit 2026-04-18, ~$292M)"), f.message());
        assertEquals(A_RSETH, f.asset(), "the finding sits on the holding");
        assertEquals(1, fs.stream().filter(x -> x.incidentIds().contains(KELP.id())).count(), "one finding per holding and root cause");
    }

    @Test
    void twoLayersDownAndThroughAPool() {
        Finding vault = match(List.of(holding(VAULT)), List.of()).stream().filter(x -> x.incidentIds().contains(KELP.id())).findFirst().orElseThrow();
        assertEquals(List.of("yvaEthrsETH", "aEthrsETH", "rsETH", "KelpDAO"), vault.path().stream().map(Finding.PathStep::name).toList());
        assertEquals(Severity.HIGH, vault.severity());
        Finding lp = match(List.of(holding(LP)), List.of()).stream().filter(x -> x.incidentIds().contains(KELP.id())).findFirst().orElseThrow();
        assertEquals(Severity.MEDIUM, lp.severity(), "an LP layer lowers the severity one level");
        assertTrue(lp.message().contains("liquidity pool"), lp.message());
    }

    @Test
    void aCycleInTheDataTerminates() {
        List<Finding> fs = assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> match(List.of(holding(CYCLE_A)), List.of()));
        assertTrue(fs.stream().noneMatch(f -> f.kind() == FindingKind.HOLDS_ASSET_OF_HACKED_PROTOCOL), fs.toString());
    }

    @Test
    void gradesFollowTheFormulaAndDismissalsRecomputeThem() {
        Grade clean = Grade.of(List.of(), null, null);
        assertEquals("A", clean.letter());
        assertEquals("v2", clean.formula());
        assertTrue(clean.because().isEmpty());

        List<Finding> kelp = match(List.of(holding(A_RSETH)), List.of());
        Grade high = Grade.of(kelp, null, null);
        assertEquals("D", high.letter(), high.summary());
        assertEquals(kelp.stream().filter(f -> f.severity() == Severity.HIGH).map(Finding::key).toList(), high.because());

        Finding critical = new Finding(Severity.CRITICAL, FindingKind.APPROVAL_TO_EXPLOITED_CONTRACT, "ethereum", RSETH, "rsETH", "x", null,
                "0x00000000000000000000000000000000000000f9", List.of("i"), "approval", new Finding.Evidence("r", List.of(), List.of(), List.of()),
                "approval_to_exploited_contract:ethereum:" + RSETH + ":0xf9", false);
        List<Finding> withCritical = new java.util.ArrayList<>(kelp);
        withCritical.add(critical);
        Grade f = Grade.of(withCritical, null, null);
        assertEquals("F", f.letter());
        assertEquals(List.of(critical.key()), f.because());
        withCritical.set(withCritical.size() - 1, critical.withDismissed(true));
        assertEquals("D", Grade.of(withCritical, null, null).letter(), "dismissing the critical finding recomputes the grade");

        Finding low = new Finding(Severity.LOW, FindingKind.INFRASTRUCTURE_RISK, "ethereum", RSETH, "USDC", null, "circle", null, List.of(), "custodian",
                new Finding.Evidence("r", List.of(), List.of(), List.of()), "infrastructure_risk:ethereum:*:circle", false);
        assertEquals("B", Grade.of(List.of(low), new BigDecimal("10"), new BigDecimal("100")).letter());
        assertEquals("C", Grade.of(List.of(low), new BigDecimal("60"), new BigDecimal("100")).letter(), "lows over half the priced value");
        Finding info = new Finding(Severity.INFO, FindingKind.UNLISTED_TOKEN, "ethereum", RSETH, "X", null, null, null, List.of(), "unlisted",
                new Finding.Evidence("r", List.of(), List.of(), List.of()), "unlisted_token:ethereum:" + RSETH + ":", false);
        assertEquals("A", Grade.of(List.of(info), null, null).letter(), "info notes never change the grade");
    }
}
