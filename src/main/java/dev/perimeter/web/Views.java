package dev.perimeter.web;

import dev.perimeter.util.Addresses;
import dev.perimeter.util.Chains;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Formatting helpers the templates call as ${v.usd(x)} etc. Stateless. */
public final class Views {
    /** $292M / $219K / $950 ; "unknown" for null (see {@link dev.perimeter.util.Usd#compact}). */
    public String usd(BigDecimal x) {
        return dev.perimeter.util.Usd.compact(x);
    }

    /** Full precision with thousands separators: $292,000,000. */
    public String usdExact(BigDecimal x) {
        return dev.perimeter.util.Usd.exact(x);
    }

    public String pct(BigDecimal x) {
        if (x == null) return "—";
        return x.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%";
    }

    /** part / whole as a percentage for display; "—" when the whole is zero or unknown. */
    public String share(BigDecimal part, BigDecimal whole) {
        if (part == null || whole == null || whole.signum() == 0) return "—";
        return pct(part.multiply(BigDecimal.valueOf(100)).divide(whole, 4, RoundingMode.HALF_UP));
    }

    public String num(long n) {
        return String.format(java.util.Locale.ENGLISH, "%,d", n);
    }

    public String checksum(String address) {
        return address != null && Addresses.isHex40(address) ? Addresses.checksum(address) : address;
    }

    public String explorer(String chain, String address) {
        return Chains.explorerAddressUrl(chain, address);
    }

    public String chainName(String slug) {
        return Chains.bySlug(slug).map(Chains.Chain::name).orElse(slug);
    }

    public String enc(String s) {
        return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Only http(s) links are rendered as links; anything else is shown as text. */
    /** A source as people can follow it: its name and, when it has one, its URL (SourceRefs). */
    public dev.perimeter.util.SourceRefs.Link source(String ref) {
        return dev.perimeter.util.SourceRefs.of(ref);
    }

    public boolean isLink(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://"));
    }

    /** Words of a text, split so the template can render http(s) links as links and the rest as (escaped) text. */
    public java.util.List<String> words(String text) {
        if (text == null || text.isBlank()) return java.util.List.of();
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder plain = new StringBuilder();
        for (String w : text.split(" ", -1)) {
            if (isLink(w)) {
                if (plain.length() > 0) out.add(plain.toString());
                plain.setLength(0);
                out.add(w);
                plain.append(' ');
            } else {
                plain.append(w).append(' ');
            }
        }
        if (plain.toString().isBlank()) return out;
        out.add(plain.toString().stripTrailing());
        return out;
    }

    /** A token amount for display: thousands separators, at most 6 decimals (exact value in the API). */
    public String amount(BigDecimal x) {
        if (x == null) return "unknown (no decimals)";
        BigDecimal r = x.setScale(Math.min(6, Math.max(0, x.scale())), RoundingMode.DOWN);
        if (r.signum() == 0 && x.signum() != 0) return "< 0.000001";
        String plain = r.toPlainString();
        int dot = plain.indexOf('.');
        String intPart = dot < 0 ? plain : plain.substring(0, dot);
        String frac = dot < 0 ? "" : plain.substring(dot);
        return String.format(java.util.Locale.ENGLISH, "%,d", new java.math.BigInteger(intPart)) + frac;
    }

    /** A position's raw amounts that are not zero, as "liquidity 123; tokensOwed0 4" (raw units: no decimals apply). */
    public String positionAmounts(dev.perimeter.position.Position p) {
        StringBuilder b = new StringBuilder();
        p.amounts().forEach((k, x) -> {
            if (x.signum() == 0 || k.equals("fee")) return;
            if (b.length() > 0) b.append("; ");
            b.append(k).append(' ').append(x);
        });
        return b.length() == 0 ? "—" : b.toString();
    }

    public String shortAddr(String a) {
        String c = checksum(a);
        return c != null && c.length() == 42 ? c.substring(0, 6) + "…" + c.substring(38) : c;
    }

    /** Cuts user text for echoing in messages (it is escaped on output in any case). */
    public static String clip(String s, int max) {
        if (s == null) return "";
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    public String vectorLabel(String code) {
        return dev.perimeter.incident.Vector.parse(code).map(v -> v.label).orElse(code);
    }
}
