package dev.perimeter.incident;

import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The shipped rule table on technique, category and title strings as they appear in the shipped datasets. */
class VectorRulesTest {
    private final VectorRules rules = ShippedIncidents.vectorRules(DataFiles.bundled());

    private void expect(Vector v, String rule, String technique) {
        VectorRules.Result r = rules.classify(technique);
        assertEquals(v, r.vector(), technique);
        assertEquals(rule, r.rule(), technique);
    }

    static SourceRecord record(String dataset, String date, String name) {
        DataFiles f = DataFiles.bundled();
        List<SourceRecord> all = switch (dataset) {
            case "defihacklabs" -> DatasetReaders.defiHackLabs(f.read(DatasetReaders.DEFIHACKLABS_FILE));
            case "chronicle" -> DatasetReaders.chronicle(f.read(DatasetReaders.CHRONICLE_FILE));
            case "sok" -> DatasetReaders.sok(f.read(DatasetReaders.SOK_FILE));
            default -> throw new IllegalArgumentException(dataset);
        };
        return all.stream().filter(s -> s.key().equals(dataset + "|" + date + "|" + name)).findFirst().orElseThrow();
    }

    /**
     * DefiLlama's classification is a second opinion the rules read beside its technique: "Infrastructure" with an operator
     * compromise (an APT attack) is infrastructure; a key compromise is infrastructure whatever the classification;
     * DefiLlama's "Rugpull" is a rug pull.
     */
    @Test
    void defiLlamaClassificationIsASecondOpinion() {
        java.util.Map<String, SourceRecord> byName = new java.util.HashMap<>();
        for (ExternalRecords.Row r : ShippedIncidents.shippedDefiLlama(DataFiles.bundled())) {
            SourceRecord s = ExternalRecords.record(r, 2);
            byName.put(s.name() + "|" + s.date(), s);
        }
        SourceRecord evoq = byName.get("Evoq Finance|2025-09-10");
        assertEquals("Advanced Persistent Threat (APT) attack; DefiLlama classification: Infrastructure", evoq.technique());
        VectorRules.Result r = rules.classify(List.of(evoq));
        assertEquals(Vector.INFRASTRUCTURE, r.vector());
        assertEquals("rule:defillama-infrastructure", r.rule());
        assertNotEquals(Vector.INFRASTRUCTURE, rules.classify("Advanced Persistent Threat (APT) attack").vector(),
                "without the classification the technique alone is no infrastructure rule's");
        SourceRecord coincheck = byName.get("Coincheck|2018-01-26");
        assertEquals(Vector.INFRASTRUCTURE, rules.classify(List.of(coincheck)).vector(), coincheck.technique());
        assertEquals("rule:private-key", rules.classify(List.of(coincheck)).rule());
        SourceRecord rug = byName.values().stream().filter(s -> s.technique().equals("Drained Contracts; DefiLlama classification: Rugpull"))
                .findFirst().orElseThrow();
        assertEquals("rule:rug-pull", rules.classify(List.of(rug)).rule());
    }

    @Test
    void keyCompromises() {
        // DeFiHackLabs techniques: Paid Network 2021-03-05, Levyathan 2021-07-28.
        expect(Vector.INFRASTRUCTURE, "rule:private-key", record("defihacklabs", "2021-03-05", "Paid Network").technique());
        expect(Vector.INFRASTRUCTURE, "rule:private-key", "(I) Lost keys and minting (II) Vulnerable emergencyWithdraw");
        // DeFi-Hack-Chronicle: Gravity Bridge's category "key_compromise;bridge" and its title.
        SourceRecord gravity = record("chronicle", "2026-05-30", "Gravity Bridge");
        assertEquals(Vector.INFRASTRUCTURE, rules.classify(List.of(gravity)).vector());
        // Purrlend: the category says only "access_control" (a code flaw); the title names a multisig compromise.
        SourceRecord purrlend = record("chronicle", "2026-04-25", "Purrlend");
        assertEquals(Vector.SMART_CONTRACT, rules.classify(purrlend.technique()).vector(), purrlend.technique());
        VectorRules.Result r = rules.classify(List.of(purrlend));
        assertEquals(Vector.INFRASTRUCTURE, r.vector());
        assertEquals("rule:multisig-signer", r.rule());
        assertTrue(r.basis().contains("matched “Multisig Compromise” in the chronicle title"), r.basis());
    }

    @Test
    void aSourceLinkThatNamesAKeyCompromise() {
        SourceRecord echo = record("chronicle", "2026-05-18", "Echo Protocol");
        String url = echo.urls().stream().filter(u -> u.contains("key-compromise")).findFirst().orElseThrow();
        SourceRecord linkOnly = SourceRecord.of("chronicle", "test", 2, echo.date(), "Echo", "", "", SourceRecord.Loss.unknown("unknown:x"))
                .withUrls(List.of(url));
        VectorRules.Result r = rules.classify(List.of(linkOnly));
        assertEquals(Vector.INFRASTRUCTURE, r.vector());
        assertEquals("rule:source-link-key-compromise", r.rule());
    }

    @Test
    void signatureAndProofBugsAreCode() {
        // Bridge contracts' verification bugs are smart-contract flaws, not key theft (issue 12).
        expect(Vector.SMART_CONTRACT, "rule:logic-flaw", "Signature Verification");
        assertEquals(Vector.SMART_CONTRACT, rules.classify(record("defihacklabs", "2026-06-17", "Aztec V1").technique()).vector());
        expect(Vector.SMART_CONTRACT, "rule:logic-flaw", record("defihacklabs", "2022-08-02", "Nomad Bridge").technique());
        expect(Vector.SMART_CONTRACT, "rule:reentrancy", "Read-Only-Reentrancy");
        expect(Vector.SMART_CONTRACT, "rule:oracle-price", "Flashloan & Price Oracle Manipulation");
        expect(Vector.SMART_CONTRACT, "rule:access-control-code", "Lack of Access Control");
    }

    @Test
    void phishingRugPullsAndUnknown() {
        // Bybit's DeFiHackLabs technique: the rule says phishing (other); the review (reviews.csv) makes it infrastructure.
        expect(Vector.OTHER, "rule:phishing", record("defihacklabs", "2025-02-21", "Bybit").technique());
        expect(Vector.OTHER, "rule:rug-pull", "Rug pull");
        // Ronin's DeFiHackLabs technique names the symptom only: no rule decides, the vector is unknown (other).
        expect(Vector.OTHER, VectorRules.FALLBACK_RULE, record("defihacklabs", "2022-03-29", "Ronin Network").technique());
        assertEquals(VectorRules.FALLBACK_RULE, rules.classify(List.of(record("sok", "2022-03-01", "Ronin"))).rule(),
                "the SoK list has no technique at all");
        expect(Vector.OTHER, VectorRules.FALLBACK_RULE, "");
        expect(Vector.OTHER, VectorRules.FALLBACK_RULE, null);
    }

    @Test
    void rulesAreTriedInFileOrder() {
        // "access control" alone is a code flaw, but social engineering listed first wins for Drift's categories.
        assertEquals(Vector.SMART_CONTRACT, rules.classify("access control").vector());
        assertEquals(Vector.INFRASTRUCTURE, rules.classify(record("chronicle", "2026-04-01", "Drift Protocol").technique()).vector());
    }
}
