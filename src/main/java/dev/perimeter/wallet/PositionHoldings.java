package dev.perimeter.wallet;

import dev.perimeter.chain.ChainData;
import dev.perimeter.chain.ScanPlan;
import dev.perimeter.position.Edge;
import dev.perimeter.position.Holding;
import dev.perimeter.position.Position;
import dev.perimeter.position.PositionContracts;
import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Positions that are not tokens, as read on-chain, turned into holdings of kind position with an edge to each underlying. */
final class PositionHoldings {
    private final TokenRegistry registry;
    private final PositionContracts positions;

    PositionHoldings(TokenRegistry registry, PositionContracts positions) {
        this.registry = registry;
        this.positions = positions;
    }

    /** The contracts of one chain as the chain reader takes them. */
    static ScanPlan.Positions plan(PositionContracts.OnChain on) {
        if (on.isEmpty()) return ScanPlan.Positions.NONE;
        return new ScanPlan.Positions(on.uniswapV3Manager() == null ? null : on.uniswapV3Manager().address(),
                on.morpho() == null ? null : on.morpho().address(), on.morpho() == null || on.morpho().fromBlock() == null ? 0 : on.morpho().fromBlock(),
                on.strategyManager() == null ? null : on.strategyManager().address(),
                on.eigenPodManager() == null ? null : on.eigenPodManager().address(), on.strategies(),
                on.pancakeswapV3Manager() == null ? null : on.pancakeswapV3Manager().address());
    }

    /**
     * A chain's lending markets as the chain reader takes them, with the registry tokens that may be deposits in its Aave
     * V3-style markets: receipt tokens of the markets' protocols (for Aave, the address book's V3 aTokens: rows whose source
     * names an AaveV3 market's A_TOKEN).
     */
    static ScanPlan.Markets markets(List<PositionContracts.Market> markets, TokenRegistry registry, String chain, boolean morpho) {
        java.util.Set<String> vaults = new java.util.HashSet<>();
        if (morpho) { // MetaMorpho vault shares: the registry's Morpho receipt tokens (listed by Morpho as vaults)
            for (String a : registry.addresses(chain)) {
                Token t = registry.find(chain, a).orElse(null);
                if (t != null && "morphoblue".equals(t.protocol()) && "receipt".equals(t.kind())) vaults.add(a);
            }
        }
        if (markets.isEmpty() && vaults.isEmpty()) return ScanPlan.Markets.NONE;
        java.util.Set<String> protocols = new java.util.HashSet<>();
        List<ScanPlan.Market> out = new ArrayList<>();
        for (PositionContracts.Market m : markets) {
            out.add(new ScanPlan.Market(m.kind(), m.address()));
            if (m.kind().equals(PositionContracts.AAVE_V3_POOL)) protocols.add(m.protocol());
        }
        java.util.Set<String> deposits = new java.util.HashSet<>();
        for (String a : registry.addresses(chain)) {
            Token t = registry.find(chain, a).orElse(null);
            if (t == null || !"receipt".equals(t.kind()) || t.protocol() == null || !protocols.contains(t.protocol())) continue;
            if ("aave".equals(t.protocol()) && (t.source() == null || !t.source().matches(".*AaveV3\\w*\\.js#ASSETS\\.\\S+\\.A_TOKEN.*"))) continue;
            deposits.add(a);
        }
        return new ScanPlan.Markets(out, deposits, vaults);
    }

    /** A market's name from data/markets/markets.csv ("Aave V3 Core"), or its address when the data has no row. */
    String marketName(String chain, String address) {
        return positions.marketsOn(chain).stream().filter(m -> m.address().equals(address)).map(PositionContracts.Market::name)
                .findFirst().orElse(address);
    }

    /** How each role of an underlying relates the position to it, and whether a loss there reaches the holder whole. */
    private static final Map<String, String> RELATIONS = Map.of(
            ChainData.RawUnderlying.TOKEN0, "pool coin (Uniswap V3 position, token0)",
            ChainData.RawUnderlying.TOKEN1, "pool coin (Uniswap V3 position, token1)",
            ChainData.RawUnderlying.COLLATERAL, "collateral deposited (Morpho Blue market)",
            ChainData.RawUnderlying.SUPPLIED, "supplied (Morpho Blue market)",
            ChainData.RawUnderlying.BORROWED, "borrowed (Morpho Blue market)",
            ChainData.RawUnderlying.LENT_AGAINST, "collateral backing the loans supplied (Morpho Blue market)",
            ChainData.RawUnderlying.RESTAKED, "restaked (EigenLayer)",
            ChainData.RawUnderlying.LENT_IN, "lent in");

    /**
     * A pool's coin shares a loss with the pool's other coins, and a lender is reached by a loss of the market's collateral
     * only through bad debt beyond the liquidation buffer: both rated one level lower ({@link Edge.Layer#SHARED}). Collateral,
     * supplied and borrowed assets and restaked tokens are the position's own: a loss passes through whole.
     */
    static Edge.Layer layer(String role) {
        return switch (role) {
            case ChainData.RawUnderlying.TOKEN0, ChainData.RawUnderlying.TOKEN1, ChainData.RawUnderlying.LENT_AGAINST,
                 ChainData.RawUnderlying.LENT_IN -> Edge.Layer.SHARED;
            default -> Edge.Layer.WHOLE;
        };
    }

    /** A position read on-chain as a holding of kind position, with an edge to each underlying (source: what was read, at which block). */
    Holding holding(String chain, ChainData.RawPosition p) {
        PositionContracts.OnChain on = positions.on(chain);
        PositionContracts.Row row = switch (p.protocol()) {
            case ChainData.RawPosition.UNISWAP_V3 -> on.uniswapV3Manager();
            case ChainData.RawPosition.PANCAKESWAP_V3 -> on.pancakeswapV3Manager();
            case ChainData.RawPosition.MORPHO_BLUE -> on.morpho();
            case ChainData.RawPosition.EIGENLAYER -> on.strategyManager() != null ? on.strategyManager() : on.eigenPodManager();
            default -> null;
        };
        String protocol = row != null ? row.protocol() : positions.marketsOn(chain).stream().filter(m -> m.address().equals(p.contract()))
                .map(PositionContracts.Market::protocol).findFirst().orElse(null);
        String nativeSymbol = dev.perimeter.util.Chains.bySlug(chain).map(dev.perimeter.util.Chains.Chain::nativeSymbol).orElse("native");
        List<Position.Underlying> under = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (ChainData.RawUnderlying u : p.underlyings()) {
            if (ChainData.RawUnderlying.LENT_IN.equals(u.role())) { // the market, whose own edges name its collateral
                String market = u.token().substring(u.token().indexOf('#') + 1), name = marketName(chain, market);
                edges.add(new Edge(chain, p.id(), chain, u.token(), "lent in (" + name + ")", "on-chain: " + u.source() + " at block " + p.block(),
                        Edge.Layer.SHARED, Edge.MARKET, name + " market"));
                continue;
            }
            boolean nativeCoin = Holding.NATIVE.equals(u.token());
            Optional<Token> t = nativeCoin ? Optional.empty() : registry.find(chain, u.token());
            String symbol = nativeCoin ? nativeSymbol : t.map(Token::symbol).orElse(null);
            Integer decimals = nativeCoin ? Integer.valueOf(18) : t.map(Token::decimals).orElse(null);
            String relation = RELATIONS.getOrDefault(u.role(), u.role());
            if (nativeCoin) relation = "natively restaked " + nativeSymbol + " (EigenPod)";
            if (ChainData.RawPosition.PANCAKESWAP_V3.equals(p.protocol())) relation = relation.replace("Uniswap V3", "PancakeSwap V3");
            under.add(new Position.Underlying(u.token(), symbol, u.role(), relation, u.amount(), decimals));
            String source = u.source().startsWith("data/") ? u.source() + " (" + strategySource(chain, p) + ")"
                    : "on-chain: " + u.source() + " at block " + p.block() + " (" + p.contract() + ")";
            edges.add(new Edge(chain, p.id(), chain, u.token(), relation, source, layer(u.role())));
        }
        Position pos = new Position(p.protocol(), p.id(), p.contract(), p.amounts(), under, "on-chain: " + p.call() + " at block " + p.block());
        return Holding.ofPosition(chain, protocol, symbol(p, under), name(p, under), pos, edges);
    }

    private String strategySource(String chain, ChainData.RawPosition p) {
        String strategy = p.id().substring(p.id().indexOf('#') + 1);
        return positions.rows().stream().filter(r -> r.chain().equals(chain) && r.address().equals(strategy)).map(PositionContracts.Row::source)
                .findFirst().orElse("no source");
    }

    private static String sym(Position.Underlying u) {
        return u.symbol() != null ? u.symbol() : u.token().substring(0, Math.min(10, u.token().length())) + "…";
    }

    /** A short label: "UNI-V3 rsETH/WETH", "Morpho PAXG/USDC", "EigenLayer stETH". */
    static String symbol(ChainData.RawPosition p, List<Position.Underlying> under) {
        return switch (p.protocol()) {
            case ChainData.RawPosition.UNISWAP_V3 -> "UNI-V3 " + (under.size() == 2 ? sym(under.get(0)) + "/" + sym(under.get(1)) : "?");
            case ChainData.RawPosition.PANCAKESWAP_V3 -> "PCS-V3 " + (under.size() == 2 ? sym(under.get(0)) + "/" + sym(under.get(1)) : "?");
            case ChainData.RawPosition.MORPHO_BLUE -> "Morpho " + morphoPair(under);
            case ChainData.RawPosition.COMPOUND_V3 -> "Compound v3 " + under.stream().filter(u -> u.role().equals(ChainData.RawUnderlying.SUPPLIED))
                    .map(PositionHoldings::sym).findFirst().orElse("collateral");
            default -> "EigenLayer " + (under.isEmpty() ? "?" : sym(under.get(0)));
        };
    }

    private static String morphoPair(List<Position.Underlying> under) {
        String loan = null, collateral = null;
        for (Position.Underlying u : under) {
            if (u.role().equals(ChainData.RawUnderlying.SUPPLIED) || u.role().equals(ChainData.RawUnderlying.BORROWED)) loan = sym(u);
            else collateral = sym(u);
        }
        return (collateral != null ? collateral : "?") + "/" + (loan != null ? loan : "?");
    }

    /** What it is in words: "Uniswap V3 position #12345 (fee 0.05%)", "Morpho Blue market 0x8eaf…", "EigenLayer strategy 0x93c4…". */
    static String name(ChainData.RawPosition p, List<Position.Underlying> under) {
        String key = p.id().substring(p.id().indexOf('#') + 1);
        return switch (p.protocol()) {
            case ChainData.RawPosition.UNISWAP_V3, ChainData.RawPosition.PANCAKESWAP_V3 -> {
                BigInteger fee = p.amounts().get("fee");
                yield (p.protocol().equals(ChainData.RawPosition.UNISWAP_V3) ? "Uniswap V3" : "PancakeSwap V3") + " position #" + key + (fee == null ? "" : " (fee " + new BigDecimal(fee, 4).stripTrailingZeros().toPlainString() + "%)");
            }
            case ChainData.RawPosition.MORPHO_BLUE -> "Morpho Blue market " + key;
            case ChainData.RawPosition.COMPOUND_V3 -> "Compound v3 market " + key;
            default -> key.equals("beacon-eth") ? "EigenLayer native restaking (EigenPod)" : "EigenLayer strategy " + key;
        };
    }
}
