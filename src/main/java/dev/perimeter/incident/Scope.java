package dev.perimeter.incident;

import java.util.Locale;
import java.util.Optional;

/**
 * What an incident touched, as a holder of the protocol's tokens should read it (issue 12):
 * {@code contracts} — the named contracts only; {@code protocol} — its keys, bridge, treasury or core contracts, so
 * anything of the protocol may be hit; {@code peripheral} — a helper contract users' deposits did not depend on.
 */
public enum Scope {
    CONTRACTS("contracts"),
    PROTOCOL("protocol"),
    PERIPHERAL("peripheral");

    public final String code;

    Scope(String code) {
        this.code = code;
    }

    public static Optional<Scope> parse(String s) {
        if (s == null) return Optional.empty();
        String t = s.trim().toLowerCase(Locale.ROOT);
        for (Scope v : values()) if (v.code.equals(t)) return Optional.of(v);
        return Optional.empty();
    }
}
