package dev.perimeter.util;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chains Perimeter scans: slug, chain id, display name, explorer. Seven EVM chains and Solana, the first chain of
 * another family (issue 23: chain id 0, it has none; read by dev.perimeter.solana, never by the EVM code). Immutable.
 */
public final class Chains {
    public record Chain(String slug, long chainId, String name, String explorer, String defaultRpc, String nativeSymbol) {}

    /** The one chain of the Solana family. */
    public static final String SOLANA = "solana";

    // Default RPCs: well-known public endpoints. Operators override them with PERIMETER_RPC_<CHAIN>.
    public static final List<Chain> ALL = List.of(
            new Chain("ethereum", 1, "Ethereum", "https://etherscan.io", "https://ethereum-rpc.publicnode.com", "ETH"),
            new Chain("arbitrum", 42161, "Arbitrum One", "https://arbiscan.io", "https://arb1.arbitrum.io/rpc", "ETH"),
            new Chain("optimism", 10, "OP Mainnet", "https://optimistic.etherscan.io", "https://mainnet.optimism.io", "ETH"),
            new Chain("base", 8453, "Base", "https://basescan.org", "https://mainnet.base.org", "ETH"),
            new Chain("polygon", 137, "Polygon PoS", "https://polygonscan.com", "https://polygon-rpc.com", "POL"),
            new Chain("bsc", 56, "BNB Smart Chain", "https://bscscan.com", "https://bsc-dataseed.bnbchain.org", "BNB"),
            new Chain("avalanche", 43114, "Avalanche C-Chain", "https://snowtrace.io", "https://api.avax.network/ext/bc/C/rpc", "AVAX"),
            // Solana's public mainnet-beta endpoint (solana.com/docs/references/clusters): rate-limited, for trying it out.
            new Chain(SOLANA, 0, "Solana", "https://solscan.io", "https://api.mainnet-beta.solana.com", "SOL"));

    private static final Map<String, Chain> BY_SLUG;
    static {
        var m = new java.util.LinkedHashMap<String, Chain>();
        for (Chain c : ALL) m.put(c.slug(), c);
        BY_SLUG = Map.copyOf(m);
    }

    /** Hack datasets name more chains than we scan; these are the slugs we accept for incidents. */
    public static final List<String> INCIDENT_CHAINS = List.of("ethereum", "arbitrum", "optimism", "base", "polygon", "bsc",
            "avalanche", "fantom", "gnosis", "blast", "linea", "mantle", "zksync", "sei", "moonriver", "moonbeam", "cronos",
            "harmony", "solana", "ronin", "near", "tron", "bitcoin", "celo", "aurora", "metis", "scroll", "klaytn", "heco",
            "okc", "cosmos", "thorchain", "sui", "aptos", "starknet", "other");

    private Chains() {}

    public static Optional<Chain> bySlug(String slug) {
        return Optional.ofNullable(slug == null ? null : BY_SLUG.get(slug));
    }

    public static List<String> slugs() {
        return ALL.stream().map(Chain::slug).toList();
    }

    public static String explorerAddressUrl(String chain, String address) {
        if (SOLANA.equals(chain)) return "https://solscan.io/account/" + address;
        return bySlug(chain).map(c -> c.explorer() + "/address/" + address).orElse(null);
    }

    /** Whether the chain is one of the EVM family (read by chain/), as opposed to Solana (read by solana/). */
    public static boolean isEvm(String slug) {
        return bySlug(slug).map(c -> c.chainId() > 0).orElse(false);
    }

    /** The EVM chains among these slugs, in their order. */
    public static List<String> evm(List<String> slugs) {
        return slugs.stream().filter(Chains::isEvm).toList();
    }
}
