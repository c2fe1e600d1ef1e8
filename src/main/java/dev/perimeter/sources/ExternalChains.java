package dev.perimeter.sources;

import dev.perimeter.util.Chains;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Chain names and ids as other datasets write them, mapped to Perimeter's chain slugs. */
public final class ExternalChains {
    private ExternalChains() {}

    /** DefiLlama's chain names (as its hacks list spells them) for the chains whose slug differs from the lowercased name. */
    private static final Map<String, String> DEFILLAMA = Map.ofEntries(
            Map.entry("binance", "bsc"), Map.entry("bnb chain", "bsc"), Map.entry("bnb", "bsc"), Map.entry("op mainnet", "optimism"),
            Map.entry("gnosis chain", "gnosis"), Map.entry("xdai", "gnosis"), Map.entry("zksync era", "zksync"),
            Map.entry("avax", "avalanche"), Map.entry("matic", "polygon"), Map.entry("klaytn", "klaytn"));

    /** A DefiLlama chain name → an incident chain slug; names outside Perimeter's incident chains become "other". */
    public static String fromDefiLlama(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        String slug = DEFILLAMA.getOrDefault(n, n.replaceAll("[^a-z0-9]+", "-"));
        return Chains.INCIDENT_CHAINS.contains(slug) ? slug : "other";
    }

    /** EVM chain ids of incident chains Perimeter records but does not scan (chainlist.org ids). */
    private static final Map<Long, String> INCIDENT_CHAIN_IDS = Map.ofEntries(
            Map.entry(250L, "fantom"), Map.entry(100L, "gnosis"), Map.entry(81457L, "blast"), Map.entry(59144L, "linea"),
            Map.entry(5000L, "mantle"), Map.entry(324L, "zksync"), Map.entry(1329L, "sei"), Map.entry(1285L, "moonriver"),
            Map.entry(1284L, "moonbeam"), Map.entry(25L, "cronos"), Map.entry(1666600000L, "harmony"), Map.entry(42220L, "celo"),
            Map.entry(1313161554L, "aurora"), Map.entry(1088L, "metis"), Map.entry(534352L, "scroll"), Map.entry(8217L, "klaytn"),
            Map.entry(128L, "heco"), Map.entry(66L, "okc"));

    /**
     * The chain an incident contract is recorded on: the slug of a chain Perimeter scans or records ({@link Chains#INCIDENT_CHAINS}),
     * else {@code chain-<id>}, which keeps the id and is never matched against a scan.
     */
    public static String contractChain(long id) {
        return fromChainId(id).orElseGet(() -> INCIDENT_CHAIN_IDS.getOrDefault(id, "chain-" + id));
    }

    /** The incident-chain slug for an EVM chain id: a scanned or recorded chain, else "other". */
    public static String incidentChain(long id) {
        String c = contractChain(id);
        return c.startsWith("chain-") ? "other" : c;
    }

    /** An EVM chain id → the slug of a chain Perimeter scans, if it scans it. */
    public static Optional<String> fromChainId(long id) {
        return Chains.ALL.stream().filter(c -> c.chainId() == id).map(Chains.Chain::slug).findFirst();
    }
}
