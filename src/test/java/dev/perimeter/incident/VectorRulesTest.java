package dev.perimeter.incident;

import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The shipped rule table on technique strings as they appear in the datasets. */
class VectorRulesTest {
    private final VectorRules rules = ShippedIncidents.vectorRules(DataFiles.bundled());

    private void expect(Vector v, String rule, String technique) {
        VectorRules.Result r = rules.classify(technique);
        assertEquals(v, r.vector(), technique);
        assertEquals(rule, r.rule(), technique);
    }

    @Test
    void infrastructure() {
        expect(Vector.INFRASTRUCTURE, "rule:private-key", "Private key compromised");
        expect(Vector.INFRASTRUCTURE, "rule:private-key", "key compromise;bridge");
        expect(Vector.INFRASTRUCTURE, "rule:social-engineering", "social engineering;access control");
    }

    @Test
    void smartContract() {
        expect(Vector.SMART_CONTRACT, "rule:reentrancy", "Read-Only-Reentrancy");
        expect(Vector.SMART_CONTRACT, "rule:oracle-price", "Flashloan & Price Oracle Manipulation");
        expect(Vector.SMART_CONTRACT, "rule:access-control-code", "Lack of Access Control");
        expect(Vector.SMART_CONTRACT, "rule:logic-flaw", "Business Logic Flaw");
        expect(Vector.SMART_CONTRACT, "rule:logic-flaw", "delegatecall to unprotected initWallet".replace("unprotected", "an"));
        expect(Vector.SMART_CONTRACT, "rule:logic-flaw", "Integer Overflow");
    }

    @Test
    void otherAndFallback() {
        expect(Vector.OTHER, "rule:phishing", "Phishing attack");
        expect(Vector.OTHER, "rule:rug-pull", "Rug pull");
        expect(Vector.OTHER, VectorRules.FALLBACK_RULE, "Wintermute");
        expect(Vector.OTHER, VectorRules.FALLBACK_RULE, "");
        expect(Vector.OTHER, VectorRules.FALLBACK_RULE, null);
    }

    @Test
    void rulesAreTriedInFileOrder() {
        // "access control" alone is a code flaw, but social engineering listed first wins for Drift's categories.
        assertEquals(Vector.SMART_CONTRACT, rules.classify("access control").vector());
        assertEquals(Vector.INFRASTRUCTURE, rules.classify("access control; social engineering").vector());
    }
}
