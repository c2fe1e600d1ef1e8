package dev.perimeter.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON array DefiLlama's hacks endpoint serves: {@code date} (unix seconds), {@code name}, {@code classification},
 * {@code technique}, {@code amount} (USD), {@code chain[]}, {@code bridgeHack}, {@code targetType}, {@code source},
 * {@code returnedFunds}, {@code defillamaId}, {@code parentProtocolId}, {@code language}. Every row is validated; each
 * problem names its item.
 */
public final class DefiLlamaFormat {
    /** One hack as DefiLlama lists it; chains are Perimeter incident-chain slugs ("other" for chains we do not track). */
    public record Hack(LocalDate date, String name, String classification, String technique, BigDecimal amountUsd,
                       List<String> chains, boolean bridgeHack, String targetType, String source, BigDecimal returnedFundsUsd,
                       String defillamaId, String parentProtocolId, String language) {}

    private DefiLlamaFormat() {}

    public static Parsed<Hack> parse(byte[] content, ObjectMapper json) {
        List<Problem> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = json.readTree(content);
        } catch (IOException e) {
            return new Parsed<>(List.of(), List.of(new Problem("file", "not JSON (" + firstLine(e.getMessage()) + ")")));
        }
        if (root == null || !root.isArray()) return new Parsed<>(List.of(), List.of(new Problem("file", "not a JSON array of hacks")));
        List<Hack> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode h = root.get(i);
            String where = "item " + (i + 1);
            if (!h.isObject()) {
                problems.add(new Problem(where, "not an object"));
                continue;
            }
            String name = text(h, "name");
            if (name != null) where += " (" + name + ")";
            int before = problems.size();
            if (name == null || name.isBlank()) problems.add(new Problem(where, "name is missing"));
            LocalDate date = null;
            JsonNode d = h.get("date");
            if (d == null || !d.canConvertToLong() || !d.isIntegralNumber()) {
                problems.add(new Problem(where, "date is not a unix time in seconds"));
            } else {
                long secs = d.asLong();
                if (secs < 1_230_768_000L || secs > 4_102_444_800L) problems.add(new Problem(where, "date " + secs + " is not between 2009 and 2100"));
                else date = Instant.ofEpochSecond(secs).atZone(ZoneOffset.UTC).toLocalDate();
            }
            BigDecimal amount = money(h, "amount", where, problems);
            BigDecimal returned = money(h, "returnedFunds", where, problems);
            List<String> chains = new ArrayList<>();
            JsonNode c = h.get("chain");
            if (c != null && !c.isNull()) {
                if (!c.isArray()) {
                    problems.add(new Problem(where, "chain is not a list"));
                } else {
                    for (JsonNode x : c) {
                        if (!x.isTextual()) {
                            problems.add(new Problem(where, "chain holds a non-text value"));
                            continue;
                        }
                        String slug = ExternalChains.fromDefiLlama(x.asText());
                        if (!chains.contains(slug)) chains.add(slug);
                    }
                }
            }
            JsonNode bridge = h.get("bridgeHack");
            if (bridge != null && !bridge.isNull() && !bridge.isBoolean()) problems.add(new Problem(where, "bridgeHack is not true or false"));
            for (String f : List.of("classification", "technique", "targetType", "source", "parentProtocolId", "language")) {
                JsonNode x = h.get(f);
                if (x != null && !x.isNull() && !x.isTextual()) problems.add(new Problem(where, f + " is not text"));
            }
            String source = text(h, "source");
            if (source != null && !source.isBlank() && !source.matches("https?://\\S+")) problems.add(new Problem(where, "source is not an http(s) URL"));
            JsonNode id = h.get("defillamaId");
            if (id != null && !id.isNull() && !id.isTextual() && !id.isIntegralNumber()) problems.add(new Problem(where, "defillamaId is not an id"));
            if (problems.size() > before) continue;
            out.add(new Hack(date, name.trim(), text(h, "classification"), text(h, "technique"), amount, List.copyOf(chains),
                    bridge != null && bridge.asBoolean(false), text(h, "targetType"), blankToNull(source), returned,
                    id == null || id.isNull() ? null : id.asText(), text(h, "parentProtocolId"), text(h, "language")));
        }
        return new Parsed<>(out, problems);
    }

    private static BigDecimal money(JsonNode h, String field, String where, List<Problem> problems) {
        JsonNode x = h.get(field);
        if (x == null || x.isNull()) return null;
        if (!x.isNumber()) {
            problems.add(new Problem(where, field + " is not a number"));
            return null;
        }
        BigDecimal v = x.decimalValue();
        if (v.signum() < 0) {
            problems.add(new Problem(where, field + " is negative"));
            return null;
        }
        return v;
    }

    private static String text(JsonNode h, String field) {
        JsonNode x = h.get(field);
        return x == null || x.isNull() || !x.isTextual() ? null : blankToNull(x.asText().trim());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static String firstLine(String s) {
        if (s == null) return "unreadable";
        int n = s.indexOf('\n');
        String t = n < 0 ? s : s.substring(0, n);
        return t.length() > 160 ? t.substring(0, 160) : t;
    }
}
