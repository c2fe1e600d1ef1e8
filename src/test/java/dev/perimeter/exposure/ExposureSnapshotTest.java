package dev.perimeter.exposure;

import dev.perimeter.position.Approval;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Which contracts the snapshot makes approvals dangerous at (issue 19): evidence only, never a label, never a token. */
class ExposureSnapshotTest {
    static final String ROUTER = "0x00000000000000000000000000000000000000c1";
    static final String DRAINED = "0x00000000000000000000000000000000000000c2";
    static final ExposureData.IncidentRef HACK = new ExposureData.IncidentRef("2025-06-01-router", LocalDate.of(2025, 6, 1), "router",
            "Router", null, "smart_contract", "router drained", "contracts", List.of(), List.of());

    @Test
    void onlyEvidenceMakesAnApprovalDangerous() {
        TokenRegistry registry = TokenRegistry.load(DataFiles.bundled());
        String usdc = dev.perimeter.TestData.registryToken(registry, "ethereum", t -> t.symbol().equals("USDC") && t.kind().equals("plain"));
        ExposureSnapshot s = ExposureSnapshot.build(1, registry, List.of(HACK), List.of(
                new ExposureSnapshot.ContractLink("ethereum", ROUTER, HACK.id(), "vulnerable"),
                new ExposureSnapshot.ContractLink("ethereum", DRAINED, HACK.id(), "exploited", false, "revoke:list row"),
                new ExposureSnapshot.ContractLink("ethereum", usdc, HACK.id(), "exploited", false, "stored by an older build")),
                List.of(), t -> List.of(), Map.of());
        assertEquals(List.of(DRAINED), s.exploitedContracts("ethereum"), "a label is a mention; a registry token never");
        assertTrue(s.incidentsAtContract("ethereum", ROUTER).isEmpty());
        assertEquals(List.of(HACK), s.incidentsWithVulnerableContract("ethereum", ROUTER), "a held token whose contract was at fault still counts");
        assertEquals(List.of("revoke:list row"), s.approvalEvidence("ethereum", DRAINED));

        List<Approval> approvals = List.of(
                new Approval("ethereum", usdc, "USDC", ROUTER, BigInteger.TWO.pow(256).subtract(BigInteger.ONE), true, "approval-log"),
                new Approval("ethereum", usdc, "USDC", DRAINED, BigInteger.TWO.pow(256).subtract(BigInteger.ONE), true, "approval-log"));
        List<Finding> fs = ExposureMatcher.match(ExposureMatcherTest.scan(List.of(), approvals), s, LocalDate.of(2026, 11, 26));
        List<Finding> approval = fs.stream().filter(f -> f.kind() == FindingKind.APPROVAL_TO_EXPLOITED_CONTRACT).toList();
        assertEquals(1, approval.size(), fs.toString());
        assertEquals(DRAINED, approval.get(0).spender());
        assertTrue(approval.get(0).evidence().matched().contains("evidence of the role: revoke:list row"), approval.get(0).evidence().matched().toString());
    }
}
