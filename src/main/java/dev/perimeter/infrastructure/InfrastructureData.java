package dev.perimeter.infrastructure;

import dev.perimeter.util.Chains;
import dev.perimeter.util.SolanaAddress;
import dev.perimeter.solana.SolanaRpcReader;
import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The four files of data/infrastructure/, parsed and checked against each other. Every problem is a
 * {@link Csv.CsvException} naming the file and line. Links to incidents and to the token registry are checked later,
 * by {@link InfrastructureCatalog#build}, which knows the database and the registry.
 */
public record InfrastructureData(List<Infrastructure> rows, List<ContractRow> contracts, List<IncidentLink> links,
                                 List<TokenRule> rules) {
    public static final String INFRASTRUCTURE = "infrastructure/infrastructure.csv";
    public static final String CONTRACTS = "infrastructure/contracts.csv";
    public static final String INCIDENT_LINKS = "infrastructure/incident-links.csv";
    public static final String TOKEN_RULES = "infrastructure/token-rules.csv";

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern CHAIN = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    
    /** A contracts.csv row, with its line for messages. */
    public record ContractRow(String infrastructure, Infrastructure.Contract contract, int line) {}

    public InfrastructureData {
        rows = List.copyOf(rows);
        contracts = List.copyOf(contracts);
        links = List.copyOf(links);
        rules = List.copyOf(rules);
    }

    public static InfrastructureData load(DataFiles files) {
        List<Infrastructure> rows = parseInfrastructure(files.read(INFRASTRUCTURE), INFRASTRUCTURE);
        Set<String> slugs = new HashSet<>();
        rows.forEach(r -> slugs.add(r.slug()));
        return new InfrastructureData(rows,
                parseContracts(files.read(CONTRACTS), CONTRACTS, slugs),
                parseLinks(files.read(INCIDENT_LINKS), INCIDENT_LINKS, slugs),
                parseRules(files.read(TOKEN_RULES), TOKEN_RULES, slugs));
    }

    private static Csv.CsvException problem(String file, int line, String message) {
        return new Csv.CsvException(file + ": line " + line + ": " + message, null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static List<String> split(String s, String separatorRegex) {
        if (s == null || s.isBlank()) return List.of();
        return Arrays.stream(s.split(separatorRegex)).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    public static List<Infrastructure> parseInfrastructure(byte[] csv, String file) {
        List<Infrastructure> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Csv.Row r : Csv.read(csv, file, List.of("slug", "name", "kind", "chains", "validation", "signer_threshold",
                "upgradeability", "status", "risk_validated_by", "risk_validated_by_reason", "risk_source_upgradeability",
                "risk_source_upgradeability_reason", "risk_destination_token", "risk_destination_token_reason", "operator",
                "website", "source", "verified"))) {
            int line = r.line();
            String slug = r.get("slug");
            if (!SLUG.matcher(slug).matches()) throw problem(file, line, "slug '" + slug + "' must be lowercase words joined by dashes");
            if (!seen.add(slug)) throw problem(file, line, "slug '" + slug + "' is used twice");
            if (r.get("name").isEmpty()) throw problem(file, line, "a name is required");
            if (!Infrastructure.KINDS.contains(r.get("kind"))) {
                throw problem(file, line, "kind '" + r.get("kind") + "' is not one of " + String.join(", ", Infrastructure.KINDS));
            }
            List<String> chains = split(r.get("chains"), ";");
            for (String c : chains) if (!CHAIN.matcher(c).matches()) throw problem(file, line, "chain '" + c + "' is not a chain slug");
            List<String> status = split(r.get("status"), ";");
            if (status.isEmpty()) throw problem(file, line, "a status is required");
            for (String s : status) {
                if (!Infrastructure.STATUSES.contains(s)) {
                    throw problem(file, line, "status '" + s + "' is not one of " + String.join(", ", Infrastructure.STATUSES));
                }
            }
            List<String> sources = split(r.get("source"), "\\s+\\|\\s+");
            if (sources.isEmpty()) throw problem(file, line, "a source is required");
            String verified = r.get("verified");
            if (!verified.equals("true") && !verified.equals("false")) throw problem(file, line, "verified must be true or false");
            out.add(new Infrastructure(slug, r.get("name"), r.get("kind"), chains, blankToNull(r.get("validation")),
                    blankToNull(r.get("signer_threshold")), blankToNull(r.get("upgradeability")), status,
                    risk(r, "risk_validated_by", file), risk(r, "risk_source_upgradeability", file),
                    risk(r, "risk_destination_token", file), blankToNull(r.get("operator")), blankToNull(r.get("website")),
                    sources, verified.equals("true"), List.of(), List.of()));
        }
        return out;
    }

    private static Infrastructure.Risk risk(Csv.Row r, String column, String file) {
        String level = r.get(column);
        String reason = r.get(column + "_reason");
        if (level.isEmpty()) {
            if (!reason.isEmpty()) throw problem(file, r.line(), column + "_reason is set but " + column + " is empty");
            return Infrastructure.Risk.UNKNOWN;
        }
        if (Rating.parse(level).isEmpty()) throw problem(file, r.line(), column + " '" + level + "' is not good, warning, bad or empty");
        if (reason.isEmpty()) throw problem(file, r.line(), column + " is '" + level + "' but " + column + "_reason is empty");
        return new Infrastructure.Risk(Rating.parse(level).orElseThrow(), reason);
    }

    /** One contract of one infrastructure row: listed once. */
    private record Listed(String slug, dev.perimeter.util.ChainAddress contract) {}

    public static List<ContractRow> parseContracts(byte[] csv, String file, Set<String> slugs) {
        List<ContractRow> out = new ArrayList<>();
        Set<Listed> seen = new HashSet<>();
        for (Csv.Row r : Csv.read(csv, file, List.of("infrastructure", "chain", "address", "role", "source"))) {
            int line = r.line();
            String slug = r.get("infrastructure");
            if (!slugs.contains(slug)) throw problem(file, line, "infrastructure '" + slug + "' is not a slug of " + INFRASTRUCTURE);
            if (!CHAIN.matcher(r.get("chain")).matches()) throw problem(file, line, "chain '" + r.get("chain") + "' is not a chain slug");
            String address = r.get("address");
            if (!ADDRESS.matcher(address).matches()) throw problem(file, line, "address must be lowercase 0x + 40 hex");
            if (r.get("role").isEmpty()) throw problem(file, line, "a role is required");
            if (r.get("source").isEmpty()) throw problem(file, line, "a source is required");
            if (!seen.add(new Listed(slug, new dev.perimeter.util.ChainAddress(r.get("chain"), address)))) throw problem(file, line, "the same contract is listed twice");
            out.add(new ContractRow(slug, new Infrastructure.Contract(r.get("chain"), address, r.get("role"), r.get("source")), line));
        }
        return out;
    }

    public static List<IncidentLink> parseLinks(byte[] csv, String file, Set<String> slugs) {
        List<IncidentLink> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Csv.Row r : Csv.read(csv, file, List.of("dataset", "date", "name", "infrastructure", "source_note"))) {
            int line = r.line();
            String dataset = r.get("dataset");
            if (!IncidentLink.DATASETS.contains(dataset)) {
                throw problem(file, line, "dataset '" + dataset + "' is not one of " + String.join(", ", IncidentLink.DATASETS));
            }
            LocalDate date;
            try {
                date = LocalDate.parse(r.get("date"));
            } catch (DateTimeParseException e) {
                throw problem(file, line, "date '" + r.get("date") + "' is not YYYY-MM-DD");
            }
            if (r.get("name").isEmpty()) throw problem(file, line, "a name is required");
            String slug = r.get("infrastructure");
            if (!slugs.contains(slug)) throw problem(file, line, "infrastructure '" + slug + "' is not a slug of " + INFRASTRUCTURE);
            if (r.get("source_note").isEmpty()) throw problem(file, line, "a source_note is required");
            if (!seen.add(dataset + "|" + date + "|" + r.get("name") + "|" + slug)) throw problem(file, line, "the same link is listed twice");
            out.add(new IncidentLink(dataset, date, r.get("name"), slug, r.get("source_note"), line));
        }
        return out;
    }

    public static List<TokenRule> parseRules(byte[] csv, String file, Set<String> slugs) {
        List<TokenRule> out = new ArrayList<>();
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (Csv.Row r : Csv.read(csv, file, List.of("rule", "match_field", "match_value", "chain", "infrastructure", "reason", "source"))) {
            int line = r.line();
            String id = r.get("rule");
            if (!SLUG.matcher(id).matches()) throw problem(file, line, "rule '" + id + "' must be lowercase words joined by dashes");
            Integer before = ids.putIfAbsent(id, line);
            if (before != null) throw problem(file, line, "rule '" + id + "' is already used on line " + before);
            String field = r.get("match_field");
            if (!TokenRule.FIELDS.contains(field)) {
                throw problem(file, line, "match_field '" + field + "' is not one of " + String.join(", ", TokenRule.FIELDS));
            }
            String value = r.get("match_value");
            if (value.isEmpty()) throw problem(file, line, "a match_value is required");
            String chain = blankToNull(r.get("chain"));
            // A Solana mint is base58 as written (case-sensitive); every other address is lowercase 0x + 40 hex.
            boolean solanaAddress = field.equals("address") && SolanaRpcReader.CHAIN.equals(chain);
            if (solanaAddress && !SolanaAddress.isValid(value)) {
                throw problem(file, line, "address rules on solana need a base58 mint (32 bytes) as match_value");
            }
            if (!solanaAddress && (field.equals("address") || field.equals("origin_address")) && !ADDRESS.matcher(value).matches()) {
                throw problem(file, line, field + " rules need a lowercase 0x + 40 hex match_value");
            }
            if (chain != null && !Chains.slugs().contains(chain)) {
                throw problem(file, line, "chain '" + chain + "' is not one of " + String.join(", ", Chains.slugs()));
            }
            if (field.equals("address") && chain == null) throw problem(file, line, "address rules need a chain");
            List<String> infra = split(r.get("infrastructure"), ";");
            if (infra.isEmpty()) throw problem(file, line, "infrastructure is required (slugs separated by ;)");
            for (String s : infra) {
                if (!slugs.contains(s)) throw problem(file, line, "infrastructure '" + s + "' is not a slug of " + INFRASTRUCTURE);
            }
            if (infra.size() != new HashSet<>(infra).size()) throw problem(file, line, "infrastructure names a slug twice");
            if (r.get("reason").isEmpty()) throw problem(file, line, "a reason is required");
            if (r.get("source").isEmpty()) throw problem(file, line, "a source is required");
            out.add(new TokenRule(id, field, value, chain, infra, r.get("reason"), r.get("source"), line));
        }
        return out;
    }
}
