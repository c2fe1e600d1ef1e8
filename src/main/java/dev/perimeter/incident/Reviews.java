package dev.perimeter.incident;

import dev.perimeter.util.Addresses;
import dev.perimeter.util.Csv;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reviewed events of {@code data/incidents/reviews.csv}: for each event, the dataset records it consists of, and —
 * read from the sources it names — its vector, scope, affected assets and USD loss, each with a reason. A verified
 * review (a source was read) wins over every rule; an unverified one is shown, never applied.
 */
public final class Reviews {
    public static final String FILE = "incidents/reviews.csv";
    public static final List<String> COLUMNS = List.of("event_date", "event_name", "records", "verified", "vector", "scope",
            "affected_assets", "affected_contracts", "affected_assets_text", "loss_usd", "loss_note", "source_urls", "reason");

    /** One reviewed event. {@code records} are dataset|date|name keys, exactly as the dataset rows are named. */
    /** Roles a review may give a contract with {@code chain:0xaddress=role}. */
    public static final List<String> REVIEWABLE_ROLES = List.of("affected", "vulnerable", "exploited", "victim", "drainer", "attacker");
    /** Ends the source of a contract whose role a review set: that role replaces the datasets' roles for the address. */
    public static final String ROLE_REVIEWED = " (role reviewed)";

    /** Whether a review set this contract's role (chain:0xaddress=role), so it replaces the datasets' roles. */
    public static boolean setsRole(ContractRef c) {
        return c.source() != null && c.source().endsWith(ROLE_REVIEWED);
    }

    public record Review(int line, LocalDate eventDate, String eventName, List<String> records, boolean verified, Vector vector,
                         Scope scope, List<AffectedAsset> assets, List<ContractRef> contracts, String assetsText,
                         BigDecimal lossUsd, String lossNote, List<String> sourceUrls, String reason) {
        public String firstSource() {
            return sourceUrls.isEmpty() ? null : sourceUrls.get(0);
        }

        /** "reviewed: https://… — reason" (or the unverified form), as pages show what decided a value. */
        public String basis() {
            return (verified ? "reviewed: " : "unverified review (not applied): ")
                    + (sourceUrls.isEmpty() ? "no source read" : String.join(" ", sourceUrls)) + " — " + reason;
        }
    }

    private final List<Review> all;
    private final Map<String, Review> byRecord;

    private Reviews(List<Review> all) {
        this.all = List.copyOf(all);
        Map<String, Review> m = new HashMap<>();
        for (Review r : all) for (String k : r.records()) m.put(k, r);
        this.byRecord = Map.copyOf(m);
    }

    public static Reviews none() {
        return new Reviews(List.of());
    }

    public List<Review> all() {
        return all;
    }

    /** The review that names this dataset record (dataset|date|name), if any. */
    public Optional<Review> forRecord(String key) {
        return Optional.ofNullable(byRecord.get(key));
    }

    public static Reviews parse(byte[] csv, String file) {
        List<Review> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Csv.Row r : Csv.read(csv, file, COLUMNS)) {
            String at = file + ": line " + r.line() + ": ";
            LocalDate date;
            try {
                date = LocalDate.parse(r.get("event_date"));
            } catch (DateTimeParseException e) {
                throw new Csv.CsvException(at + "bad event_date '" + r.get("event_date") + "' (expected YYYY-MM-DD)", e);
            }
            List<String> records = new ArrayList<>();
            for (String k : r.get("records").split(";")) {
                String key = k.trim();
                if (key.isEmpty()) continue;
                String[] p = key.split("\\|", -1);
                if (p.length != 3 || p[0].isBlank() || p[2].isBlank()) {
                    throw new Csv.CsvException(at + "record '" + key + "' is not dataset|date|name", null);
                }
                Integer other = seen.put(key, r.line());
                if (other != null) throw new Csv.CsvException(at + "record '" + key + "' is also named on line " + other, null);
                records.add(key);
            }
            if (records.isEmpty()) throw new Csv.CsvException(at + "a review names at least one dataset record", null);
            String verifiedText = r.get("verified");
            if (!verifiedText.equals("true") && !verifiedText.equals("false")) {
                throw new Csv.CsvException(at + "verified must be true or false", null);
            }
            boolean verified = verifiedText.equals("true");
            Vector vector = null;
            if (!r.get("vector").isEmpty()) {
                vector = Vector.parse(r.get("vector")).orElseThrow(() -> new Csv.CsvException(at + "unknown vector '" + r.get("vector")
                        + "' (infrastructure, smart_contract or other)", null));
            }
            Scope scope = null;
            if (!r.get("scope").isEmpty()) {
                scope = Scope.parse(r.get("scope")).orElseThrow(() -> new Csv.CsvException(at + "unknown scope '" + r.get("scope")
                        + "' (contracts, protocol or peripheral)", null));
            }
            List<String> urls = DatasetReaders.words(r.get("source_urls"));
            if (verified && (urls.isEmpty() || vector == null || scope == null || r.get("reason").isEmpty())) {
                throw new Csv.CsvException(at + "a verified review needs source_urls, vector, scope and reason", null);
            }
            List<AffectedAsset> assets;
            try {
                assets = AffectedAsset.parseList(r.get("affected_assets"));
            } catch (IllegalArgumentException e) {
                throw new Csv.CsvException(at + "affected_assets: " + e.getMessage(), e);
            }
            List<ContractRef> contracts = new ArrayList<>();
            for (String word : DatasetReaders.words(r.get("affected_contracts"))) {
                // chain:0xaddress, or chain:0xaddress=role to set the contract's role in this incident (replacing every
                // role the datasets gave it: e.g. a shared lending singleton a PoC header calls "vulnerable")
                int eq = word.indexOf('=');
                String c = eq < 0 ? word : word.substring(0, eq);
                String role = eq < 0 ? "affected" : word.substring(eq + 1);
                if (!REVIEWABLE_ROLES.contains(role)) {
                    throw new Csv.CsvException(at + "affected_contracts: unknown role '" + role + "' in '" + word + "' " + REVIEWABLE_ROLES, null);
                }
                int colon = c.indexOf(':');
                Optional<String> address = colon < 0 ? Optional.empty() : Addresses.forChain(c.substring(0, colon), c.substring(colon + 1));
                if (address.isEmpty()) throw new Csv.CsvException(at + "affected_contracts: '" + word + "' is not chain:0xaddress (chain:base58 on solana)", null);
                contracts.add(new ContractRef(c.substring(0, colon), address.get(), role,
                        "review: " + file + " line " + r.line() + (eq < 0 ? "" : ROLE_REVIEWED)));
            }
            BigDecimal loss;
            try {
                loss = LossParser.plainDecimal(r.get("loss_usd"));
            } catch (NumberFormatException e) {
                throw new Csv.CsvException(at + "loss_usd: " + e.getMessage(), e);
            }
            if (verified && loss == null && r.get("loss_note").isEmpty()) {
                throw new Csv.CsvException(at + "a verified review without loss_usd must say why in loss_note", null);
            }
            out.add(new Review(r.line(), date, r.get("event_name"), List.copyOf(records), verified, vector, scope, List.copyOf(assets),
                    List.copyOf(contracts), r.get("affected_assets_text"), loss, r.get("loss_note"), urls, r.get("reason")));
        }
        return new Reviews(out);
    }
}
