package dev.perimeter.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perimeter.util.Csv;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
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

    /** The columns of the shipped copy of DefiLlama's list (data/incidents/defillama_hacks.csv). */
    public static final List<String> CSV_COLUMNS = List.of("date", "name", "amount_usd", "chains", "classification", "technique",
            "bridge_hack", "target_type", "returned_funds", "defillama_id", "parent_protocol_id", "evidence_url", "source");

    /**
     * The shipped CSV copy of the same list: one row per hack, chains {@code ;}-separated, date as YYYY-MM-DD. Validated like
     * the JSON (every problem with its line).
     */
    public static Parsed<Hack> parseCsv(byte[] content, String file) {
        List<Csv.Row> rows;
        try {
            rows = Csv.read(content, file, CSV_COLUMNS);
        } catch (Csv.CsvException e) {
            return new Parsed<>(List.of(), List.of(new Problem(file, e.getMessage())));
        }
        List<Hack> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Csv.Row r : rows) {
            String where = file + " line " + r.line();
            int before = problems.size();
            LocalDate date = null;
            try {
                date = LocalDate.parse(r.get("date"));
            } catch (DateTimeParseException e) {
                problems.add(new Problem(where, "date '" + r.get("date") + "' is not a date (YYYY-MM-DD)"));
            }
            if (r.get("name").isEmpty()) problems.add(new Problem(where, "name is missing"));
            BigDecimal amount = csvMoney(r.get("amount_usd"), "amount_usd", where, problems);
            BigDecimal returned = csvMoney(r.get("returned_funds"), "returned_funds", where, problems);
            List<String> chains = new ArrayList<>();
            for (String c : r.get("chains").split(";")) {
                if (c.isBlank()) continue;
                String slug = ExternalChains.fromDefiLlama(c);
                if (!chains.contains(slug)) chains.add(slug);
            }
            String bridge = r.get("bridge_hack");
            if (!bridge.isEmpty() && !bridge.equals("true") && !bridge.equals("false")) {
                problems.add(new Problem(where, "bridge_hack is not true or false"));
            }
            String source = r.get("evidence_url");
            if (!source.isEmpty() && !source.matches("https?://\\S+")) problems.add(new Problem(where, "evidence_url is not an http(s) URL"));
            if (problems.size() > before) continue;
            out.add(new Hack(date, r.get("name"), blankToNull(r.get("classification")), blankToNull(r.get("technique")), amount,
                    List.copyOf(chains), bridge.equals("true"), blankToNull(r.get("target_type")), blankToNull(source), returned,
                    blankToNull(r.get("defillama_id")), blankToNull(r.get("parent_protocol_id")), null));
        }
        return new Parsed<>(out, problems);
    }

    private static BigDecimal csvMoney(String s, String column, String where, List<Problem> problems) {
        if (s.isEmpty()) return null;
        try {
            BigDecimal v = new BigDecimal(s);
            if (v.signum() < 0) {
                problems.add(new Problem(where, column + " is negative"));
                return null;
            }
            return v;
        } catch (NumberFormatException e) {
            problems.add(new Problem(where, column + " '" + s + "' is not a number"));
            return null;
        }
    }

    /**
     * The hack as a canonical JSON object: the fields that make an incident record (not {@code language}), amounts as plain
     * decimal strings, the date as YYYY-MM-DD. Equal content gives equal text, whichever shape (JSON or CSV) it was read from.
     */
    public static String canonical(Hack h, ObjectMapper json) {
        ObjectNode o = json.createObjectNode();
        o.put("date", h.date().toString());
        o.put("name", h.name());
        o.put("classification", h.classification());
        o.put("technique", h.technique());
        o.put("amountUsd", plain(h.amountUsd()));
        ArrayNode chains = o.putArray("chains");
        h.chains().forEach(chains::add);
        o.put("bridgeHack", h.bridgeHack());
        o.put("targetType", h.targetType());
        o.put("source", h.source());
        o.put("returnedFundsUsd", plain(h.returnedFundsUsd()));
        o.put("defillamaId", h.defillamaId());
        o.put("parentProtocolId", h.parentProtocolId());
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads {@link #canonical} back. */
    public static Hack fromCanonical(String text, ObjectMapper json) {
        try {
            JsonNode o = json.readTree(text);
            List<String> chains = new ArrayList<>();
            o.get("chains").forEach(c -> chains.add(c.asText()));
            return new Hack(LocalDate.parse(o.get("date").asText()), o.get("name").asText(), text(o, "classification"),
                    text(o, "technique"), decimal(o, "amountUsd"), List.copyOf(chains), o.get("bridgeHack").asBoolean(),
                    text(o, "targetType"), text(o, "source"), decimal(o, "returnedFundsUsd"), text(o, "defillamaId"),
                    text(o, "parentProtocolId"), null);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("stored DefiLlama record is unreadable: " + e.getMessage(), e);
        }
    }

    /** An amount as plain decimal text without trailing zeros ("60000000", "2500000.5"). */
    public static String plainAmount(BigDecimal v) {
        return plain(v);
    }

    static String plain(BigDecimal v) {
        if (v == null) return null;
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }

    private static BigDecimal decimal(JsonNode o, String field) {
        String t = text(o, field);
        return t == null ? null : new BigDecimal(t);
    }

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
