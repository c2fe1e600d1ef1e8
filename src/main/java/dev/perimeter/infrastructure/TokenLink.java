package dev.perimeter.infrastructure;

import dev.perimeter.token.Token;

import java.util.List;

/**
 * Why a token depends on an infrastructure row: the rule that matched, and the tokens followed to reach the token it
 * matched ({@code path} is empty when the rule matched the token itself; otherwise it lists the underlying or origin
 * tokens followed, ending with the matched one).
 */
public record TokenLink(String infrastructure, TokenRule rule, List<Token> path, List<String> relations) {
    public TokenLink {
        path = List.copyOf(path);
        relations = List.copyOf(relations);
    }

    public boolean direct() {
        return path.isEmpty();
    }

    /** "" for a direct link; else e.g. "via underlying USDC (ethereum) → origin WBTC (ethereum)". */
    public String via() {
        if (path.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("via ");
        for (int i = 0; i < path.size(); i++) {
            if (i > 0) sb.append(" → ");
            sb.append(relations.get(i)).append(' ').append(path.get(i).display()).append(" (").append(path.get(i).chain()).append(')');
        }
        return sb.toString();
    }
}
