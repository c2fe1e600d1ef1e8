package dev.perimeter.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Revoke.cash's approval-exploit list, laid out as its repository is: {@code index.json} (a JSON array of slugs) and
 * {@code exploits/{slug}.json} with {@code name}, {@code description}, {@code date}, {@code amount} (millions of USD),
 * {@code addresses[] {chainId, address}} and {@code metaArticleUrls[]}. A chain id Perimeter does not scan is kept with its
 * id (the contract is recorded, not matched).
 */
public final class RevokeFormat {
    /** A contract of an exploit: the chain id as written, Perimeter's slug when it scans that chain, lowercase address. */
    public record Contract(long chainId, String chain, String address) {}

    /** @param fixed the list marks the exploit fixed (the contract was upgraded or the issue closed): revoking is optional */
    public record Exploit(String slug, String name, String description, LocalDate date, BigDecimal amountUsd, boolean fixed,
                          List<Contract> contracts, List<String> urls) {}

    /** The files of the list: slug → content; an exploit file that is missing is a problem of the index. */
    public interface Files {
        Optional<byte[]> read(String relativePath) throws IOException;
    }

    private RevokeFormat() {}

    /** A folder laid out like the repository, or one exploit file (its slug is the file name). */
    public static Parsed<Exploit> parsePath(Path path, ObjectMapper json) {
        try {
            if (java.nio.file.Files.isRegularFile(path)) {
                String slug = path.getFileName().toString().replaceFirst("\\.json$", "");
                return parseExploitFile(slug, java.nio.file.Files.readAllBytes(path), json);
            }
            if (!java.nio.file.Files.isDirectory(path)) return new Parsed<>(List.of(), List.of(new Problem(path.toString(), "no such file or folder")));
            return parse(rel -> {
                Path p = path.resolve(rel);
                return java.nio.file.Files.isRegularFile(p) ? Optional.of(java.nio.file.Files.readAllBytes(p)) : Optional.empty();
            }, json);
        } catch (IOException e) {
            return new Parsed<>(List.of(), List.of(new Problem(path.toString(), "cannot be read: " + e.getMessage())));
        }
    }

    /** index.json and every exploits/{slug}.json it names. */
    public static Parsed<Exploit> parse(Files files, ObjectMapper json) throws IOException {
        byte[] index = files.read("index.json").orElse(null);
        if (index == null) return new Parsed<>(List.of(), List.of(new Problem("index.json", "missing")));
        JsonNode slugs;
        try {
            slugs = json.readTree(index);
        } catch (IOException e) {
            return new Parsed<>(List.of(), List.of(new Problem("index.json", "not JSON (" + DefiLlamaFormat.firstLine(e.getMessage()) + ")")));
        }
        if (slugs == null || !slugs.isArray()) return new Parsed<>(List.of(), List.of(new Problem("index.json", "not a JSON array of slugs")));
        List<Exploit> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < slugs.size(); i++) {
            JsonNode s = slugs.get(i);
            if (!s.isTextual() || !s.asText().matches("[a-z0-9][a-z0-9-]{0,99}")) {
                problems.add(new Problem("index.json item " + (i + 1), "not a slug"));
                continue;
            }
            String path = "exploits/" + s.asText() + ".json";
            byte[] b = files.read(path).orElse(null);
            if (b == null) {
                problems.add(new Problem(path, "named in index.json but missing"));
                continue;
            }
            Parsed<Exploit> one = parseExploitFile(s.asText(), b, json);
            out.addAll(one.rows());
            problems.addAll(one.problems());
        }
        return new Parsed<>(out, problems);
    }

    public static Parsed<Exploit> parseExploitFile(String slug, byte[] content, ObjectMapper json) {
        String where = "exploits/" + slug + ".json";
        List<Problem> problems = new ArrayList<>();
        JsonNode e;
        try {
            e = json.readTree(content);
        } catch (IOException ex) {
            return new Parsed<>(List.of(), List.of(new Problem(where, "not JSON (" + DefiLlamaFormat.firstLine(ex.getMessage()) + ")")));
        }
        if (e == null || !e.isObject()) return new Parsed<>(List.of(), List.of(new Problem(where, "not a JSON object")));
        String name = text(e, "name");
        if (name == null) problems.add(new Problem(where, "name is missing"));
        LocalDate date = null;
        String d = text(e, "date");
        if (d == null) {
            problems.add(new Problem(where, "date is missing"));
        } else {
            try {
                date = LocalDate.parse(d);
            } catch (DateTimeParseException ex) {
                problems.add(new Problem(where, "date '" + d + "' is not a date (YYYY-MM-DD)"));
            }
        }
        BigDecimal amount = null;
        JsonNode a = e.get("amount");
        if (a != null && !a.isNull()) {
            if (!a.isNumber() || a.decimalValue().signum() < 0) problems.add(new Problem(where, "amount is not a number of millions of USD"));
            else {
                amount = millions(a.decimalValue());
            }
        }
        List<Contract> contracts = new ArrayList<>();
        JsonNode addrs = e.get("addresses");
        if (addrs == null || !addrs.isArray()) {
            problems.add(new Problem(where, "addresses is not a list"));
        } else {
            for (int i = 0; i < addrs.size(); i++) {
                JsonNode x = addrs.get(i);
                String at = where + " addresses[" + i + "]";
                JsonNode id = x.get("chainId");
                JsonNode ad = x.get("address");
                if (id == null || !id.isIntegralNumber() || id.asLong() <= 0) {
                    problems.add(new Problem(at, "chainId is not a chain id"));
                    continue;
                }
                if (ad == null || !ad.isTextual() || !ad.asText().trim().matches("0x[0-9a-fA-F]{40}")) {
                    problems.add(new Problem(at, "address is not 20 bytes (0x + 40 hex)"));
                    continue;
                }
                String lower = ad.asText().trim().toLowerCase(Locale.ROOT);
                contracts.add(new Contract(id.asLong(), ExternalChains.fromChainId(id.asLong()).orElse(null), lower));
            }
        }
        JsonNode fixed = e.get("fixed");
        if (fixed != null && !fixed.isNull() && !fixed.isBoolean()) problems.add(new Problem(where, "fixed is not true or false"));
        List<String> urls = new ArrayList<>();
        JsonNode u = e.get("metaArticleUrls");
        if (u != null && !u.isNull()) {
            if (!u.isArray()) problems.add(new Problem(where, "metaArticleUrls is not a list"));
            else for (JsonNode x : u) if (x.isTextual() && x.asText().matches("https?://\\S+")) urls.add(x.asText());
        }
        if (!problems.isEmpty()) return new Parsed<>(List.of(), problems);
        return new Parsed<>(List.of(new Exploit(slug, name, text(e, "description"), date, amount, fixed != null && fixed.asBoolean(false),
                List.copyOf(contracts), List.copyOf(urls))), List.of());
    }

    public static final List<String> ADDRESS_COLUMNS = List.of("slug", "name", "date", "chain_id", "address", "amount_musd", "fixed", "source");
    public static final List<String> EXPLOIT_COLUMNS = List.of("slug", "name", "date", "amount_musd", "fixed", "description",
            "meta_article_urls", "source");

    /**
     * The shipped CSV copy: {@code addresses} has one row per exploited contract (revoke_approval_exploits.csv), {@code exploits}
     * one row per exploit with its description and article links (revoke_exploits.csv). Every exploit of the first must be
     * in the second; every problem is listed with its file and line.
     */
    public static Parsed<Exploit> parseCsv(byte[] addresses, String addressFile, byte[] exploits, String exploitFile) {
        List<Problem> problems = new ArrayList<>();
        List<dev.perimeter.util.Csv.Row> addrRows, exRows;
        try {
            addrRows = dev.perimeter.util.Csv.read(addresses, addressFile, ADDRESS_COLUMNS);
            exRows = dev.perimeter.util.Csv.read(exploits, exploitFile, EXPLOIT_COLUMNS);
        } catch (dev.perimeter.util.Csv.CsvException e) {
            return new Parsed<>(List.of(), List.of(new Problem("file", e.getMessage())));
        }
        java.util.Map<String, List<Contract>> contracts = new java.util.LinkedHashMap<>();
        for (dev.perimeter.util.Csv.Row r : addrRows) {
            String where = addressFile + " line " + r.line();
            long id;
            try {
                id = Long.parseLong(r.get("chain_id"));
                if (id <= 0) throw new NumberFormatException();
            } catch (NumberFormatException ex) {
                problems.add(new Problem(where, "chain_id is not a chain id"));
                continue;
            }
            if (!r.get("address").matches("0x[0-9a-fA-F]{40}")) {
                problems.add(new Problem(where, "address is not 20 bytes (0x + 40 hex)"));
                continue;
            }
            contracts.computeIfAbsent(r.get("slug"), k -> new ArrayList<>()).add(new Contract(id,
                    ExternalChains.fromChainId(id).orElse(null), r.get("address").toLowerCase(Locale.ROOT)));
        }
        List<Exploit> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (dev.perimeter.util.Csv.Row r : exRows) {
            String where = exploitFile + " line " + r.line();
            String slug = r.get("slug");
            int before = problems.size();
            if (!slug.matches("[a-z0-9][a-z0-9-]{0,99}")) problems.add(new Problem(where, "not a slug"));
            else if (!seen.add(slug)) problems.add(new Problem(where, "slug " + slug + " is listed twice"));
            if (r.get("name").isEmpty()) problems.add(new Problem(where, "name is missing"));
            LocalDate date = null;
            try {
                date = LocalDate.parse(r.get("date"));
            } catch (DateTimeParseException ex) {
                problems.add(new Problem(where, "date '" + r.get("date") + "' is not a date (YYYY-MM-DD)"));
            }
            BigDecimal amount = null;
            if (!r.get("amount_musd").isEmpty()) {
                try {
                    amount = millions(new BigDecimal(r.get("amount_musd")));
                    if (amount.signum() < 0) throw new NumberFormatException();
                } catch (NumberFormatException ex) {
                    problems.add(new Problem(where, "amount_musd is not a number of millions of USD"));
                }
            }
            if (problems.size() > before) continue;
            List<String> urls = new ArrayList<>();
            for (String u : r.get("meta_article_urls").split("\\s+")) if (u.matches("https?://\\S+")) urls.add(u);
            out.add(new Exploit(slug, r.get("name"), r.get("description").isEmpty() ? null : r.get("description"), date, amount,
                    r.get("fixed").equals("true"), List.copyOf(contracts.getOrDefault(slug, List.of())), List.copyOf(urls)));
        }
        for (String slug : contracts.keySet()) {
            if (!seen.contains(slug)) problems.add(new Problem(addressFile, "exploit " + slug + " is not in " + exploitFile));
        }
        return new Parsed<>(out, problems);
    }

    static BigDecimal millions(BigDecimal m) {
        BigDecimal v = m.movePointRight(6).stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }

    /** The exploit as canonical JSON text (equal content, equal text, whether read from the repository's files or the CSV copy). */
    public static String canonical(Exploit x, ObjectMapper json) {
        com.fasterxml.jackson.databind.node.ObjectNode o = json.createObjectNode();
        o.put("slug", x.slug());
        o.put("name", x.name());
        o.put("description", x.description());
        o.put("date", x.date().toString());
        o.put("amountUsd", x.amountUsd() == null ? null : DefiLlamaFormat.plain(x.amountUsd()));
        o.put("fixed", x.fixed());
        com.fasterxml.jackson.databind.node.ArrayNode a = o.putArray("addresses");
        for (Contract c : x.contracts()) a.addObject().put("chainId", c.chainId()).put("address", c.address());
        com.fasterxml.jackson.databind.node.ArrayNode u = o.putArray("urls");
        x.urls().forEach(u::add);
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads {@link #canonical} back. */
    public static Exploit fromCanonical(String text, ObjectMapper json) {
        try {
            JsonNode o = json.readTree(text);
            List<Contract> cs = new ArrayList<>();
            for (JsonNode c : o.get("addresses")) {
                long id = c.get("chainId").asLong();
                cs.add(new Contract(id, ExternalChains.fromChainId(id).orElse(null), c.get("address").asText()));
            }
            List<String> urls = new ArrayList<>();
            o.get("urls").forEach(x -> urls.add(x.asText()));
            return new Exploit(o.get("slug").asText(), o.get("name").asText(), text(o, "description"), LocalDate.parse(o.get("date").asText()),
                    text(o, "amountUsd") == null ? null : new BigDecimal(text(o, "amountUsd")), o.get("fixed").asBoolean(),
                    List.copyOf(cs), List.copyOf(urls));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("stored Revoke.cash record is unreadable: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode h, String field) {
        JsonNode x = h.get(field);
        return x == null || x.isNull() || !x.isTextual() || x.asText().isBlank() ? null : x.asText().trim();
    }
}
