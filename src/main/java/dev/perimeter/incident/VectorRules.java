package dev.perimeter.incident;

import dev.perimeter.util.Csv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The visible rule table that classifies an incident's vector from its technique/category text.
 * Rules are tried in file order; the first whose pattern is found wins. Overrides (reviewed, sourced) win over rules.
 */
public final class VectorRules {
    public record Rule(String id, Pattern pattern, Vector vector, String meaning) {}

    public record Override(String key, Vector vector, String reason, String source) {}

    public record Result(Vector vector, String rule) {}

    public static final String FALLBACK_RULE = "fallback:no-rule-matched";

    private final List<Rule> rules;
    private final Map<String, Override> overrides;

    public VectorRules(List<Rule> rules, Map<String, Override> overrides) {
        this.rules = List.copyOf(rules);
        this.overrides = Map.copyOf(overrides);
    }

    public List<Rule> rules() {
        return rules;
    }

    public static List<Rule> parseRules(byte[] csv, String fileName) {
        List<Rule> out = new ArrayList<>();
        for (Csv.Row r : Csv.read(csv, fileName, List.of("rule", "pattern", "vector", "meaning"))) {
            Vector v = Vector.parse(r.get("vector")).orElseThrow(() ->
                    new Csv.CsvException(fileName + ": line " + r.line() + ": unknown vector '" + r.get("vector") + "'", null));
            try {
                out.add(new Rule(r.get("rule"), Pattern.compile(r.get("pattern"), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
                        v, r.get("meaning")));
            } catch (PatternSyntaxException e) {
                throw new Csv.CsvException(fileName + ": line " + r.line() + ": bad pattern: " + e.getDescription(), e);
            }
        }
        return out;
    }

    public static Map<String, Override> parseOverrides(byte[] csv, String fileName) {
        Map<String, Override> out = new java.util.LinkedHashMap<>();
        for (Csv.Row r : Csv.read(csv, fileName, List.of("dataset", "date", "name", "vector", "reason", "source"))) {
            Vector v = Vector.parse(r.get("vector")).orElseThrow(() ->
                    new Csv.CsvException(fileName + ": line " + r.line() + ": unknown vector '" + r.get("vector") + "'", null));
            if (r.get("source").isEmpty()) {
                throw new Csv.CsvException(fileName + ": line " + r.line() + ": an override needs a source", null);
            }
            String key = r.get("dataset") + "|" + r.get("date") + "|" + r.get("name");
            out.put(key, new Override(key, v, r.get("reason"), r.get("source")));
        }
        return out;
    }

    /** Classify technique text by the rule table only. */
    public Result classify(String text) {
        if (text != null && !text.isBlank()) {
            for (Rule r : rules) {
                if (r.pattern().matcher(text).find()) return new Result(r.vector(), "rule:" + r.id());
            }
        }
        return new Result(Vector.OTHER, FALLBACK_RULE);
    }

    /** Override for one of the source records, if a reviewed override names it. */
    public java.util.Optional<Override> overrideFor(List<SourceRecord> records) {
        for (SourceRecord s : records) {
            Override o = overrides.get(s.key());
            if (o != null) return java.util.Optional.of(o);
        }
        return java.util.Optional.empty();
    }

    public java.util.Set<String> overrideKeys() {
        return overrides.keySet();
    }
}
