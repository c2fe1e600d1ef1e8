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

    /** An EVM chain id → the slug of a chain Perimeter scans, if it scans it. */
    public static Optional<String> fromChainId(long id) {
        return Chains.ALL.stream().filter(c -> c.chainId() == id).map(Chains.Chain::slug).findFirst();
    }
}
