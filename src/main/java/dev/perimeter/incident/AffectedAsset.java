package dev.perimeter.incident;

import dev.perimeter.util.Addresses;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A token an incident drained, minted or depegged: a symbol, and where the source gives them, its chain and lowercase
 * address. Written {@code SYMBOL}, {@code SYMBOL@chain} or {@code SYMBOL@chain:0xaddress}; lists are separated by ";".
 */
public record AffectedAsset(String symbol, String chain, String address) {
    private static final Pattern FORM = Pattern.compile("([^@;\\s]+)(?:@([a-z0-9-]+)(?::(0x[0-9a-fA-F]{40}))?)?");

    public static Optional<AffectedAsset> parse(String s) {
        if (s == null) return Optional.empty();
        Matcher m = FORM.matcher(s.trim());
        if (!m.matches()) return Optional.empty();
        String address = m.group(3) == null ? null : Addresses.lower(m.group(3)).orElse(null);
        if (m.group(3) != null && address == null) return Optional.empty();
        return Optional.of(new AffectedAsset(m.group(1), m.group(2), address));
    }

    /** Parses a ";"-separated list; throws IllegalArgumentException naming the bad entry. */
    public static List<AffectedAsset> parseList(String s) {
        List<AffectedAsset> out = new ArrayList<>();
        if (s == null || s.isBlank()) return out;
        for (String part : s.split(";")) {
            if (part.isBlank()) continue;
            out.add(parse(part).orElseThrow(() -> new IllegalArgumentException("'" + part.trim()
                    + "' is not SYMBOL, SYMBOL@chain or SYMBOL@chain:0xaddress")));
        }
        return out;
    }

    public String format() {
        return symbol + (chain == null ? "" : "@" + chain + (address == null ? "" : ":" + address));
    }

    /** Same symbol, ignoring case ("rsETH" = "RSETH"). */
    public boolean symbolIs(String other) {
        return other != null && symbol.toLowerCase(Locale.ROOT).equals(other.toLowerCase(Locale.ROOT));
    }
}
