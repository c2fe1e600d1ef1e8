package dev.perimeter.infrastructure;

import dev.perimeter.token.Token;

import java.util.List;
import java.util.Objects;

/**
 * One row of data/infrastructure/token-rules.csv: "a registry token whose {@code matchField} equals {@code matchValue}
 * (on {@code chain}, when set) depends on {@code infrastructure}, in that order". See data/infrastructure/README.md.
 */
public record TokenRule(String id, String matchField, String matchValue, String chain, List<String> infrastructure,
                        String reason, String source, int line) {
    /** The token fields a rule can test. */
    public static final List<String> FIELDS = List.of("bridge", "address", "symbol", "protocol", "origin_address");

    public TokenRule {
        infrastructure = List.copyOf(infrastructure);
    }

    public boolean matches(Token t) {
        if (chain != null && !chain.equals(t.chain())) return false;
        String actual = switch (matchField) {
            case "bridge" -> t.bridge();
            case "address" -> t.address();
            case "symbol" -> t.symbol();
            case "protocol" -> t.protocol();
            case "origin_address" -> t.originAddress();
            default -> null;
        };
        if (actual == null) return false;
        // Addresses are lowercase on disk; a caller may hold a checksummed one.
        return matchField.endsWith("address") ? actual.equalsIgnoreCase(matchValue) : Objects.equals(actual, matchValue);
    }
}
