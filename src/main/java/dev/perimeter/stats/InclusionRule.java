package dev.perimeter.stats;

import java.util.List;

/**
 * What Perimeter counts as an incident, and how: published on /stats (page and JSON) and, word for word, in
 * data/SOURCES.md (a test compares them). Decided for issue 19 from what the shipped datasets hold: they record attacks on
 * protocols, bridges, DAOs, wallet products, custodians and exchanges — never thefts from one private person. Pure data.
 */
public final class InclusionRule {
    private InclusionRule() {}

    /** A version name, so a client can tell when the rule changed. */
    public static final String VERSION = "2026-12-08";

    public static final List<String> IN = List.of(
            "DeFi protocol and bridge exploits: code and logic bugs, oracle and price manipulation, flash-loan attacks, forged"
                    + " bridge messages or proofs.",
            "Key, signer and operator compromises of a protocol, bridge, DAO, wallet product, custodian or payment processor (also"
                    + " when its staff were reached by phishing or social engineering), and compromised front-ends, DNS records or"
                    + " libraries that drained its users.",
            "Rug pulls and insider thefts by a project's own team, and losses a protocol's own faulty code or configuration handed"
                    + " to others (liquidations on a misconfigured oracle, an unguarded swap), as the datasets list them.",
            "CeFi: hacks of centralized exchanges and custody platforms (hot-wallet and key compromises such as Bybit, DMM Bitcoin"
                    + " or WazirX). DefiLlama's list records them (target type CEX), and the reports that publish hack totals count"
                    + " them too.");

    public static final List<String> OUT = List.of(
            "Thefts from individual persons: phishing or address poisoning of one holder, social engineering of a private"
                    + " individual, a personal wallet's stolen key. None of the datasets Perimeter ships lists them, so no count"
                    + " here could hold them completely.",
            "Frauds and failures without an attack: Ponzi schemes, exchange insolvencies, market crashes and depegs.");

    public static final List<String> COUNTED = List.of(
            "One incident per event, however many datasets list it (incidents/merge-report.csv says which records were"
                    + " joined), on the attack's UTC date, in its semester.",
            "A CeFi hack counts like any other incident: in the counts, the totals, the means and medians.",
            "The loss is what was taken at the time, in US dollars, as the sources state it; funds returned later are shown"
                    + " apart (net loss = total − returned). A loss stated only in tokens is unknown: it stays in the count and out"
                    + " of the USD figures.",
            "Figures a report published are shown beside ours with their source, never merged into ours. A report's own rule"
                    + " may differ from this one, and the sources read do not always state it.");

    /** The rule as Markdown bullet lists (SOURCES.md holds exactly this block). */
    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("Counted:\n\n");
        for (String s : IN) sb.append("- ").append(s).append('\n');
        sb.append("\nNot counted:\n\n");
        for (String s : OUT) sb.append("- ").append(s).append('\n');
        sb.append("\nHow:\n\n");
        for (String s : COUNTED) sb.append("- ").append(s).append('\n');
        return sb.toString();
    }
}
