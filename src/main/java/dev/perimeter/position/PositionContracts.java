package dev.perimeter.position;

import dev.perimeter.util.ChainAddress;
import dev.perimeter.util.Chains;
import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contracts behind positions that are not tokens (data/positions/contracts.csv): Uniswap V3's
 * NonfungiblePositionManager, the Morpho Blue singleton, EigenLayer's StrategyManager, EigenPodManager and strategies,
 * per chain. Each row names its source and whether it was verified. A chain without a row for a protocol has no such
 * positions read. Immutable once loaded.
 */
public final class PositionContracts {
    public static final String FILE = "positions/contracts.csv";
    public static final String UNISWAP_V3_MANAGER = "uniswap-v3-position-manager";
    /** PancakeSwap V3's NonfungiblePositionManager: a Uniswap V3 fork with the same reads. */
    public static final String PANCAKESWAP_V3_MANAGER = "pancakeswap-v3-position-manager";
    public static final String MORPHO_BLUE = "morpho-blue";
    public static final String STRATEGY_MANAGER = "eigenlayer-strategy-manager";
    public static final String EIGENPOD_MANAGER = "eigenpod-manager";
    public static final String STRATEGY = "eigenlayer-strategy";
    public static final Set<String> ROLES = Set.of(UNISWAP_V3_MANAGER, PANCAKESWAP_V3_MANAGER, MORPHO_BLUE, STRATEGY_MANAGER, EIGENPOD_MANAGER, STRATEGY);

    private record ChainRole(String chain, String role) {}
    /** The underlying of EigenPodManager's shares: the chain's own coin. */
    public static final String NATIVE = Holding.NATIVE;

    /** One row. underlying: a strategy's token (lowercase) or "native"; fromBlock: Morpho's deployment block (logs start there). */
    public record Row(int line, String chain, String protocol, String role, String address, String underlying, Long fromBlock,
                      String source, boolean verified) {}

    /**
     * What to read on one chain (any part may be absent).
     * @param strategies EigenLayer strategy → its underlying token, as the data gives it (others are read on-chain)
     */
    public record OnChain(Row uniswapV3Manager, Row morpho, Row strategyManager, Row eigenPodManager, Map<String, String> strategies,
                          Row pancakeswapV3Manager) {
        public boolean isEmpty() {
            return uniswapV3Manager == null && morpho == null && strategyManager == null && eigenPodManager == null && pancakeswapV3Manager == null;
        }
    }

    /** data/markets/markets.csv: the lending markets whose collateral a deposit is lent against. */
    public static final String MARKETS_FILE = "markets/markets.csv";
    public static final String AAVE_V3_POOL = "aave-v3-pool";
    public static final String COMET = "compound-v3-comet";
    public static final Set<String> MARKET_KINDS = Set.of(AAVE_V3_POOL, COMET);

    /** One lending market: its chain, registry protocol, kind, name (as shown in a path), lowercase address and source. */
    public record Market(int line, String chain, String protocol, String kind, String name, String address, String source, boolean verified) {}

    private final List<Row> rows;
    private final Map<String, OnChain> byChain;
    private final List<Market> markets;

    public PositionContracts(List<Row> rows) {
        this(rows, List.of());
    }

    public PositionContracts(List<Row> rows, List<Market> markets) {
        this.markets = List.copyOf(markets);
        this.rows = List.copyOf(rows);
        Map<String, List<Row>> grouped = new LinkedHashMap<>();
        for (Row r : rows) grouped.computeIfAbsent(r.chain(), k -> new ArrayList<>()).add(r);
        Map<String, OnChain> m = new HashMap<>();
        grouped.forEach((chain, rs) -> {
            Row uni = null, morpho = null, sm = null, epm = null, pcs = null;
            Map<String, String> strategies = new LinkedHashMap<>();
            for (Row r : rs) {
                switch (r.role()) {
                    case UNISWAP_V3_MANAGER -> uni = r;
                    case PANCAKESWAP_V3_MANAGER -> pcs = r;
                    case MORPHO_BLUE -> morpho = r;
                    case STRATEGY_MANAGER -> sm = r;
                    case EIGENPOD_MANAGER -> epm = r;
                    default -> strategies.put(r.address(), r.underlying());
                }
            }
            m.put(chain, new OnChain(uni, morpho, sm, epm, Map.copyOf(strategies), pcs));
        });
        this.byChain = Map.copyOf(m);
    }

    public static PositionContracts empty() {
        return new PositionContracts(List.of());
    }

    /** Loads the files; a bad row fails the load naming its line. A folder without a file has no positions (markets). */
    public static PositionContracts load(DataFiles files) {
        List<Row> rows = files.exists(FILE) ? parse(files.read(FILE), FILE) : List.of();
        List<Market> markets = files.exists(MARKETS_FILE) ? parseMarkets(files.read(MARKETS_FILE), MARKETS_FILE) : List.of();
        return new PositionContracts(rows, markets);
    }

    public static List<Market> parseMarkets(byte[] csv, String file) {
        List<Market> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Csv.Row r : Csv.read(csv, file, List.of("chain", "protocol", "kind", "name", "address", "source", "verified"))) {
            String where = file + ": line " + r.line() + ": ";
            String chain = r.get("chain"), kind = r.get("kind"), address = r.get("address");
            if (Chains.bySlug(chain).isEmpty()) throw new Csv.CsvException(where + "unknown chain '" + chain + "'", null);
            if (!MARKET_KINDS.contains(kind)) throw new Csv.CsvException(where + "unknown kind '" + kind + "'", null);
            if (!r.get("protocol").matches("[a-z0-9][a-z0-9-]*")) throw new Csv.CsvException(where + "protocol must be a slug", null);
            if (!address.matches("0x[0-9a-f]{40}")) throw new Csv.CsvException(where + "address must be lowercase 0x + 40 hex", null);
            if (r.get("name").isBlank()) throw new Csv.CsvException(where + "a name is required", null);
            if (r.get("source").isBlank()) throw new Csv.CsvException(where + "a source is required", null);
            if (!r.get("verified").equals("yes") && !r.get("verified").equals("no")) {
                throw new Csv.CsvException(where + "verified must be yes or no", null);
            }
            if (!seen.add(chain + "|" + address)) throw new Csv.CsvException(where + "market listed twice on " + chain, null);
            out.add(new Market(r.line(), chain, r.get("protocol"), kind, r.get("name"), address, r.get("source"), r.get("verified").equals("yes")));
        }
        return out;
    }

    /** The lending markets of one chain, in file order. */
    public List<Market> marketsOn(String chain) {
        return markets.stream().filter(m -> m.chain().equals(chain)).toList();
    }

    public List<Market> markets() {
        return markets;
    }

    public static List<Row> parse(byte[] csv, String file) {
        List<Row> out = new ArrayList<>();
        Set<ChainRole> singles = new java.util.HashSet<>(); // each role but a strategy once per chain
        Set<ChainAddress> strategies = new java.util.HashSet<>();
        for (Csv.Row r : Csv.read(csv, file, List.of("chain", "protocol", "role", "address", "underlying", "from_block", "source", "verified"))) {
            String where = file + ": line " + r.line() + ": ";
            String chain = r.get("chain"), role = r.get("role"), address = r.get("address"), underlying = r.get("underlying");
            if (Chains.bySlug(chain).isEmpty()) throw new Csv.CsvException(where + "unknown chain '" + chain + "'", null);
            if (!ROLES.contains(role)) throw new Csv.CsvException(where + "unknown role '" + role + "'", null);
            if (!r.get("protocol").matches("[a-z0-9][a-z0-9-]*")) throw new Csv.CsvException(where + "protocol must be a slug", null);
            if (!address.matches("0x[0-9a-f]{40}")) throw new Csv.CsvException(where + "address must be lowercase 0x + 40 hex", null);
            if (r.get("source").isBlank()) throw new Csv.CsvException(where + "a source is required", null);
            if (!r.get("verified").equals("yes") && !r.get("verified").equals("no")) {
                throw new Csv.CsvException(where + "verified must be yes or no", null);
            }
            boolean needsUnderlying = role.equals(STRATEGY) || role.equals(EIGENPOD_MANAGER);
            if (needsUnderlying && !(underlying.matches("0x[0-9a-f]{40}") || underlying.equals(NATIVE))) {
                throw new Csv.CsvException(where + "a strategy's underlying must be a lowercase address or 'native'", null);
            }
            if (!needsUnderlying && !underlying.isEmpty()) throw new Csv.CsvException(where + "only strategies have an underlying", null);
            Long fromBlock = null;
            if (!r.get("from_block").isEmpty()) {
                try {
                    fromBlock = Long.parseLong(r.get("from_block"));
                } catch (NumberFormatException e) {
                    throw new Csv.CsvException(where + "from_block is not a whole number", e);
                }
                if (fromBlock < 0) throw new Csv.CsvException(where + "from_block is negative", null);
            }
            boolean single = !role.equals(STRATEGY);
            if (single ? !singles.add(new ChainRole(chain, role)) : !strategies.add(new ChainAddress(chain, address))) {
                throw new Csv.CsvException(where + (single ? "a second " + role + " on " + chain : "strategy listed twice"), null);
            }
            out.add(new Row(r.line(), chain, r.get("protocol"), role, address, underlying.isEmpty() ? null : underlying, fromBlock,
                    r.get("source"), r.get("verified").equals("yes")));
        }
        return out;
    }

    /** What to read on this chain; empty when nothing is deployed there. */
    public OnChain on(String chain) {
        return byChain.getOrDefault(chain, new OnChain(null, null, null, null, Map.of(), null));
    }

    public List<Row> rows() {
        return rows;
    }
}
