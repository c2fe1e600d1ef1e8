package dev.perimeter.incident;

import java.util.regex.Pattern;

/**
 * The role of the addresses of one exploit of Revoke.cash's approval-exploit list, decided from the exploit's own name and
 * description (data/SOURCES.md carries the same rule):
 * <ul>
 *   <li>{@code drainer} — the description says the attackers compromised a web front-end, website, DNS record or a
 *       front-end library and injected or pointed users to malicious code (Ledger Connect Kit, Namecheap, PREMINT, Galxe,
 *       BadgerDAO, Celer, Curve): the listed addresses are the attackers' own, and an approval to them hands the tokens
 *       to the attackers;</li>
 *   <li>{@code exploited} — otherwise: the addresses are the protocol's contracts users approved or deposited into, which
 *       the attackers abused.</li>
 * </ul>
 */
public final class RevokeRoles {
    public static final String EXPLOITED = "exploited";
    public static final String DRAINER = "drainer";

    /** Words that name a compromised front-end: the web site, its DNS, or a library every front-end loads. */
    static final Pattern FRONT_END = Pattern.compile("front[ -]?end|website|\\bDNS\\b|connect kit|library", Pattern.CASE_INSENSITIVE);
    /** Words that say malicious code was put there. */
    static final Pattern INJECTED = Pattern.compile("inject|malicious|hijack", Pattern.CASE_INSENSITIVE);

    private RevokeRoles() {}

    public static String roleOf(String name, String description) {
        String text = (name == null ? "" : name) + " " + (description == null ? "" : description);
        return FRONT_END.matcher(text).find() && INJECTED.matcher(text).find() ? DRAINER : EXPLOITED;
    }

    /** The rule in words, for the contract's source note and the docs. */
    public static String reason(String role) {
        return DRAINER.equals(role)
                ? "drainer: the exploit's description says its front-end, DNS or a front-end library was compromised, so the listed address is the attackers'"
                : "exploited: a contract users approved or deposited into, abused in the exploit";
    }
}
