package dev.perimeter.incident;

import dev.perimeter.util.Csv;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The visible rule table ({@code data/incidents/vector-rules.csv}) that classifies an incident's vector from its
 * records' technique/category and title text, and — for rules that say so — the words of their source links.
 * Rules are tried in file order; the first rule that matches any record of the incident wins. A verified review
 * (reviews.csv) wins over every rule; the rule that decided is stored with each incident, with the text it matched.
 */
public final class VectorRules {
    /** @param reads "text" (technique/category and title) or "text+urls" (also the source links) */
    public record Rule(String id, String reads, Pattern pattern, Vector vector, String meaning) {
        boolean readsUrls() {
            return reads.contains("urls");
        }
    }

    /** @param rule "rule:&lt;id&gt;" or {@link #FALLBACK_RULE}; @param basis the rule's meaning and what it matched, in words */
    public record Result(Vector vector, String rule, String basis) {}

    public static final String FALLBACK_RULE = "fallback:no-rule-matched";
    public static final String FALLBACK_BASIS = "no rule matched the technique, title or category text: the vector is unknown,"
            + " counted as other";
    private static final Set<String> READS = Set.of("text", "text+urls");

    private final List<Rule> rules;

    public VectorRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    public static List<Rule> parseRules(byte[] csv, String fileName) {
        List<Rule> out = new ArrayList<>();
        for (Csv.Row r : Csv.read(csv, fileName, List.of("rule", "reads", "pattern", "vector", "meaning"))) {
            Vector v = Vector.parse(r.get("vector")).orElseThrow(() ->
                    new Csv.CsvException(fileName + ": line " + r.line() + ": unknown vector '" + r.get("vector") + "'", null));
            if (!READS.contains(r.get("reads"))) {
                throw new Csv.CsvException(fileName + ": line " + r.line() + ": reads must be text or text+urls", null);
            }
            try {
                out.add(new Rule(r.get("rule"), r.get("reads"),
                        Pattern.compile(r.get("pattern"), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), v, r.get("meaning")));
            } catch (PatternSyntaxException e) {
                throw new Csv.CsvException(fileName + ": line " + r.line() + ": bad pattern: " + e.getDescription(), e);
            }
        }
        return out;
    }

    /** Classify one technique text by the rule table (rules that read links see none here). */
    public Result classify(String text) {
        if (text != null && !text.isBlank()) {
            for (Rule r : rules) {
                Matcher m = r.pattern().matcher(text);
                if (m.find()) return result(r, m.group(), "text");
            }
        }
        return new Result(Vector.OTHER, FALLBACK_RULE, FALLBACK_BASIS);
    }

    /** Classify an incident from all its records: rules in file order, the first that matches any record wins. */
    public Result classify(List<SourceRecord> records) {
        for (Rule r : rules) {
            for (SourceRecord s : records) {
                for (Field field : fields(s, r.readsUrls())) {
                    if (field.text() == null || field.text().isBlank()) continue;
                    Matcher m = r.pattern().matcher(field.text());
                    if (m.find()) return result(r, m.group(), s.dataset() + " " + field.name());
                }
            }
        }
        return new Result(Vector.OTHER, FALLBACK_RULE, FALLBACK_BASIS);
    }

    /** A text of a record the rules read, with the name a basis gives it ("technique", "title", "source links"). */
    private record Field(String name, String text) {}

    private static List<Field> fields(SourceRecord s, boolean urls) {
        List<Field> out = new ArrayList<>();
        out.add(new Field(s.dataset().equals("chronicle") ? "category" : s.dataset().equals("revoke") ? "description" : "technique",
                s.technique()));
        out.add(new Field("title", s.title()));
        if (urls) out.add(new Field("source links", String.join(" ", s.urls())));
        return out;
    }

    private static Result result(Rule r, String matched, String where) {
        return new Result(r.vector(), "rule:" + r.id(), "rule " + r.id() + " (" + r.vector().code + "): " + r.meaning()
                + " — matched “" + matched + "” in the " + where);
    }
}
