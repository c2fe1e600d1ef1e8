package dev.perimeter.chain;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * ENS names against published vectors, not against a library: namehash per EIP-137, normalisation per ENSIP-15's
 * validation tests.
 */
class EnsNameTest {
    static String hex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }

    /** EIP-137's (and ENSIP-1's) test vectors. */
    static final String ROOT = "0x0000000000000000000000000000000000000000000000000000000000000000";
    static final String ETH = "0x93cdeb708b7545dc668eb9280176169d1c33cfd8ed6f04690a0bcc88a93fc4ae";
    static final String FOO_ETH = "0xde9b09fd7c5f901e23a3f19fecc54828e9c848539801e86591bd9801b019f84f";
    /** ENSIP-3 (reverse resolution): the ReverseRegistrar's ADDR_REVERSE_NODE, commented "namehash('addr.reverse')". */
    static final String ADDR_REVERSE = "0x91d1777781884d03a6757a803996e38de2a42967fb37eeaca72729271025a9e2";
    /** ENSIP-23 (universal resolver), findResolver's example: node = namehash of "sub.nick.eth" (DNS-encoded there). */
    static final String SUB_NICK_ETH = "0xe3d81fd7b7e26b124642b4f160ea05f65a28ecfac48ab767c02530f7865e1c4c";

    /**
     * EIP-137 "namehash algorithm": "Implementations should conform to the following test vectors"
     * (ethereum/EIPs, EIPS/eip-137.md @ 0263c7ee6c78438959d02e7fe996399ae22f1fa6; the same three in ENSIP-1,
     * ensdomains/ensips, ensips/1.md @ 223d4e273cda4dff68f406c50e50084ed7d26347).
     */
    @Test
    void namehashMatchesEip137Vectors() {
        assertEquals(ROOT, hex(EnsName.namehash("")));
        assertEquals(ETH, hex(EnsName.namehash("eth")));
        assertEquals(FOO_ETH, hex(EnsName.namehash("foo.eth")));
    }

    /**
     * Nodes the ENS improvement proposals publish beside EIP-137's (ensdomains/ensips @
     * 223d4e273cda4dff68f406c50e50084ed7d26347): ENSIP-3's namehash('addr.reverse') (ensips/3.md, ReverseRegistrar) and a
     * three-label name from ENSIP-23 (ensips/23.md, "findResolver", pseudocode example).
     */
    @Test
    void namehashMatchesTheNodesEnsipsPublish() {
        assertEquals(ADDR_REVERSE, hex(EnsName.namehash("addr.reverse")));
        assertEquals(SUB_NICK_ETH, hex(EnsName.namehash("sub.nick.eth")));
    }

    /**
     * EIP-137 "Name Syntax": normalisation case-folds labels before hashing, "so two names with different case but
     * identical spelling will produce the same namehash" — checked against the published nodes, not against this class.
     */
    @Test
    void namesAreNormalisedBeforeHashing() {
        assertEquals(FOO_ETH, hex(EnsName.namehash("FOO.eth")));
        assertEquals(FOO_ETH, hex(EnsName.namehash("Foo.ETH")));
        assertEquals(ETH, hex(EnsName.namehash("ETH")));
        assertEquals(ADDR_REVERSE, hex(EnsName.namehash("Addr.REVERSE")));
        assertEquals(SUB_NICK_ETH, hex(EnsName.namehash("Sub.NICK.eth")));
        // ENSIP-15 ignores emoji styling (validation test "Ignored: emoji-styling", "\uFE0E\uFE0Fa" → "a", below).
        assertEquals(FOO_ETH, hex(EnsName.namehash("\uFE0E\uFE0Ffoo.eth")));
    }

    /**
     * ENSIP-15 validation tests: the hand-written cases that open tests.json ("Appendix: Validation Tests" of ENSIP-15,
     * ensdomains/ensips ensips/15.md), from adraffy/ens-normalize.js validate/custom-tests.json
     * @ 1a15e105b2ccc995d430a108472143870e774556; and the examples of ENSIP-15's "Normalize" section.
     */
    @Test
    void normalisationFollowsEnsip15ValidationTests() {
        Map<String, String> norm = new java.util.LinkedHashMap<>();
        norm.put("vitalik.eth", "vitalik.eth");                // Trivial Name
        norm.put("123.eth", "123.eth");                        // Trivial Digit Name
        norm.put("bRAnTlY.eTh", "brantly.eth");                // Mixed-case
        norm.put("BRANTLYMILLEGAN.COM", "brantlymillegan.com"); // Uppercase
        norm.put("nowzad.loopring.eth", "nowzad.loopring.eth"); // Subdomain
        norm.put("\u00D6bb.at", "\u00F6bb.at");              // IDNATestV2
        norm.put("\u2167", "viii");                           // Mapping: roman numeral
        norm.put("\u24C2", "m");                              // Mapping: circled
        norm.put("a'a\u2019a", "a\u2019a\u2019a");                // Apostrophe
        norm.put("\uFE0E\uFE0Fa", "a");                        // Ignored: emoji-styling
        norm.put("_a", "_a");                                  // Leading Underscore
        norm.put("\uD83D\uDCA9\uFE0F", "\uD83D\uDCA9");                // Emoji: emoji-styled
        norm.put("\uD83D\uDCA9\uD83D\uDCA9\uFE0E\uD83D\uDCA9\uFE0F", "\uD83D\uDCA9\uD83D\uDCA9\uD83D\uDCA9"); // Emoji: All Styles
        norm.put("\u06F0\u06F1\u06F2\u06F3\u06F8\u06F9", "\u0660\u0661\u0662\u0663\u0668\u0669"); // Arabic Mapping
        norm.put("_$A", "_$a");                                // ENSIP-15 "Normalize", example 1
        norm.forEach((name, expected) -> assertEquals(expected, EnsName.normalise(name), name));

        for (String bad : new String[] {
                ".", ".eth", "eth.", "...eth",              // Null Labels, Null 2LD, Null TLD, Multiple Null Labels
                "\uFF0E", "\u3002",                         // Disallowed Stop
                "te st", " test", "test ",                  // Whitespace
                "test\u200D", "\u200Dtest",                  // ZWJ
                "'a", "a'\u2019a",                          // Apostrophe: leading, adjacent
                "a\u00B7b",                                 // ContextO: middle dot
                "a_b",                                      // Non-leading Underscore
                "\u0303", "a\u0303\u0303",                  // Leading CM, CM + CM
                "xn--ls8h", "te--st",                       // Punycode Literal, CheckHyphens
                "\uD83D\uDCA9\u200D\uD83D\uDCA9",                // Poop Joiner
                "n\u0131\u0307ck"}) {                       // ENSIP-15 "Normalize", example 4
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnsName.normalise(bad), bad);
            assertTrue(e.getMessage().startsWith("not a valid ENS name: "), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> EnsName.namehash(bad + ".eth"), bad + ".eth");
        }
    }

    @Test
    void refusalsSayWhyWithoutInvisibleCharacters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnsName.namehash("a_b.eth"));
        assertEquals("not a valid ENS name: underscore allowed only at start", e.getMessage());
        String empty = assertThrows(IllegalArgumentException.class, () -> EnsName.namehash("foo..eth")).getMessage();
        assertEquals("not a valid ENS name: empty label", empty);
        String space = assertThrows(IllegalArgumentException.class, () -> EnsName.namehash("te st.eth")).getMessage();
        assertFalse(space.chars().anyMatch(c -> Character.getType(c) == Character.FORMAT), space);
    }
}
