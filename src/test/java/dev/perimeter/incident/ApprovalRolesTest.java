package dev.perimeter.incident;

import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Approval roles come from evidence only (issue 19): the shipped data, and the reviewed rows applied to real incidents. */
class ApprovalRolesTest {
    static final String HEADER = "chain,address,record,role,evidence_kind,evidence,reason\n";
    static final String POC = "SunWeb3Sec/DeFiHackLabs:src/test/2024-01/X_exp.sol@b3719ce7fb93ee6f743853ede9471e1a8bed1de0 L42";
    static ShippedIncidents.Loaded shipped;

    @BeforeAll
    static void load() {
        shipped = ShippedIncidents.load(DataFiles.bundled());
    }

    static Incident byId(List<Incident> l, String id) {
        return l.stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }

    /** A shipped incident with a DeFiHackLabs record whose only roles for one address are dataset labels (vulnerable). */
    static Incident labelledOnly() {
        return shipped.incidents().stream()
                .filter(i -> i.sources().stream().anyMatch(s -> s.dataset().equals("defihacklabs")))
                .filter(i -> i.contracts().stream().anyMatch(c -> c.role().equals("vulnerable") && !c.chain().startsWith("chain-")))
                .filter(i -> i.contracts().stream().noneMatch(c -> Incident.APPROVAL_ROLES.contains(c.role())))
                .findFirst().orElseThrow();
    }

    @Test
    void inTheShippedDataEveryApprovalRoleComesFromEvidenceNeverFromALabel() {
        int approval = 0;
        for (Incident i : shipped.incidents()) {
            for (ContractRef c : i.contracts()) {
                if (!Incident.APPROVAL_ROLES.contains(c.role())) continue;
                approval++;
                assertTrue(c.source().startsWith("revoke:") || c.source().startsWith("review:")
                        || c.source().startsWith(ApprovalRoles.EVIDENCE_PREFIX), i.id() + " " + c);
            }
        }
        assertTrue(approval > 200, "Revoke.cash's list alone gives hundreds: " + approval);
        Incident labelled = labelledOnly();
        assertTrue(labelled.contracts().stream().anyMatch(c -> c.role().equals("vulnerable")), "the label stays, as a mention");
    }

    @Test
    void aRegistryTokenNeverKeepsAnApprovalRole() {
        Set<dev.perimeter.util.ChainAddress> tokens = ShippedIncidents.registryTokens(DataFiles.bundled());
        for (Incident i : shipped.incidents()) {
            for (ContractRef c : i.contracts()) {
                assertFalse(Incident.APPROVAL_ROLES.contains(c.role()) && tokens.contains(c.at()), i.id() + " " + c);
            }
        }
        // Given one anyway (a feed naming a token contract as exploited), the build turns it into a mention.
        String usdc = tokens.stream().filter(k -> k.chain().equals("ethereum") && k.address().startsWith("0xa0b86991")).findFirst()
                .orElseThrow().address();
        Incident base = labelledOnly();
        List<ContractRef> with = new java.util.ArrayList<>(base.contracts());
        with.add(new ContractRef("ethereum", usdc, "exploited", "revoke:test"));
        Incident given = base.withDetails(base.chains(), base.sources(), with, base.affectedAssets());
        ApprovalRoles.Applied a = ApprovalRoles.apply(List.of(given), List.of(), tokens);
        ContractRef after = a.incidents().get(0).contracts().stream().filter(c -> c.address().equals(usdc)).findFirst().orElseThrow();
        assertEquals(Incident.MENTIONED, after.role());
        assertTrue(after.source().contains("a token of the registry"), after.source());
        assertEquals(1, a.demotedTokens().size(), a.demotedTokens().toString());
    }

    @Test
    void aReviewedPocRowGivesTheRoleWithItsEvidenceAndKeepsTheLabels() {
        Incident labelled = labelledOnly();
        ContractRef v = labelled.contracts().stream().filter(c -> c.role().equals("vulnerable") && !c.chain().startsWith("chain-"))
                .findFirst().orElseThrow();
        String record = labelled.sources().stream().filter(s -> s.dataset().equals("defihacklabs")).findFirst().orElseThrow().key();
        String csv = HEADER + v.chain() + "," + v.address() + "," + Csv.quote(record) + ",exploited,poc_transferfrom," + POC
                + ",the PoC pulls victims' tokens through it\n";
        List<ApprovalRoles.Evidence> ev = ApprovalRoles.parse(csv.getBytes(StandardCharsets.UTF_8), "t.csv");
        ApprovalRoles.Applied a = ApprovalRoles.apply(shipped.incidents(), ev, Set.of());
        Incident after = byId(a.incidents(), labelled.id());
        ContractRef role = after.contracts().stream().filter(c -> c.address().equals(v.address()) && c.role().equals("exploited"))
                .findFirst().orElseThrow();
        assertTrue(role.source().startsWith(ApprovalRoles.EVIDENCE_PREFIX) && role.source().contains("L42"), role.source());
        assertTrue(after.contracts().stream().anyMatch(c -> c.address().equals(v.address()) && c.role().equals("vulnerable")));
        assertNotEquals(labelled.contentHash(), after.contentHash(), "a changed role is a changed incident");
        assertEquals(1, a.used().size());
        // every other incident is untouched
        assertEquals(shipped.incidents().size(), a.incidents().size());
        long changed = 0;
        for (int k = 0; k < a.incidents().size(); k++) if (a.incidents().get(k) != shipped.incidents().get(k)) changed++;
        assertEquals(1, changed);
    }

    @Test
    void fixedAndMentionRowsOnARevokeExploit() {
        Incident lifi = shipped.incidents().stream().filter(i -> i.sources().stream().anyMatch(s -> s.dataset().equals("revoke")
                && s.name().equals("2024 LI.FI Hack"))).findFirst().orElseThrow();
        ContractRef eth = lifi.contracts().stream().filter(c -> c.chain().equals("ethereum") && c.role().equals("exploited")).findFirst().orElseThrow();
        String record = lifi.sources().stream().filter(s -> s.dataset().equals("revoke")).findFirst().orElseThrow().key();
        String fixed = HEADER + "ethereum," + eth.address() + "," + Csv.quote(record) + ",fixed,post_mortem,https://example.org/post-mortem,"
                + "the facet was removed\n";
        Incident f = byId(ApprovalRoles.apply(shipped.incidents(), ApprovalRoles.parse(fixed.getBytes(StandardCharsets.UTF_8), "t.csv"),
                Set.of()).incidents(), lifi.id());
        List<ContractRef> at = f.contracts().stream().filter(c -> c.chain().equals("ethereum") && c.address().equals(eth.address())).toList();
        assertEquals(1, at.size(), at.toString());
        assertEquals("exploited", at.get(0).role());
        assertTrue(DatasetReaders.fixed(at.get(0).source()) && at.get(0).source().endsWith(DatasetReaders.FIXED_BY_EVIDENCE), "read as fixed by the snapshot and the contract page");

        String mention = fixed.replace(",fixed,", ",mention,");
        Incident m = byId(ApprovalRoles.apply(shipped.incidents(), ApprovalRoles.parse(mention.getBytes(StandardCharsets.UTF_8), "t.csv"),
                Set.of()).incidents(), lifi.id());
        assertTrue(m.contracts().stream().noneMatch(c -> c.address().equals(eth.address()) && c.chain().equals("ethereum")
                && Incident.APPROVAL_ROLES.contains(c.role())));
        assertTrue(m.contracts().stream().anyMatch(c -> c.address().equals(eth.address()) && c.role().equals(Incident.MENTIONED)));
    }

    @Test
    void aNotHitRowTakesTheVulnerableLabelAwaySoAHolderIsNotToldTheTokenWasHit() {
        // Shipped: DeFiHackLabs' two "Circle" PoCs call Uniswap V2's DAI/USDC pair the vulnerable contract; the PoCs only
        // burn LP tokens taken out of a Maker CDP. The reviewed not_hit rows leave the pair a mention in both incidents.
        String pair = "0xae461ca67b15dc8dc81ce7615e0320da1a9ab8d5";
        for (String id : List.of("2022-08-13-circle", "2022-08-16-circle")) {
            List<ContractRef> at = byId(shipped.incidents(), id).contracts().stream().filter(c -> c.address().equals(pair)).toList();
            assertEquals(List.of(Incident.MENTIONED), at.stream().map(ContractRef::role).toList(), id + " " + at);
            assertTrue(at.get(0).source().contains("(poc_use)"), at.get(0).source());
        }
        // Applied to a labelled incident: every affected label on that address goes, one mention stays; other addresses keep theirs.
        Incident labelled = labelledOnly();
        ContractRef v = labelled.contracts().stream().filter(c -> c.role().equals("vulnerable") && !c.chain().startsWith("chain-"))
                .findFirst().orElseThrow();
        String record = labelled.sources().stream().filter(s -> s.dataset().equals("defihacklabs")).findFirst().orElseThrow().key();
        String csv = HEADER + v.chain() + "," + v.address() + "," + Csv.quote(record) + ",not_hit,poc_use," + POC + ",only swapped through\n";
        Incident after = byId(ApprovalRoles.apply(shipped.incidents(), ApprovalRoles.parse(csv.getBytes(StandardCharsets.UTF_8), "t.csv"),
                Set.of()).incidents(), labelled.id());
        List<String> roles = after.contracts().stream().filter(c -> c.chain().equals(v.chain()) && c.address().equals(v.address()))
                .map(ContractRef::role).toList();
        assertEquals(List.of(Incident.MENTIONED), roles);
        assertEquals(labelled.contracts().stream().filter(c -> !c.address().equals(v.address())).toList(),
                after.contracts().stream().filter(c -> !c.address().equals(v.address())).toList());
        // not_hit needs poc_use evidence, and poc_use is only for not_hit
        String wrong = HEADER + v.chain() + "," + v.address() + "," + Csv.quote(record) + ",not_hit,poc_transferfrom," + POC + ",x\n";
        assertThrows(Csv.CsvException.class, () -> ApprovalRoles.parse(wrong.getBytes(StandardCharsets.UTF_8), "t.csv"));
        String wrong2 = HEADER + v.chain() + "," + v.address() + "," + Csv.quote(record) + ",exploited,poc_use," + POC + ",x\n";
        assertThrows(Csv.CsvException.class, () -> ApprovalRoles.parse(wrong2.getBytes(StandardCharsets.UTF_8), "t.csv"));
    }

    @Test
    void aRowNamingNoDatasetRecordIsDangling() {
        String csv = HEADER + "ethereum,0x00000000000000000000000000000000000000c1,defihacklabs|2099-01-01|Nobody,exploited,poc_transferfrom,"
                + POC + ",x\n";
        List<String> d = ApprovalRoles.dangling(ApprovalRoles.parse(csv.getBytes(StandardCharsets.UTF_8), "t.csv"), shipped.records());
        assertEquals(1, d.size());
        assertTrue(d.get(0).contains("no dataset row defihacklabs 2099-01-01 Nobody"), d.get(0));
    }

    @Test
    void badRowsAreRefusedNamingTheLine() {
        String ok = "ethereum,0x00000000000000000000000000000000000000c1,defihacklabs|2024-01-12|X,exploited,poc_transferfrom," + POC + ",why\n";
        for (String[] bad : new String[][] {
                {ok.replace(",exploited,", ",vulnerable,"), "unknown role"},
                {ok.replace(",poc_transferfrom,", ",label,"), "unknown evidence_kind"},
                {ok.replace(" L42", ""), "owner/repo:path.sol@commit L<line>"},
                {ok.replace(",why\n", ",\n"), "reason must be given"},
                {ok.replace("ethereum,", "mars,"), "unknown chain"},
                {ok.replace("0x00000000000000000000000000000000000000c1", "0x12"), "0x + 40 hex"},
                {ok.replace(",poc_transferfrom," + POC, ",post_mortem,not-a-url"), "the URL read"},
                {ok + ok, "a second row"}}) {
            Csv.CsvException e = assertThrows(Csv.CsvException.class,
                    () -> ApprovalRoles.parse((HEADER + bad[0]).getBytes(StandardCharsets.UTF_8), "t.csv"), bad[1]);
            assertTrue(e.getMessage().contains(bad[1]) && e.getMessage().contains("t.csv: line "), e.getMessage());
        }
    }
}
