package dev.perimeter.token;

import dev.perimeter.util.ChainAddress;
import dev.perimeter.util.Chains;
import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;
import dev.perimeter.util.SolanaAddress;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The token registry (data/tokens/tokens.csv), in memory, indexed by chain and address. Immutable once loaded. */
public final class TokenRegistry {
    public static final String FILE = "tokens/tokens.csv";
    public static final Set<String> KINDS = Set.of("plain", "receipt", "debt", "lp", "bridged", "wrapped", "lst", "lrt");

    private final Map<String, Map<String, Token>> byChain;
    /** Each chain's addresses, listed once (every scan asks for them). */
    private final Map<String, List<String>> addressesByChain;
    /** Each chain's tokens whose rows give no edge (no underlying, no origin address): what they rest on is read on-chain. */
    private final Map<String, Set<String>> edgelessByChain;

    public TokenRegistry(List<Token> tokens) {
        Map<String, Map<String, Token>> m = new HashMap<>();
        for (Token t : tokens) m.computeIfAbsent(t.chain(), k -> new LinkedHashMap<>()).put(t.address(), t);
        Map<String, Map<String, Token>> frozen = new HashMap<>();
        Map<String, List<String>> addresses = new HashMap<>();
        Map<String, Set<String>> edgeless = new HashMap<>();
        m.forEach((k, v) -> {
            frozen.put(k, Collections.unmodifiableMap(v));
            addresses.put(k, List.copyOf(v.keySet()));
            Set<String> none = new java.util.HashSet<>();
            for (Token t : v.values()) if (t.underlying() == null && t.originAddress() == null) none.add(t.address());
            edgeless.put(k, Set.copyOf(none));
        });
        this.byChain = Map.copyOf(frozen);
        this.addressesByChain = Map.copyOf(addresses);
        this.edgelessByChain = Map.copyOf(edgeless);
    }

    /** Reviewed protocol links: (chain, address) → protocol, each with the source saying that protocol issues or manages it. */
    public static final String PROTOCOL_LINKS = "tokens/protocol-links.csv";

    /** The Solana registry (issue 23): mints (base58, as written) with the same columns, plus the stake pool of an LST. */
    public static final String SOLANA_FILE = "tokens/solana-tokens.csv";

    public static TokenRegistry load(DataFiles files) {
        List<Token> tokens = new ArrayList<>(parse(files.read(FILE), FILE));
        if (files.exists(SOLANA_FILE)) tokens.addAll(parse(files.read(SOLANA_FILE), SOLANA_FILE));
        return new TokenRegistry(applyProtocolLinks(tokens, files.read(PROTOCOL_LINKS), PROTOCOL_LINKS));
    }

    /** Whether an address is written as the registry stores it on that chain: lowercase 0x + 40 hex, base58 on solana. */
    public static boolean storedForm(String chain, String address) {
        if (Chains.SOLANA.equals(chain)) return SolanaAddress.isValid(address) && address.equals(address.trim());
        return address != null && address.matches("0x[0-9a-f]{40}");
    }

    /**
     * Sets each linked token's protocol (a reviewed link wins over the registry's classification). A link naming a token
     * that is not in the registry, or without a source or reason, fails the load naming the line.
     */
    public static List<Token> applyProtocolLinks(List<Token> tokens, byte[] csv, String file) {
        Map<ChainAddress, Csv.Row> links = new LinkedHashMap<>();
        for (Csv.Row r : Csv.read(csv, file, List.of("chain", "address", "protocol", "source", "reason"))) {
            String where = file + ": line " + r.line() + ": ";
            if (!storedForm(r.get("chain"), r.get("address"))) throw new Csv.CsvException(where + "address must be lowercase 0x + 40 hex (base58 on solana)", null);
            if (!r.get("protocol").matches("[a-z0-9][a-z0-9-]*")) throw new Csv.CsvException(where + "protocol must be a slug", null);
            if (r.get("source").isBlank() || r.get("reason").isBlank()) throw new Csv.CsvException(where + "a source and a reason are required", null);
            links.put(new ChainAddress(r.get("chain"), r.get("address")), r);
        }
        List<Token> out = new ArrayList<>(tokens.size());
        java.util.Set<ChainAddress> used = new java.util.HashSet<>();
        for (Token t : tokens) {
            Csv.Row l = links.get(t.at());
            if (l == null) {
                out.add(t);
                continue;
            }
            used.add(t.at());
            out.add(new Token(t.chain(), t.address(), t.symbol(), t.name(), t.decimals(), t.kind(), l.get("protocol"), t.underlying(),
                    t.bridge(), t.originChain(), t.originAddress(), t.source() + " | protocol: " + l.get("source")));
        }
        for (Map.Entry<ChainAddress, Csv.Row> e : links.entrySet()) {
            if (!used.contains(e.getKey())) {
                throw new Csv.CsvException(file + ": line " + e.getValue().line() + ": the token is not in the registry", null);
            }
        }
        return out;
    }

    public static List<Token> parse(byte[] csv, String file) {
        List<Token> out = new ArrayList<>();
        for (Csv.Row r : Csv.read(csv, file, List.of("chain", "address", "symbol", "name", "decimals", "kind", "protocol",
                "underlying_address", "bridge", "origin_chain", "origin_address", "source"))) {
            String where = file + ": line " + r.line() + ": ";
            String address = r.get("address");
            if (!storedForm(r.get("chain"), address)) throw new Csv.CsvException(where + "address must be lowercase 0x + 40 hex (base58 of 32 bytes on solana)", null);
            int decimals;
            try {
                decimals = Integer.parseInt(r.get("decimals"));
            } catch (NumberFormatException e) {
                throw new Csv.CsvException(where + "decimals is not a whole number", e);
            }
            if (decimals < 0 || decimals > 36) throw new Csv.CsvException(where + "decimals out of range", null);
            if (!KINDS.contains(r.get("kind"))) throw new Csv.CsvException(where + "unknown kind '" + r.get("kind") + "'", null);
            if (r.get("source").isEmpty()) throw new Csv.CsvException(where + "a source is required", null);
            out.add(new Token(r.get("chain"), address, r.get("symbol"), r.get("name"), decimals, r.get("kind"), blank(r.get("protocol")),
                    blank(r.get("underlying_address")), blank(r.get("bridge")), blank(r.get("origin_chain")),
                    blank(r.get("origin_address")), r.get("source")));
        }
        return out;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public Optional<Token> find(String chain, String address) {
        Map<String, Token> m = byChain.get(chain);
        return m == null ? Optional.empty() : Optional.ofNullable(m.get(address));
    }

    public List<String> addresses(String chain) {
        return addressesByChain.getOrDefault(chain, List.of());
    }

    /** The chain's tokens whose rows give neither an underlying nor an origin address (the data has no edge from them). */
    public Set<String> edgeless(String chain) {
        return edgelessByChain.getOrDefault(chain, Set.of());
    }

    public int size(String chain) {
        Map<String, Token> m = byChain.get(chain);
        return m == null ? 0 : m.size();
    }

    public int size() {
        return byChain.values().stream().mapToInt(Map::size).sum();
    }

    public List<Token> all() {
        List<Token> out = new ArrayList<>();
        byChain.values().forEach(m -> out.addAll(m.values()));
        return out;
    }
}
