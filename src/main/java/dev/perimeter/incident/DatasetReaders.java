package dev.perimeter.incident;

import dev.perimeter.util.Addresses;
import dev.perimeter.util.Csv;
import dev.perimeter.util.Slugs;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the rows of each shipped dataset into {@link SourceRecord}s. Pure: bytes in, records out. */
public final class DatasetReaders {
    private DatasetReaders() {}

    private static final Map<String, String> EXPLORER_CHAINS = Map.ofEntries(
            Map.entry("etherscan.io", "ethereum"), Map.entry("etherscan.com", "ethereum"),
            Map.entry("bscscan.com", "bsc"), Map.entry("arbiscan.io", "arbitrum"),
            Map.entry("optimistic.etherscan.io", "optimism"), Map.entry("basescan.org", "base"),
            Map.entry("polygonscan.com", "polygon"), Map.entry("snowtrace.io", "avalanche"),
            Map.entry("snowscan.xyz", "avalanche"), Map.entry("ftmscan.com", "fantom"),
            Map.entry("gnosisscan.io", "gnosis"), Map.entry("blastscan.io", "blast"),
            Map.entry("lineascan.build", "linea"), Map.entry("mantlescan.info", "mantle"),
            Map.entry("mantlescan.xyz", "mantle"), Map.entry("seiscan.io", "sei"),
            Map.entry("era.zksync.network", "zksync"), Map.entry("moonriver.moonscan.io", "moonriver"),
            Map.entry("moonscan.io", "moonbeam"));

    private static final Map<String, String> CHAIN_ALIASES = Map.of(
            "mainnet", "ethereum", "eth", "ethereum", "binance", "bsc", "bnb", "bsc", "bnb chain", "bsc",
            "avax", "avalanche", "matic", "polygon", "op", "optimism", "arbitrum one", "arbitrum");

    private static final Pattern EXPLORER_ADDRESS = Pattern.compile(
            "https?://(?:www\\.)?([a-z0-9.-]+)/(?:address|token)/(0x[0-9a-fA-F]{40})(?![0-9a-fA-F])");

    public static String chainSlug(String raw) {
        if (raw == null) return null;
        String t = raw.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) return null;
        return CHAIN_ALIASES.getOrDefault(t, Slugs.slug(t));
    }

    /** Contracts named by explorer URLs or bare addresses in a space-separated field. */
    static List<ContractRef> contracts(String field, String defaultChain, String role, String source) {
        List<ContractRef> out = new ArrayList<>();
        if (field == null) return out;
        for (String token : field.trim().split("\\s+")) {
            if (token.isEmpty()) continue;
            Matcher m = EXPLORER_ADDRESS.matcher(token);
            if (m.find()) {
                String chain = EXPLORER_CHAINS.get(m.group(1).toLowerCase(Locale.ROOT));
                if (chain != null) out.add(new ContractRef(chain, m.group(2).toLowerCase(Locale.ROOT), role, source));
            } else if (defaultChain != null) {
                Addresses.lower(token.replaceAll("[,;]$", "")).ifPresent(a -> out.add(new ContractRef(defaultChain, a, role, source)));
            }
        }
        return out;
    }

    private static final Pattern EXPLORER_URL = Pattern.compile("https?://(?:www\\.)?([a-z0-9.-]+)/(?:tx|address|token|block)/",
            Pattern.CASE_INSENSITIVE);

    /** The chain of a block-explorer link (etherscan.io/tx/…, bscscan.com/address/…), if its host is a known explorer. */
    public static java.util.Optional<String> explorerChain(String url) {
        if (url == null) return java.util.Optional.empty();
        Matcher m = EXPLORER_URL.matcher(url.trim());
        return m.lookingAt() ? java.util.Optional.ofNullable(EXPLORER_CHAINS.get(m.group(1).toLowerCase(Locale.ROOT)))
                : java.util.Optional.empty();
    }

    /**
     * The record with the chains its own links name added: a source URL on a block explorer (an attack transaction on
     * bscscan.com, a contract on etherscan.io) says which chain the event was on, whatever the dataset's chain column says.
     */
    public static SourceRecord withExplorerChains(SourceRecord r) {
        Set<String> chains = new LinkedHashSet<>(r.chains());
        for (String u : r.urls()) explorerChain(u).ifPresent(chains::add);
        return chains.size() == r.chains().size() ? r : r.withChains(List.copyOf(chains));
    }

    private static final Pattern TX_HASH = Pattern.compile("(?<![0-9a-fA-Fx])(0x[0-9a-fA-F]{64})(?![0-9a-fA-F])");

    /** Transaction hashes (0x + 64 hex digits) in a field of tx links or bare hashes, lowercase, in order, once each. */
    static List<String> txHashes(String field) {
        Set<String> out = new LinkedHashSet<>();
        if (field == null) return List.of();
        Matcher m = TX_HASH.matcher(field);
        while (m.find()) out.add(m.group(1).toLowerCase(Locale.ROOT));
        return List.copyOf(out);
    }

    static LocalDate date(Csv.Row r, String column, String file) {
        try {
            return LocalDate.parse(r.get(column));
        } catch (DateTimeParseException e) {
            throw new Csv.CsvException(file + ": line " + r.line() + ": bad date '" + r.get(column) + "' (expected YYYY-MM-DD)", e);
        }
    }

    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        if (s == null) return out;
        for (String w : s.trim().split("\\s+")) if (!w.isEmpty()) out.add(w);
        return out;
    }

    // ---- DeFiHackLabs -------------------------------------------------------------------------------------

    public static final String DEFIHACKLABS_FILE = "incidents/defihacklabs_incidents.csv";
    private static final String KEYINFO_PREFIX = "PoC KeyInfo: ";
    private static final String KEYINFO_JOIN = " · " + KEYINFO_PREFIX;

    /** The two texts a DeFiHackLabs loss is read from: the README's loss line and the PoC's KeyInfo ("" when not there). */
    public record LossParts(String lossLine, String keyInfo) {
        public List<String> both() {
            return List.of(lossLine, keyInfo);
        }
    }

    /**
     * The README loss line and the PoC KeyInfo of a DeFiHackLabs record's loss text, as {@link #defiHackLabs} joined them
     * ("900 BNB · PoC KeyInfo: ~900 BNB"); an empty string for a part that is not there.
     */
    public static LossParts defiHackLabsLossParts(String lossRaw) {
        if (lossRaw == null) return new LossParts("", "");
        if (lossRaw.startsWith(KEYINFO_PREFIX)) return new LossParts("", lossRaw.substring(KEYINFO_PREFIX.length()));
        int i = lossRaw.indexOf(KEYINFO_JOIN);
        if (i < 0) return new LossParts(lossRaw, "");
        return new LossParts(lossRaw.substring(0, i), lossRaw.substring(i + KEYINFO_JOIN.length()));
    }

    /**
     * The chain each DeFiHackLabs PoC forks, for README rows whose chain column is empty: read from the PoC file at the
     * dataset's commit by tools/incidents/poc_fork_chains.py (poc_path, chain, fork_call, source).
     */
    public static final String POC_FORKS_FILE = "incidents/defihacklabs_poc_forks.csv";

    /** poc_path → chain slug, from {@link #POC_FORKS_FILE}. */
    public static Map<String, String> pocForks(byte[] csv) {
        Map<String, String> out = new java.util.HashMap<>();
        for (Csv.Row r : Csv.read(csv, POC_FORKS_FILE, List.of("poc_path", "chain", "fork_call", "source"))) {
            String chain = chainSlug(r.get("chain"));
            if (chain == null || r.get("source").isBlank()) {
                throw new Csv.CsvException(POC_FORKS_FILE + ": line " + r.line() + ": a chain and its source are required", null);
            }
            out.put(r.get("poc_path"), chain);
        }
        return Map.copyOf(out);
    }

    public static List<SourceRecord> defiHackLabs(byte[] csv) {
        return defiHackLabs(csv, Map.of());
    }

    /** @param pocForks poc_path → the chain the PoC forks, used where the README row's chain column is empty */
    public static List<SourceRecord> defiHackLabs(byte[] csv, Map<String, String> pocForks) {
        List<SourceRecord> out = new ArrayList<>();
        List<Csv.Row> rows = Csv.read(csv, DEFIHACKLABS_FILE, List.of("date", "name", "chain_fork", "loss_raw",
                "keyinfo_total_lost", "technique", "source_url", "vulnerable_contract", "attacker", "attack_tx", "poc_path", "dataset"));
        for (Csv.Row r : rows) {
            String ref = r.get("dataset");
            String forkChain = chainSlug(r.get("chain_fork"));
            if (forkChain == null) forkChain = pocForks.get(r.get("poc_path"));
            // The loss is read from the README's loss line, else (when that line is missing or names no currency) from
            // the PoC's KeyInfo comment, and only where the text says it is dollars (LossParser). The dataset's own derived loss_usd_parsed is not used: it took bare numbers
            // and "~$280ETH" for dollars.
            String readme = r.get("loss_raw");
            String keyInfo = r.get("keyinfo_total_lost").startsWith("//") ? "" : r.get("keyinfo_total_lost");
            LossParser.Loss fromReadme = LossParser.read(readme);
            LossParser.Loss fromKeyInfo = LossParser.read(keyInfo);
            BigDecimal usd;
            String lossBasis;
            if (fromReadme.usd() != null) {
                usd = fromReadme.usd();
                lossBasis = LossParser.STATED_USD;
            } else if (fromKeyInfo.usd() != null && !fromReadme.basis().equals(LossParser.TOKEN_DENOMINATED)) {
                // KeyInfo's dollars stand in for a README line that is missing or names no currency; a README token
                // amount ("~ 50 BNB") is not overruled by a KeyInfo dollar figure nobody can check without a price.
                usd = fromKeyInfo.usd();
                lossBasis = LossParser.STATED_USD + "_from_poc_keyinfo";
            } else {
                usd = null;
                lossBasis = readme.isEmpty() ? (keyInfo.isEmpty() ? LossParser.NOT_STATED : fromKeyInfo.basis())
                        : fromReadme.basis().equals(LossParser.TOKEN_DENOMINATED) || keyInfo.isEmpty() ? fromReadme.basis()
                        : fromKeyInfo.basis().equals(LossParser.TOKEN_DENOMINATED) ? fromKeyInfo.basis() : fromReadme.basis();
            }
            String raw = readme.isEmpty() ? (keyInfo.isEmpty() ? "" : KEYINFO_PREFIX + keyInfo)
                    : keyInfo.isEmpty() || keyInfo.equals(readme) ? readme : readme + KEYINFO_JOIN + keyInfo;
            List<LossFigure> figures = new ArrayList<>();
            if (fromReadme.usd() != null) figures.add(new LossFigure("defihacklabs loss line", readme, fromReadme.usd()));
            if (fromKeyInfo.usd() != null) figures.add(new LossFigure("defihacklabs PoC KeyInfo", keyInfo, fromKeyInfo.usd()));
            // A bare number stands beside the figures it may contradict ("737,000" next to KeyInfo "~767 US$").
            LossParser.bareAmount(readme).ifPresent(n -> figures.add(new LossFigure("defihacklabs loss line, no currency", readme, n)));
            LossParser.bareAmount(keyInfo).ifPresent(n -> figures.add(new LossFigure("defihacklabs PoC KeyInfo, no currency", keyInfo, n)));
            String src = "defihacklabs:" + ref;
            List<ContractRef> contracts = new ArrayList<>();
            contracts.addAll(contracts(r.get("vulnerable_contract"), forkChain, "vulnerable", src));
            contracts.addAll(contracts(r.get("attacker"), forkChain, "attacker", src));
            Set<String> chains = new LinkedHashSet<>();
            if (forkChain != null) chains.add(forkChain);
            for (ContractRef c : contracts) chains.add(c.chain());
            List<String> urls = new ArrayList<>(words(r.get("source_url")));
            String poc = r.get("poc_path");
            String commit = ref.contains("@") ? ref.substring(ref.lastIndexOf('@') + 1) : "";
            if (!poc.isEmpty() && commit.matches("[0-9a-f]{40}")) {
                urls.add("https://github.com/SunWeb3Sec/DeFiHackLabs/blob/" + commit + "/" + poc);
            }
            String name = r.get("name");
            String technique = r.get("technique");
            out.add(SourceRecord.defiHackLabs(ref, r.line(), date(r, "date", DEFIHACKLABS_FILE), name, technique,
                            new SourceRecord.Loss(raw.isEmpty() ? null : raw, usd, lossBasis, figures))
                    .withChains(List.copyOf(chains)).withContracts(contracts).withUrls(urls)
                    .withTxHashes(txHashes(r.get("attack_tx") + " " + r.get("source_url"))));
        }
        return out;
    }

    // ---- DeFi-Hack-Chronicle ------------------------------------------------------------------------------

    public static final String CHRONICLE_FILE = "incidents/defihack_chronicle_incidents.csv";

    public static List<SourceRecord> chronicle(byte[] csv) {
        List<SourceRecord> out = new ArrayList<>();
        for (Csv.Row r : Csv.read(csv, CHRONICLE_FILE, List.of("date", "name", "title", "chains", "loss_usd", "category",
                "victim_addresses", "source_url", "human_verified", "dataset"))) {
            String ref = r.get("dataset");
            List<String> chains = new ArrayList<>();
            for (String c : r.get("chains").split(";")) {
                String s = chainSlug(c);
                if (s != null && !chains.contains(s)) chains.add(s);
            }
            List<ContractRef> contracts = new ArrayList<>();
            for (String v : words(r.get("victim_addresses"))) {
                int colon = v.indexOf(':');
                if (colon < 0) continue;
                String chain = chainSlug(v.substring(0, colon));
                String finalChain = chain;
                Addresses.forChain(finalChain, v.substring(colon + 1)).ifPresent(a ->
                        contracts.add(new ContractRef(finalChain, a, "victim", "chronicle:" + ref)));
            }
            BigDecimal usd = null;
            String basis = "unknown:not_stated";
            if (!r.get("loss_usd").isEmpty()) {
                try {
                    usd = new BigDecimal(r.get("loss_usd")).setScale(2, java.math.RoundingMode.HALF_UP);
                    basis = "dataset_estimate_usd";
                } catch (NumberFormatException e) {
                    basis = "unknown:unreadable";
                }
            }
            String category = r.get("category").replace('_', ' ');
            boolean verified = r.get("human_verified").equalsIgnoreCase("true");
            SourceRecord.Loss loss = new SourceRecord.Loss(r.get("loss_usd").isEmpty() ? null : "$" + r.get("loss_usd") + " (estimatedLoss.totalUSD)",
                    usd, basis, usd == null ? List.of() : List.of(new LossFigure("chronicle estimatedLoss.totalUSD", r.get("loss_usd"), usd)));
            out.add(SourceRecord.chronicle(ref, r.line(), date(r, "date", CHRONICLE_FILE), r.get("name"), r.get("title"), category, loss)
                    .withVerified(verified).withChains(chains).withContracts(contracts).withUrls(words(r.get("source_url")))
                    .withTxHashes(txHashes(r.get("source_url"))));
        }
        return out;
    }

    // ---- SoK bridge hacks ---------------------------------------------------------------------------------

    public static final String SOK_FILE = "incidents/sok_bridge_hacks.csv";
    /** The list every SoK row cites: the paper's data file at the commit the shipped extract was read from. */
    static final String SOK_URL =
            "https://github.com/RafaelAPB/SoKSPBlockchainInterop/blob/016a22ac113c1ac419060f982000605f14e23d93/data/all_bridge_hacks.csv";

    public static List<SourceRecord> sok(byte[] csv) {
        List<SourceRecord> out = new ArrayList<>();
        for (Csv.Row r : Csv.read(csv, SOK_FILE, List.of("date", "bridge", "loss_usd", "dataset"))) {
            BigDecimal usd = r.get("loss_usd").isEmpty() ? null
                    : new BigDecimal(r.get("loss_usd")).setScale(2, java.math.RoundingMode.HALF_UP);
            String ref = r.get("dataset");
            out.add(SourceRecord.sok(ref, r.line(), date(r, "date", SOK_FILE), r.get("bridge"), SourceRecord.Loss.withItsFigure("sok",
                            usd == null ? null : "$" + r.get("loss_usd"), usd, usd == null ? "unknown:not_stated" : "stated_usd"))
                    .withUrls(List.of(SOK_URL)));
        }
        return out;
    }

    // ---- Incidents sourced to a published article (seed) --------------------------------------------------

    public static final String SEED_FILE = "incidents/seed_incidents.csv";

    public static List<SourceRecord> seed(byte[] csv) {
        List<SourceRecord> out = new ArrayList<>();
        for (Csv.Row r : Csv.read(csv, SEED_FILE, List.of("date", "name", "title", "chains", "loss_usd", "loss_raw",
                "technique", "vector", "attribution", "attribution_source", "source", "verified"))) {
            List<String> chains = new ArrayList<>();
            for (String c : r.get("chains").split(";")) {
                String s = chainSlug(c);
                if (s != null) chains.add(s);
            }
            BigDecimal usd = r.get("loss_usd").isEmpty() ? null : LossParser.plainDecimal(r.get("loss_usd"));
            Vector v = r.get("vector").isEmpty() ? null : Vector.parse(r.get("vector")).orElseThrow(() ->
                    new Csv.CsvException(SEED_FILE + ": line " + r.line() + ": unknown vector", null));
            out.add(SourceRecord.seed(r.get("source"), r.line(), date(r, "date", SEED_FILE), r.get("name"), r.get("title"),
                            r.get("technique"), SourceRecord.Loss.withItsFigure("seed", r.get("loss_raw"), usd,
                                    usd == null ? "unknown:not_stated" : "published_approx_usd"))
                    .withVerified(r.get("verified").equalsIgnoreCase("true")).withChains(chains)
                    .withUrls(words(r.get("source")).stream().filter(w -> w.startsWith("https://") || w.startsWith("http://")).toList())
                    .withAttribution(new SourceRecord.Attribution(blankToNull(r.get("attribution")), blankToNull(r.get("attribution_source"))))
                    .withVector(v));
        }
        return out;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    // ---- DefiLlama's hack list ----------------------------------------------------------------------------------

    public static final String DEFILLAMA_FILE = "incidents/defillama_hacks.csv";
    /**
     * A later public dump of the same list with reduced fields (no classification, bridge flag, target type, id or
     * evidence link), 2026-01-05 → 2026-03-22: rows the first dump (which ends 2026-01-01) does not have. data/SOURCES.md.
     */
    public static final String DEFILLAMA_2026Q1_FILE = "incidents/defillama_hacks_2026q1.csv";
    /** Every shipped file of DefiLlama's list, read in this order as one dataset ({@code defillama}). */
    public static final List<String> DEFILLAMA_FILES = List.of(DEFILLAMA_FILE, DEFILLAMA_2026Q1_FILE);
    /** DefiLlama's amount is USD by the list's definition. */
    public static final String DEFILLAMA_BASIS = "defillama_amount_usd";

    /**
     * One DefiLlama hack as a record: its technique with DefiLlama's classification beside it (the vector rules read both:
     * a second opinion where no review decides), the amount as DefiLlama states it in USD, its evidence link.
     * @param ref where the row was read (the shipped file's source column, a feed URL or an imported file)
     */
    public static SourceRecord defiLlama(dev.perimeter.sources.DefiLlamaFormat.Hack h, String ref, int line) {
        String technique = h.technique() == null ? "" : h.technique();
        if (h.classification() != null) technique = (technique.isEmpty() ? "" : technique + "; ") + "DefiLlama classification: " + h.classification();
        BigDecimal usd = h.amountUsd() == null ? null : h.amountUsd().setScale(2, java.math.RoundingMode.HALF_UP);
        String raw = usd == null ? null : "$" + dev.perimeter.sources.DefiLlamaFormat.plainAmount(h.amountUsd()) + " (DefiLlama amount, USD)";
        String title = h.name() + (h.technique() == null ? "" : ": " + h.technique())
                + (h.targetType() == null || h.targetType().equals("DeFi Protocol") ? "" : " (" + h.targetType() + ")");
        BigDecimal returned = h.returnedFundsUsd() == null ? null : h.returnedFundsUsd().setScale(2, java.math.RoundingMode.HALF_UP);
        return SourceRecord.defiLlama(ref, line, h.date(), h.name(), title, technique,
                        SourceRecord.Loss.withItsFigure("defillama amount", raw, usd, usd == null ? LossParser.NOT_STATED : DEFILLAMA_BASIS))
                .withChains(h.chains()).withUrls(h.source() == null ? List.of() : List.of(h.source())).withFundsReturnedUsd(returned);
    }

    // ---- Revoke.cash's approval-exploit list ----------------------------------------------------------------------

    public static final String REVOKE_ADDRESSES_FILE = "incidents/revoke_approval_exploits.csv";
    public static final String REVOKE_EXPLOITS_FILE = "incidents/revoke_exploits.csv";
    public static final String REVOKE_BASIS = "stated_usd_millions";
    /** Ends the source of a contract of an exploit the list marks fixed (patched or upgraded: revoking is optional). */
    public static final String FIXED_MARK = " (fixed per the list)";
    /** The same mark, set by a reviewed evidence row (approval-evidence.csv) rather than by Revoke.cash's list. */
    public static final String FIXED_BY_EVIDENCE = " (fixed per this evidence)";

    /** True when a contract row's source marks its exploit fixed since (by Revoke.cash's list or by reviewed evidence). */
    public static boolean fixed(String source) {
        return source != null && (source.endsWith(FIXED_MARK) || source.endsWith(FIXED_BY_EVIDENCE));
    }

    /**
     * One exploit of the list as a record: its addresses as incident contracts with the role {@link RevokeRoles} decides
     * (a chain id Perimeter does not know is kept as {@code chain-<id>}, never matched), its description as the text the
     * vector rules read, the amount (millions of USD in the source) as its USD loss.
     * @param ref where the exploit was read (repo:path@commit, a feed URL or an imported file)
     */
    public static SourceRecord revoke(dev.perimeter.sources.RevokeFormat.Exploit x, String ref, String fileUrl, int line) {
        String role = RevokeRoles.roleOf(x.name(), x.description());
        List<ContractRef> contracts = new ArrayList<>();
        Set<String> chains = new LinkedHashSet<>();
        Set<dev.perimeter.util.ChainAddress> seen = new java.util.HashSet<>();
        for (dev.perimeter.sources.RevokeFormat.Contract c : x.contracts()) {
            String chain = dev.perimeter.sources.ExternalChains.contractChain(c.chainId());
            chains.add(dev.perimeter.sources.ExternalChains.incidentChain(c.chainId()));
            if (!seen.add(new dev.perimeter.util.ChainAddress(chain, c.address()))) continue;
            contracts.add(new ContractRef(chain, c.address(), role, "revoke:" + ref + (x.fixed() ? FIXED_MARK : "")));
        }
        BigDecimal usd = x.amountUsd() == null ? null : x.amountUsd().setScale(2, java.math.RoundingMode.HALF_UP);
        String raw = x.amountUsd() == null ? null : "$" + dev.perimeter.sources.DefiLlamaFormat.plainAmount(x.amountUsd())
                + " (Revoke.cash amount: " + x.amountUsd().movePointLeft(6).stripTrailingZeros().toPlainString() + " million USD)";
        List<String> urls = new ArrayList<>(x.urls());
        if (fileUrl != null) urls.add(fileUrl);
        SourceRecord.Loss loss = new SourceRecord.Loss(raw, usd, usd == null ? LossParser.NOT_STATED : REVOKE_BASIS,
                usd == null || usd.signum() == 0 ? List.of() : List.of(new LossFigure("revoke amount", raw, usd)));
        return SourceRecord.revoke(ref, line, x.date(), x.name(), x.description(), loss)
                .withChains(List.copyOf(chains)).withContracts(contracts).withUrls(urls);
    }

    // ---- DeFiHackLabs PoC header contracts --------------------------------------------------------------------------

    public static final String POC_CONTRACTS_FILE = "incidents/defihacklabs_poc_contracts.csv";

    /**
     * A "Vulnerable Contract" / "Victim Contract" header comment of a DeFiHackLabs PoC file.
     * @param date  the README date of the PoC (null when the PoC has none)
     * @param chain the contract's chain (null when the row names none)
     * @param role  victim when the header label says victim, else vulnerable
     */
    public record PocContract(int line, String slug, String name, LocalDate date, String pocPath, String chain, String address,
                              String role, String label, String source) {}

    public static List<PocContract> pocContracts(byte[] csv) {
        List<PocContract> out = new ArrayList<>();
        for (Csv.Row r : Csv.read(csv, POC_CONTRACTS_FILE, List.of("slug", "name", "date", "chain_id", "address", "source", "header_label"))) {
            LocalDate date = r.get("date").isEmpty() ? null : date(r, "date", POC_CONTRACTS_FILE);
            String chain = null;
            if (!r.get("chain_id").isEmpty()) {
                try {
                    chain = dev.perimeter.sources.ExternalChains.contractChain(Long.parseLong(r.get("chain_id")));
                } catch (NumberFormatException e) {
                    throw new Csv.CsvException(POC_CONTRACTS_FILE + ": line " + r.line() + ": chain_id is not a number", e);
                }
            }
            String address = Addresses.lower(r.get("address")).orElseThrow(() ->
                    new Csv.CsvException(POC_CONTRACTS_FILE + ": line " + r.line() + ": address is not 0x + 40 hex", null));
            String source = r.get("source");
            int colon = source.indexOf(':'), at = source.indexOf('@');
            String path = colon > 0 && at > colon ? source.substring(colon + 1, at) : "";
            String role = r.get("header_label").toLowerCase(Locale.ROOT).contains("victim") ? "victim" : "vulnerable";
            out.add(new PocContract(r.line(), r.get("slug"), r.get("name"), date, path, chain, address, role, r.get("header_label"), source));
        }
        return out;
    }

    /** DeFiHackLabs records with their PoC header contracts attached, and the PoC rows that fit no record. */
    public record Attached(List<SourceRecord> records, List<PocContract> unattached) {}

    /**
     * Attaches each PoC header contract to the DeFiHackLabs record of its PoC: the record whose PoC link is that file and
     * whose date is the PoC's; else (a second PoC file of one entry) the record of that date whose name is the PoC's
     * name before " - ". A row without a chain or without a fitting record is left unattached (check-data lists them).
     */
    public static Attached attachPocContracts(List<SourceRecord> defiHackLabs, List<PocContract> poc) {
        List<List<ContractRef>> extra = new ArrayList<>();
        for (int i = 0; i < defiHackLabs.size(); i++) extra.add(new ArrayList<>());
        List<PocContract> unattached = new ArrayList<>();
        for (PocContract p : poc) {
            if (p.chain() == null || p.date() == null) {
                unattached.add(p);
                continue;
            }
            int found = -1;
            for (int i = 0; i < defiHackLabs.size() && found < 0; i++) {
                SourceRecord s = defiHackLabs.get(i);
                if (!s.date().equals(p.date()) || p.pocPath().isEmpty()) continue;
                for (String u : s.urls()) if (u.endsWith("/" + p.pocPath())) found = i;
            }
            String pocName = p.name().contains(" - ") ? p.name().substring(0, p.name().indexOf(" - ")) : p.name();
            for (int i = 0; i < defiHackLabs.size() && found < 0; i++) {
                SourceRecord s = defiHackLabs.get(i);
                if (s.date().equals(p.date()) && IncidentMerger.namesEqual(s.name(), pocName)) found = i;
            }
            if (found < 0) {
                unattached.add(p);
                continue;
            }
            extra.get(found).add(new ContractRef(p.chain(), p.address(), p.role(), "defihacklabs_poc:" + p.source()));
        }
        List<SourceRecord> out = new ArrayList<>();
        for (int i = 0; i < defiHackLabs.size(); i++) {
            SourceRecord s = defiHackLabs.get(i);
            if (extra.get(i).isEmpty()) {
                out.add(s);
                continue;
            }
            List<ContractRef> contracts = new ArrayList<>(s.contracts());
            Set<ContractRef.RoleAt> have = new java.util.HashSet<>();
            for (ContractRef c : contracts) have.add(c.roleAt());
            Set<String> chains = new LinkedHashSet<>(s.chains());
            for (ContractRef c : extra.get(i)) {
                if (have.add(c.roleAt())) contracts.add(c);
                if (!c.chain().startsWith("chain-")) chains.add(c.chain());
            }
            out.add(s.withContracts(contracts).withChains(List.copyOf(chains)));
        }
        return new Attached(out, List.copyOf(unattached));
    }
}
