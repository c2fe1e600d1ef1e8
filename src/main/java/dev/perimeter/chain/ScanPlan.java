package dev.perimeter.chain;

import java.util.List;

/**
 * What to read for one wallet on one chain.
 * @param tokens           registry tokens on this chain (lowercase addresses): balanceOf for each
 * @param exploitedSpenders contracts the incident database marks as vulnerable/victim on this chain: allowance() is
 *                          checked for every held or approved token against each, even when logs are unavailable
 *                          or show no Approval (AllowanceSweep; aggregate3 reads where the endpoint refuses it)
 * @param approvals        read Approval logs and confirm allowances
 * @param discoverUnlisted read Transfer(to=wallet) logs to find tokens outside the registry
 * @param priceFeeds       USD price feeds to read with latestRoundData() (latestAnswer() where a source has no rounds), with
 *                         the block's timestamp, in the same batch as the balances
 * @param readEdges        read what held tokens rest on where the data gives no edge (EdgeReads): the registry tokens in
 *                         {@code edgeless} with a positive balance, and unlisted tokens found in the logs
 * @param edgeless         registry tokens on this chain (lowercase) whose rows give no underlying and no origin
 * @param readPositions    read the wallet's positions that are not tokens ({@link PositionReads}) in the same requests;
 *                         off: not one call more (the benchmark compares both)
 * @param positions        the contracts to read them from on this chain (data/positions/contracts.csv)
 * @param control          read who controls every held token, position contract and approved spender ({@link ControlPhase}),
 *                         reusing what this lookup keeps; null: no control reads (not one call more)
 * @param markets          the lending markets on this chain (data/markets/markets.csv) and the registry tokens that may be
 *                         deposits in them: read with the positions (when {@code readPositions})
 */
public record ScanPlan(String wallet, List<String> tokens, List<String> exploitedSpenders, boolean approvals,
                       boolean discoverUnlisted, List<String> priceFeeds, boolean readEdges, java.util.Set<String> edgeless,
                       boolean readPositions, Positions positions, ControlLookup control, Markets markets) {
    public ScanPlan {
        edgeless = edgeless == null ? java.util.Set.of() : edgeless;
        positions = positions == null ? Positions.NONE : positions;
        markets = markets == null ? Markets.NONE : markets;
    }

    public ScanPlan(String wallet, List<String> tokens, List<String> exploitedSpenders, boolean approvals, boolean discoverUnlisted,
                    List<String> priceFeeds, boolean readEdges, java.util.Set<String> edgeless, boolean readPositions, Positions positions) {
        this(wallet, tokens, exploitedSpenders, approvals, discoverUnlisted, priceFeeds, readEdges, edgeless, readPositions, positions, null);
    }

    public ScanPlan(String wallet, List<String> tokens, List<String> exploitedSpenders, boolean approvals, boolean discoverUnlisted,
                    List<String> priceFeeds, boolean readEdges, java.util.Set<String> edgeless, boolean readPositions, Positions positions,
                    ControlLookup control) {
        this(wallet, tokens, exploitedSpenders, approvals, discoverUnlisted, priceFeeds, readEdges, edgeless, readPositions, positions, control,
                Markets.NONE);
    }

    /**
     * Lending markets of one chain.
     * @param markets  each market's kind ({@link Market#AAVE_V3_POOL}, {@link Market#COMET}) and lowercase address
     * @param deposits registry tokens (lowercase) that may be deposits in an Aave V3-style market (the receipt tokens of a
     *                 protocol with a market here): a held one has its market read
     * @param vaults   registry tokens (lowercase) that are MetaMorpho vault shares: a held one has its Morpho Blue markets read
     */
    public record Markets(List<Market> markets, java.util.Set<String> deposits, java.util.Set<String> vaults) {
        public static final Markets NONE = new Markets(List.of(), java.util.Set.of(), java.util.Set.of());

        public Markets {
            markets = markets == null ? List.of() : List.copyOf(markets);
            deposits = deposits == null ? java.util.Set.of() : java.util.Set.copyOf(deposits);
            vaults = vaults == null ? java.util.Set.of() : java.util.Set.copyOf(vaults);
        }

        /** Without MetaMorpho vaults. */
        public Markets(List<Market> markets, java.util.Set<String> deposits) {
            this(markets, deposits, java.util.Set.of());
        }

        public boolean isEmpty() {
            return markets.isEmpty() && vaults.isEmpty();
        }

        List<String> of(String kind) {
            return markets.stream().filter(m -> m.kind().equals(kind)).map(Market::address).toList();
        }
    }

    /** A lending market: its kind and lowercase address. */
    public record Market(String kind, String address) {
        public static final String AAVE_V3_POOL = "aave-v3-pool";
        public static final String COMET = "compound-v3-comet";
    }

    /** The same plan with these lending markets. */
    public ScanPlan withMarkets(Markets m) {
        return new ScanPlan(wallet, tokens, exploitedSpenders, approvals, discoverUnlisted, priceFeeds, readEdges, edgeless, readPositions, positions,
                control, m);
    }

    /** The same plan reading control (null: not). */
    public ScanPlan withControl(ControlLookup lookup) {
        return new ScanPlan(wallet, tokens, exploitedSpenders, approvals, discoverUnlisted, priceFeeds, readEdges, edgeless, readPositions,
                positions, lookup, markets);
    }

    /**
     * The contracts behind positions on one chain, lowercase; null where the chain has none.
     * @param morphoFromBlock Morpho Blue's deployment block: its logs are read from there
     * @param strategies      EigenLayer strategy → underlying token as the data gives it ("native" for beacon-chain ETH);
     *                        a strategy not listed has its underlyingToken() read
     */
    public record Positions(String uniswapV3Manager, String morpho, long morphoFromBlock, String strategyManager, String eigenPodManager,
                            java.util.Map<String, String> strategies, String pancakeswapV3Manager) {
        public static final Positions NONE = new Positions(null, null, 0, null, null, java.util.Map.of());

        public Positions {
            strategies = strategies == null ? java.util.Map.of() : java.util.Map.copyOf(strategies);
        }

        /** Without a PancakeSwap V3 position manager. */
        public Positions(String uniswapV3Manager, String morpho, long morphoFromBlock, String strategyManager, String eigenPodManager,
                         java.util.Map<String, String> strategies) {
            this(uniswapV3Manager, morpho, morphoFromBlock, strategyManager, eigenPodManager, strategies, null);
        }

        public boolean isEmpty() {
            return uniswapV3Manager == null && morpho == null && strategyManager == null && eigenPodManager == null && pancakeswapV3Manager == null;
        }
    }

    /** Without position reads. */
    public ScanPlan(String wallet, List<String> tokens, List<String> exploitedSpenders, boolean approvals, boolean discoverUnlisted,
                    List<String> priceFeeds, boolean readEdges, java.util.Set<String> edgeless) {
        this(wallet, tokens, exploitedSpenders, approvals, discoverUnlisted, priceFeeds, readEdges, edgeless, false, Positions.NONE);
    }

    /** The same plan reading these positions (or not). */
    public ScanPlan withPositions(boolean read, Positions p) {
        return new ScanPlan(wallet, tokens, exploitedSpenders, approvals, discoverUnlisted, priceFeeds, readEdges, edgeless, read, p, control, markets);
    }

    /** Without on-chain edge reads. */
    public ScanPlan(String wallet, List<String> tokens, List<String> exploitedSpenders, boolean approvals, boolean discoverUnlisted,
                    List<String> priceFeeds) {
        this(wallet, tokens, exploitedSpenders, approvals, discoverUnlisted, priceFeeds, false, java.util.Set.of());
    }

    public ScanPlan(String wallet, List<String> tokens, List<String> exploitedSpenders, boolean approvals, boolean discoverUnlisted) {
        this(wallet, tokens, exploitedSpenders, approvals, discoverUnlisted, List.of());
    }
}
