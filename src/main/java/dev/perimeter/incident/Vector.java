package dev.perimeter.incident;

import java.util.Locale;
import java.util.Optional;

/** Attack vector class, as in the seed report's split. */
public enum Vector {
    INFRASTRUCTURE("infrastructure", "Infrastructure / keys"),
    SMART_CONTRACT("smart_contract", "Smart contract"),
    OTHER("other", "Other / unknown");

    public final String code;
    public final String label;

    Vector(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public static Optional<Vector> parse(String s) {
        if (s == null) return Optional.empty();
        String t = s.trim().toLowerCase(Locale.ROOT);
        for (Vector v : values()) if (v.code.equals(t)) return Optional.of(v);
        return Optional.empty();
    }
}
