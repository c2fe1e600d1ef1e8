package dev.perimeter.check;

import dev.perimeter.incident.ContractRef;
import dev.perimeter.incident.Incident;
import dev.perimeter.incident.IncidentMerger;
import dev.perimeter.incident.LossFigure;
import dev.perimeter.incident.LossParser;
import dev.perimeter.incident.LossPricing;
import dev.perimeter.incident.PublishedFigure;
import dev.perimeter.incident.Reviews;
import dev.perimeter.incident.Scope;
import dev.perimeter.incident.ShippedIncidents;
import dev.perimeter.incident.SourceRecord;
import dev.perimeter.incident.Vector;
import dev.perimeter.infrastructure.IncidentLink;
import dev.perimeter.infrastructure.InfrastructureData;
import dev.perimeter.stats.Format;
import dev.perimeter.stats.IncidentRow;
import dev.perimeter.stats.PeriodStats;
import dev.perimeter.stats.VectorShares;
import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;
import dev.perimeter.util.Usd;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code check-data}: runs the data build on the shipped (or a given) data folder, without a database, and prints what
 * an auditor of the data needs — vectors and losses per year, the null-USD share, merges and near-misses, loss conflicts,
 * scopes, reviews, links per protocol and the incidents of $10M or more without a review. Problems that make the data
 * wrong (a reference that points nowhere, an unknown vector or scope, a token amount read as dollars) fail the check.
 */
public final class CheckData {
    public static final BigDecimal REVIEW_THRESHOLD = new BigDecimal("10000000");
    public static final BigDecimal SCOPE_REVIEW_THRESHOLD = new BigDecimal("1000000");
    static final BigDecimal TOKEN_CHECK_BELOW = new BigDecimal("1000");

    /** What the check found; {@code problems} empty = the data passes. */
    public record Result(List<String> problems, ShippedIncidents.Loaded loaded, List<VectorShares.Year> years) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private CheckData() {}

    /** Runs the check, printing the report to {@code out}. Never throws for bad data: problems are returned. */
    public static Result run(DataFiles files, PrintStream out) {
        List<String> problems = new ArrayList<>();
        out.println("Perimeter data check — " + files.describe());
        ShippedIncidents.Loaded loaded;
        IncidentMerger merger;
        List<SourceRecord> records;
        try {
            merger = ShippedIncidents.merger(files);
            records = ShippedIncidents.records(files);
            problems.addAll(merger.danglingReferences(records));
            if (!problems.isEmpty()) return fail(out, problems, null);
            loaded = ShippedIncidents.load(files);
        } catch (Csv.CsvException | IllegalStateException | java.io.UncheckedIOException e) {
            problems.add(e.getMessage());
            return fail(out, problems, null);
        }
        List<Incident> incidents = loaded.incidents();
        out.println("data version " + ShippedIncidents.checksum(files).substring(0, 12) + " (pipeline " + ShippedIncidents.PIPELINE_VERSION
                + "): " + loaded.sourceRecords() + " dataset records → " + incidents.size() + " incidents");
        Map<String, Integer> perDataset = new TreeMap<>();
        for (SourceRecord s : records) perDataset.merge(s.dataset(), 1, Integer::sum);
        out.println("records per dataset: " + perDataset);

        List<VectorShares.Year> years = VectorShares.byYear(incidents.stream().map(IncidentRow::of).toList());
        out.println();
        out.println("## Incidents and losses by vector per year");
        out.println("(shares of the year's incidents; USD shares over the incidents with a known loss; null USD = loss unknown)");
        out.println();
        out.print(vectorTable(years));
        VectorShares.Year all = VectorShares.of(0, incidents.stream().map(IncidentRow::of).toList());
        out.println("all years: " + all.incidents() + " incidents, " + all.nullUsd() + " without a USD loss ("
                + Format.pct(all.nullUsdSharePct()) + "); by vector " + vectorCounts(all));

        nullReasons(files, incidents, records, out);

        merges(loaded.mergeReport(), out);
        conflicts(incidents, out);
        problems.addAll(tokenAmountsReadAsUsd(incidents, out));
        scopes(incidents, out);
        reviews(merger.reviews(), merger, incidents, records, out);
        unreviewed(incidents, out);
        feedDatasets(loaded, out);
        out.println();
        out.println("## Left out by the inclusion rule (" + dev.perimeter.incident.ExcludedRecords.FILE + "): " + loaded.excluded().size());
        loaded.excluded().forEach((i, e) -> out.println("  " + i.id() + " — line " + e.line() + ": " + e.reason()));
        try {
            problems.addAll(ApprovalRoleCheck.run(loaded, dev.perimeter.contract.WellKnownContracts.load(files),
                    ShippedIncidents.approvalEvidence(files), out));
        } catch (Csv.CsvException e) {
            problems.add(e.getMessage());
        }
        counted(loaded, out);
        links(incidents, out);
        problems.addAll(infrastructureLinks(files, records, out));
        problems.addAll(positionContracts(files, out));
        return fail(out, problems, new Result(problems, loaded, years));
    }

    private static Result fail(PrintStream out, List<String> problems, Result result) {
        out.println();
        if (problems.isEmpty()) {
            out.println("OK: no dangling reference, no unknown vector or scope, no token amount read as dollars, no well-known contract with an unconfirmed approval role.");
        } else {
            out.println("FAILED: " + problems.size() + " problem(s):");
            for (String p : problems) out.println("  " + p);
        }
        return result != null ? result : new Result(List.copyOf(problems), null, List.of());
    }

    /** The per-year table as Markdown (the form data/SOURCES.md carries, generated by this command). */
    public static String vectorTable(List<VectorShares.Year> years) {
        StringBuilder sb = new StringBuilder();
        sb.append("| year | incidents | infrastructure | smart contract | other | known losses | infrastructure | smart contract"
                + " | other | null USD |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (VectorShares.Year y : years) {
            sb.append("| ").append(y.year()).append(" | ").append(y.incidents());
            for (Vector v : Vector.values()) {
                PeriodStats.VectorShare s = y.vector(v);
                sb.append(" | ").append(s.incidents()).append(" (").append(Format.pct(s.incidentSharePct())).append(")");
            }
            sb.append(" | ").append(Usd.compact(y.totalUsd()));
            for (Vector v : Vector.values()) {
                PeriodStats.VectorShare s = y.vector(v);
                sb.append(" | ").append(s.lossUsd() == null ? "—" : Usd.compact(s.lossUsd()) + " (" + Format.pct(s.lossSharePct()) + ")");
            }
            sb.append(" | ").append(y.nullUsd()).append(" (").append(Format.pct(y.nullUsdSharePct())).append(") |\n");
        }
        return sb.toString();
    }

    private static String vectorCounts(VectorShares.Year y) {
        List<String> parts = new ArrayList<>();
        for (Vector v : Vector.values()) parts.add(v.code + " " + y.vector(v).incidents());
        return String.join(", ", parts);
    }

    /** The code of a loss basis: "unknown:no_price_on_date (ETH close of …)" → "unknown:no_price_on_date". */
    static String basisCode(String basis) {
        if (basis == null) return "unknown";
        int p = basis.indexOf(" (");
        return p < 0 ? basis : basis.substring(0, p);
    }

    /**
     * Every incident without a USD loss has a reason (its loss basis): printed per year, grouped, with the share of the
     * year's incidents; then the daily closes token-stated losses need and neither the price file nor a feed gave.
     */
    static void nullReasons(DataFiles files, List<Incident> incidents, List<SourceRecord> records, PrintStream out) {
        Map<Integer, Map<String, Integer>> byYear = new TreeMap<>();
        Map<Integer, Integer> perYear = new TreeMap<>();
        Map<String, Integer> all = new TreeMap<>();
        int nulls = 0;
        for (Incident i : incidents) {
            perYear.merge(i.date().getYear(), 1, Integer::sum);
            if (i.lossUsd() != null) continue;
            nulls++;
            String code = basisCode(i.lossBasis());
            byYear.computeIfAbsent(i.date().getYear(), k -> new TreeMap<>()).merge(code, 1, Integer::sum);
            all.merge(code, 1, Integer::sum);
        }
        out.println();
        out.println("## Incidents without a USD loss, by reason (the loss basis; data/SOURCES.md)");
        out.println("all years: " + nulls + " of " + incidents.size() + " (" + Format.pct(share(nulls, incidents.size())) + ") " + all);
        for (Map.Entry<Integer, Integer> y : perYear.entrySet()) {
            Map<String, Integer> r = byYear.getOrDefault(y.getKey(), Map.of());
            int n = r.values().stream().mapToInt(Integer::intValue).sum();
            out.println("  " + y.getKey() + ": " + n + " of " + y.getValue() + " (" + Format.pct(share(n, y.getValue())) + ") " + r);
        }
        List<LossPricing.Need> needs = LossPricing.missing(records, dev.perimeter.incident.DailyPrices.load(files, List.of()));
        out.println("daily closes token-stated losses need that " + dev.perimeter.incident.DailyPrices.FILE + " lacks (update-data fetches"
                + " them from PERIMETER_FEED_PRICES_URL): " + needs.size());
        if (!needs.isEmpty()) {
            List<String> pairs = new ArrayList<>();
            for (LossPricing.Need n : needs) pairs.add(n.asset() + "," + n.date());
            out.println("  " + String.join(" ", pairs));
        }
    }

    private static BigDecimal share(int part, int whole) {
        return whole == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(100L * part).divide(BigDecimal.valueOf(whole), 4, java.math.RoundingMode.HALF_UP);
    }

    private static void merges(List<IncidentMerger.ReportRow> report, PrintStream out) {
        // Every rule, strongest first, with its count (0 included), so a rule that stops merging shows.
        Map<String, Integer> byRule = new LinkedHashMap<>();
        for (String rule : IncidentMerger.RULES) byRule.put(rule, 0);
        Map<String, Integer> nearByRule = new TreeMap<>();
        List<IncidentMerger.ReportRow> near = new ArrayList<>(), separate = new ArrayList<>();
        for (IncidentMerger.ReportRow r : report) {
            if (r.kind().equals("merged")) byRule.merge(r.rule(), 1, Integer::sum);
            else if (r.kind().equals("separate")) separate.add(r);
            else {
                near.add(r);
                nearByRule.merge(r.rule().isEmpty() ? "similar names" : r.rule(), 1, Integer::sum);
            }
        }
        out.println();
        out.println("## Merges and near-misses (" + ShippedIncidents.MERGE_REPORT + ")");
        out.println("merges: " + byRule.values().stream().mapToInt(Integer::intValue).sum() + " " + byRule);
        out.println("near-misses left apart: " + near.size() + " " + nearByRule);
        for (IncidentMerger.ReportRow r : near) {
            out.println("  " + r.recordA() + "  ~  " + r.recordB() + " (" + r.days() + " d): " + r.detail());
        }
        out.println("reviewed as two events, no rule near them: " + separate.size());
        for (IncidentMerger.ReportRow r : separate) {
            out.println("  " + r.recordA() + "  /  " + r.recordB() + " (" + r.days() + " d): " + r.detail());
        }
    }

    private static void conflicts(List<Incident> incidents, PrintStream out) {
        List<String> resolved = new ArrayList<>(), open = new ArrayList<>();
        for (Incident i : incidents) {
            BigDecimal lead = i.sources().stream().map(SourceRecord::lossUsd).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            if (IncidentMerger.conflicts(i.sources(), lead).isEmpty()) continue;
            List<String> figs = new ArrayList<>();
            for (SourceRecord s : i.sources()) for (LossFigure f : s.figures()) figs.add(Usd.compact(f.usd()) + " " + f.label());
            String line = i.id() + ": " + String.join(" / ", figs);
            if (i.reviewed()) resolved.add(line + " → reviewed " + Usd.compact(i.lossUsd()));
            else open.add(line + " → null (" + i.lossBasis() + ")");
        }
        out.println();
        out.println("## Loss conflicts (figures of one incident more than " + IncidentMerger.CONFLICT_FACTOR + "× apart)");
        out.println("resolved by a review: " + resolved.size());
        resolved.forEach(l -> out.println("  " + l));
        out.println("left unknown as conflicting sources: " + open.size());
        open.forEach(l -> out.println("  " + l));
    }

    /** A USD figure under $1,000 read from text that names a token amount ("~$280ETH" → $28) is a parsing error. */
    static List<String> tokenAmountsReadAsUsd(List<Incident> incidents, PrintStream out) {
        List<String> problems = new ArrayList<>();
        for (Incident i : incidents) {
            if (i.lossUsd() == null || i.reviewed() || i.lossUsd().compareTo(TOKEN_CHECK_BELOW) >= 0) continue;
            // A loss priced from its token amounts at the attack date (LossPricing) is no token amount read as dollars.
            if (LossPricing.converted(i.lossBasis())) continue;
            for (SourceRecord s : i.sources()) {
                for (LossFigure f : s.figures()) {
                    if (f.usd() != null && f.usd().compareTo(i.lossUsd()) == 0 && LossParser.namesTokenAmount(f.raw())) {
                        problems.add("incident " + i.id() + ": USD " + i.lossUsd() + " was read from '" + f.raw() + "', which names a token amount");
                    }
                }
            }
        }
        out.println();
        out.println("USD figures below $1,000 read from text that names a token amount: " + problems.size() + " (must be 0)");
        return problems;
    }

    private static void scopes(List<Incident> incidents, PrintStream out) {
        Map<String, Integer> byScope = new TreeMap<>(), byBasis = new TreeMap<>();
        int ruleMadeOver1M = 0;
        for (Incident i : incidents) {
            byScope.merge(i.scope().code, 1, Integer::sum);
            String basis = i.reviewed() ? "reviewed" : i.scopeBasis().replaceFirst(":.*", "");
            byBasis.merge(basis, 1, Integer::sum);
            if (!i.reviewed() && i.lossUsd() != null && i.lossUsd().compareTo(SCOPE_REVIEW_THRESHOLD) >= 0) ruleMadeOver1M++;
        }
        out.println();
        out.println("## Scope");
        out.println("by scope: " + byScope);
        out.println("decided by: " + byBasis);
        out.println(ruleMadeOver1M + " incidents ≥ $1M have a rule-made scope, not a review (rules: data/SOURCES.md)");
    }

    private static void reviews(Reviews reviews, IncidentMerger merger, List<Incident> incidents, List<SourceRecord> records,
                                PrintStream out) {
        Set<String> keys = new HashSet<>();
        for (SourceRecord s : records) keys.add(s.key());
        int verified = 0, applied = 0, pendingReviews = 0, pendingRecords = 0;
        Map<String, Integer> pendingByDataset = new TreeMap<>();
        List<String> unverified = new ArrayList<>();
        for (Reviews.Review r : reviews.all()) {
            if (r.verified()) verified++;
            else unverified.add("line " + r.line() + " " + r.eventDate() + " " + r.eventName() + ": " + r.reason());
            boolean anyLoaded = false;
            for (String k : r.records()) {
                String dataset = k.substring(0, k.indexOf('|'));
                if (merger.loadedDatasets().contains(dataset)) anyLoaded |= keys.contains(k);
                else {
                    pendingRecords++;
                    pendingByDataset.merge(dataset, 1, Integer::sum);
                }
            }
            if (!anyLoaded) pendingReviews++;
        }
        for (Incident i : incidents) if (i.reviewed()) applied++;
        out.println();
        out.println("## Reviews (" + Reviews.FILE + ")");
        out.println(reviews.all().size() + " reviewed events (" + verified + " with a source read, " + unverified.size()
                + " unverified); applied to " + applied + " incidents");
        int named = 0, found = 0;
        for (Reviews.Review r : reviews.all()) {
            for (String k : r.records()) {
                if (!merger.loadedDatasets().contains(k.substring(0, k.indexOf('|')))) continue;
                named++;
                if (keys.contains(k)) found++;
            }
        }
        out.println("records named by reviews in loaded datasets: " + named + ", found and applied: " + found);
        out.println("pending: dataset not shipped — " + pendingRecords + " records " + pendingByDataset + "; " + pendingReviews
                + " reviews name only such records and wait for their dataset");
        out.println("unverified (shown, not applied):");
        unverified.forEach(l -> out.println("  " + l));
    }

    private static void unreviewed(List<Incident> incidents, PrintStream out) {
        List<Incident> big = incidents.stream().filter(i -> i.lossUsd() != null && i.lossUsd().compareTo(REVIEW_THRESHOLD) >= 0).toList();
        List<Incident> missing = big.stream().filter(i -> !i.reviewed()).toList();
        out.println();
        out.println("## Incidents ≥ $10M: " + big.size() + ", reviewed with vector, scope and source: " + (big.size() - missing.size()));
        out.println("without a review: " + missing.size());
        for (Incident i : missing) {
            out.println("  " + i.id() + " " + Usd.compact(i.lossUsd()) + " (" + i.vectorBasis() + ")");
        }
    }

    /**
     * The datasets that also come as feeds and the PoC header contracts: how DefiLlama's rows and Revoke.cash's exploits
     * joined the other datasets' records, the contracts by role, and the PoC contracts that fit no record.
     */
    private static void feedDatasets(ShippedIncidents.Loaded loaded, PrintStream out) {
        int llama = 0, llamaJoined = 0, revoke = 0, revokeJoined = 0;
        Map<String, Integer> roles = new TreeMap<>();
        for (Incident i : loaded.incidents()) {
            boolean other = i.sources().stream().anyMatch(s -> !s.dataset().equals("defillama"));
            boolean otherThanRevoke = i.sources().stream().anyMatch(s -> !s.dataset().equals("revoke"));
            for (SourceRecord s : i.sources()) {
                if (s.dataset().equals("defillama")) {
                    llama++;
                    if (other) llamaJoined++;
                } else if (s.dataset().equals("revoke")) {
                    revoke++;
                    if (otherThanRevoke) revokeJoined++;
                }
            }
            Set<ContractRef.RoleAt> seen = new HashSet<>();
            for (var c : i.contracts()) if (seen.add(c.roleAt())) roles.merge(c.role(), 1, Integer::sum);
        }
        out.println();
        out.println("## DefiLlama, Revoke.cash and the PoC header contracts");
        out.println("DefiLlama rows: " + llama + ", in incidents that another dataset names too: " + llamaJoined);
        out.println("Revoke.cash exploits: " + revoke + ", in incidents that another dataset names too: " + revokeJoined);
        out.println("incident contracts by role: " + roles);
        out.println("DeFiHackLabs PoC header contracts that fit no DeFiHackLabs record (no date, no chain, or no record of that PoC): "
                + loaded.unattachedPoc().size());
        for (var p : loaded.unattachedPoc()) {
            out.println("  " + DatasetReadersLine.of(p));
        }
    }

    /** How check-data prints an unattached PoC contract. */
    private static final class DatasetReadersLine {
        static String of(dev.perimeter.incident.DatasetReaders.PocContract p) {
            return dev.perimeter.incident.DatasetReaders.POC_CONTRACTS_FILE + " line " + p.line() + ": " + p.slug() + " "
                    + (p.chain() == null ? "(no chain)" : p.chain()) + ":" + p.address() + (p.date() == null ? " (no date)" : " " + p.date());
        }
    }

    /**
     * What is counted (stats.InclusionRule) and how the data stands against it: CeFi incidents are in the counts like any
     * other; incidents whose sources name no chain; and per semester, each report's published count and total beside ours.
     */
    private static void counted(ShippedIncidents.Loaded loaded, PrintStream out) {
        List<Incident> incidents = loaded.incidents();
        out.println();
        out.println("## What is counted (rule " + dev.perimeter.stats.InclusionRule.VERSION + ", shown on /stats and in data/SOURCES.md)");
        long cefi = incidents.stream().filter(i -> i.sources().stream().anyMatch(s -> s.dataset().equals("defillama")
                && s.title() != null && s.title().endsWith(" (CEX)"))).count();
        out.println("CeFi exchange and custody incidents (a DefiLlama record of target type CEX), counted like any other: " + cefi);
        List<String> noChain = incidents.stream().filter(i -> i.chains().isEmpty()).map(Incident::id).toList();
        out.println("incidents whose sources name no chain (shown as \"not known\"): " + noChain.size() + " " + noChain);
        List<IncidentRow> rows = incidents.stream().map(IncidentRow::of).toList();
        java.util.TreeSet<dev.perimeter.util.Semester> periods = new java.util.TreeSet<>();
        for (PublishedFigure f : loaded.published()) dev.perimeter.util.Semester.parse(f.period()).ifPresent(periods::add);
        for (dev.perimeter.util.Semester sem : periods) {
            List<IncidentRow> in = rows.stream().filter(r -> dev.perimeter.util.Semester.of(r.date()).equals(sem)).toList();
            var stats = dev.perimeter.stats.StatsEngine.compute(dev.perimeter.stats.Period.of(sem), in);
            for (var c : dev.perimeter.stats.PublishedComparison.of(stats, loaded.published(), slug -> null)) {
                for (var row : c.rows()) {
                    if (!row.metric().equals("incidents") && !row.metric().equals("total_loss_usd")) continue;
                    boolean usd = "usd".equals(row.unit());
                    out.println(sem + " " + row.label().toLowerCase(java.util.Locale.ROOT) + ": published by " + c.report() + " "
                            + (usd ? Usd.compact(row.published()) : row.published().stripTrailingZeros().toPlainString())
                            + ", this database " + (row.ours() == null ? "not computed" : usd ? Usd.compact(row.ours())
                            : row.ours().stripTrailingZeros().toPlainString())
                            + (row.coveragePct() == null ? "" : " (" + Format.pct(row.coveragePct()) + ")"));
                }
            }
        }
    }

    private static void links(List<Incident> incidents, PrintStream out) {
        Map<String, Map<Scope, Integer>> byProtocol = new LinkedHashMap<>();
        for (Incident i : incidents) {
            byProtocol.computeIfAbsent(i.protocolSlug(), k -> new java.util.EnumMap<>(Scope.class)).merge(i.scope(), 1, Integer::sum);
        }
        java.util.function.ToIntFunction<Map<Scope, Integer>> total = m -> m.values().stream().mapToInt(Integer::intValue).sum();
        List<Map.Entry<String, Map<Scope, Integer>>> top = new ArrayList<>(byProtocol.entrySet());
        top.sort(Comparator.comparingInt((Map.Entry<String, Map<Scope, Integer>> e) -> -total.applyAsInt(e.getValue()))
                .thenComparing(Map.Entry::getKey));
        out.println();
        out.println("## Links per protocol: " + byProtocol.size() + " protocols; with 2 or more incidents:");
        for (Map.Entry<String, Map<Scope, Integer>> e : top) {
            Map<Scope, Integer> c = e.getValue();
            if (total.applyAsInt(c) < 2) break;
            out.println("  " + e.getKey() + ": " + total.applyAsInt(c) + " incidents (" + Scope.CONTRACTS.code + " " + c.getOrDefault(Scope.CONTRACTS, 0)
                    + ", " + Scope.PROTOCOL.code + " " + c.getOrDefault(Scope.PROTOCOL, 0) + ", " + Scope.PERIPHERAL.code + " "
                    + c.getOrDefault(Scope.PERIPHERAL, 0) + ")");
        }
    }

    /** Infrastructure rows link dataset records: each must exist in a loaded dataset. */
    private static List<String> infrastructureLinks(DataFiles files, List<SourceRecord> records, PrintStream out) {
        List<String> problems = new ArrayList<>();
        if (!files.exists(InfrastructureData.INCIDENT_LINKS)) return problems;
        Set<String> keys = new HashSet<>();
        for (SourceRecord s : records) keys.add(s.key());
        List<IncidentLink> links;
        try {
            links = InfrastructureData.load(files).links();
        } catch (Csv.CsvException e) {
            problems.add(e.getMessage());
            return problems;
        }
        for (IncidentLink l : links) {
            if (!keys.contains(l.dataset() + "|" + l.date() + "|" + l.name())) {
                problems.add(InfrastructureData.INCIDENT_LINKS + ": line " + l.line() + ": no dataset row " + l.describe());
            }
        }
        out.println();
        out.println("infrastructure incident links: " + links.size() + ", pointing nowhere: " + problems.size());
        return problems;
    }

    /**
     * data/positions/contracts.csv: loads as the scanner does (a bad row is a problem naming its line), and every
     * protocol it names is a registry protocol (tokens/protocols.csv), so positions and incidents join on one slug.
     */
    static List<String> positionContracts(DataFiles files, PrintStream out) {
        List<String> problems = new ArrayList<>();
        if (!files.exists(dev.perimeter.position.PositionContracts.FILE) && !files.exists(dev.perimeter.position.PositionContracts.MARKETS_FILE)) {
            return problems;
        }
        List<dev.perimeter.position.PositionContracts.Row> rows;
        List<dev.perimeter.position.PositionContracts.Market> markets;
        try {
            dev.perimeter.position.PositionContracts loaded = dev.perimeter.position.PositionContracts.load(files);
            rows = loaded.rows();
            markets = loaded.markets();
        } catch (Csv.CsvException e) {
            problems.add(e.getMessage());
            return problems;
        }
        Set<String> slugs = new HashSet<>();
        for (Csv.Row r : Csv.read(files.read("tokens/protocols.csv"), "tokens/protocols.csv", List.of("slug"))) slugs.add(r.get("slug"));
        Map<String, Integer> perRole = new TreeMap<>();
        int unverified = 0;
        for (dev.perimeter.position.PositionContracts.Row r : rows) {
            perRole.merge(r.role(), 1, Integer::sum);
            if (!r.verified()) unverified++;
            if (!slugs.contains(r.protocol())) {
                problems.add(dev.perimeter.position.PositionContracts.FILE + ": line " + r.line() + ": protocol '" + r.protocol()
                        + "' is not in tokens/protocols.csv");
            }
        }
        Map<String, Integer> perKind = new TreeMap<>();
        for (dev.perimeter.position.PositionContracts.Market m : markets) {
            perKind.merge(m.kind(), 1, Integer::sum);
            if (!m.verified()) unverified++;
            if (!slugs.contains(m.protocol())) {
                problems.add(dev.perimeter.position.PositionContracts.MARKETS_FILE + ": line " + m.line() + ": protocol '" + m.protocol()
                        + "' is not in tokens/protocols.csv");
            }
        }
        out.println();
        out.println("position contracts (" + dev.perimeter.position.PositionContracts.FILE + "): " + rows.size() + " rows " + perRole
                + "; lending markets (" + dev.perimeter.position.PositionContracts.MARKETS_FILE + "): " + markets.size() + " " + perKind
                + ", unverified: " + unverified);
        return problems;
    }
}
