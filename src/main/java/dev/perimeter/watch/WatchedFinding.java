package dev.perimeter.watch;

import dev.perimeter.exposure.Finding;
import dev.perimeter.exposure.FindingKind;
import dev.perimeter.exposure.Severity;

import java.util.List;

/**
 * A finding as a watch keeps it: enough to say what changed, and for a resolved one what it was. No wallet address.
 * @param evidence the rule and matched rows, one a line (null when read back from storage)
 */
public record WatchedFinding(String key, String chain, FindingKind kind, Severity severity, String asset, String assetSymbol,
                             String spender, String protocol, String infrastructure, List<String> incidentIds, String message,
                             String evidence) {

    public static WatchedFinding of(Finding f) {
        StringBuilder ev = new StringBuilder("Rule: ").append(f.evidence().rule());
        for (String m : f.evidence().matched()) ev.append('\n').append(m);
        return new WatchedFinding(f.key(), f.chain(), f.kind(), f.severity(), f.asset(), f.assetSymbol(), f.spender(),
                f.protocol(), f.infrastructure(), List.copyOf(f.incidentIds()), f.message(), cut(ev.toString(), 8000));
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
