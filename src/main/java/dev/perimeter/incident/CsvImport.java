package dev.perimeter.incident;

import dev.perimeter.util.Csv;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The user CSV import, format v1:
 * {@code date,protocol,loss_usd,chains,vector,technique,attribution,funds_returned_usd,source_url,verified}.
 * The whole file is validated before anything is returned: either every row is good, or the errors list every bad row.
 */
public final class CsvImport {
    public static final List<String> HEADER = List.of("date", "protocol", "loss_usd", "chains", "vector", "technique",
            "attribution", "funds_returned_usd", "source_url", "verified");
    public static final List<String> REQUIRED = List.of("date", "protocol", "source_url");

    public record Result(List<Incident> incidents, List<String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private CsvImport() {}

    public static Result parse(byte[] content, String fileName, IncidentMerger merger) {
        List<String> errors = new ArrayList<>();
        List<Csv.Row> rows;
        try {
            rows = Csv.read(content, fileName, REQUIRED);
        } catch (Csv.CsvException e) {
            return new Result(List.of(), List.of(e.getMessage()));
        }
        if (rows.isEmpty()) return new Result(List.of(), List.of(fileName + ": no data rows"));
        List<Incident> out = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (Csv.Row r : rows) {
            List<String> bad = new ArrayList<>();
            LocalDate date = null;
            try {
                date = LocalDate.parse(r.get("date"));
                if (date.getYear() < 2009 || date.isAfter(LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1))) {
                    bad.add("date " + date + " is outside 2009..today");
                }
            } catch (DateTimeParseException e) {
                bad.add(r.get("date").isEmpty() ? "date is required" : "date '" + r.get("date") + "' is not YYYY-MM-DD");
            }
            String protocol = r.get("protocol");
            if (protocol.isEmpty()) bad.add("protocol is required");
            else if (protocol.length() > 200) bad.add("protocol is longer than 200 characters");
            BigDecimal loss = decimal(r.get("loss_usd"), "loss_usd", bad);
            BigDecimal returned = decimal(r.get("funds_returned_usd"), "funds_returned_usd", bad);
            if (loss != null && returned != null && returned.compareTo(loss) > 0) bad.add("funds_returned_usd is larger than loss_usd");
            List<String> chains = new ArrayList<>();
            for (String c : r.get("chains").split(";")) {
                if (c.isBlank()) continue;
                String s = c.trim().toLowerCase(Locale.ROOT);
                if (!s.matches("[a-z0-9][a-z0-9-]{0,39}")) bad.add("chain '" + c.trim() + "' is not a chain slug (like ethereum, bsc)");
                else if (!chains.contains(s)) chains.add(s);
            }
            Vector vector = null;
            if (!r.get("vector").isEmpty()) {
                vector = Vector.parse(r.get("vector")).orElse(null);
                if (vector == null) bad.add("vector '" + r.get("vector") + "' is not one of infrastructure, smart_contract, other");
            }
            List<String> urls = new ArrayList<>();
            String src = r.get("source_url");
            if (src.isEmpty()) bad.add("source_url is required");
            for (String u : src.split("\\s+")) {
                if (u.isEmpty()) continue;
                try {
                    URI uri = new URI(u);
                    if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                        bad.add("source_url '" + u + "' is not an http(s) URL");
                    } else urls.add(u);
                } catch (Exception e) {
                    bad.add("source_url '" + u + "' is not a valid URL");
                }
            }
            String verified = r.get("verified").toLowerCase(Locale.ROOT);
            if (!verified.isEmpty() && !verified.equals("true") && !verified.equals("false")) {
                bad.add("verified must be true or false (or empty)");
            }
            if (r.get("technique").length() > 2000) bad.add("technique is longer than 2000 characters");
            if (r.get("attribution").length() > 300) bad.add("attribution is longer than 300 characters");
            if (!bad.isEmpty()) {
                errors.add("line " + r.line() + ": " + String.join("; ", bad));
                continue;
            }
            String attribution = r.get("attribution").isEmpty() ? null : r.get("attribution");
            SourceRecord rec = SourceRecord.imported(fileName, r.line(), date, protocol, r.get("technique"),
                            SourceRecord.Loss.withItsFigure("import", loss == null ? null : "$" + loss.toPlainString(), loss,
                                    loss == null ? "unknown:not_stated" : "imported_usd"))
                    .withVerified(verified.equals("true")).withChains(chains).withUrls(urls)
                    .withAttribution(new SourceRecord.Attribution(attribution, attribution == null ? null : String.join(" ", urls)))
                    .withFundsReturnedUsd(returned).withVector(vector);
            out.add(merger.build(List.of(rec), ids, "import"));
        }
        return errors.isEmpty() ? new Result(out, List.of()) : new Result(List.of(), errors);
    }

    private static BigDecimal decimal(String s, String column, List<String> bad) {
        try {
            return LossParser.plainDecimal(s);
        } catch (NumberFormatException e) {
            bad.add(column + " '" + s + "' is not a plain decimal like 1250000 or 1250000.50");
            return null;
        }
    }
}
