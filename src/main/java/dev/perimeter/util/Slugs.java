package dev.perimeter.util;

import java.text.Normalizer;
import java.util.Locale;

public final class Slugs {
    private Slugs() {}

    /** "Poly Network" -> "poly-network"; accents dropped, runs of other characters become one dash. */
    public static String slug(String name) {
        if (name == null) return "";
        String s = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        s = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 100) s = s.substring(0, 100).replaceAll("-+$", "");
        return s.isEmpty() ? "unnamed" : s;
    }
}
