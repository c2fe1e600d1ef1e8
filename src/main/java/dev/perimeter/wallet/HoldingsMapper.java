package dev.perimeter.wallet;

import dev.perimeter.chain.ChainData;
import dev.perimeter.chain.Deadline;
import dev.perimeter.chain.ScanPlan;
import dev.perimeter.position.Approval;
import dev.perimeter.position.Edge;
import dev.perimeter.position.Holding;
import dev.perimeter.position.PositionContracts;
import dev.perimeter.token.PriceBook;
import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.util.Chains;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What to read on one chain for one wallet (a {@link ScanPlan} from the registry, the price feeds and the position
 * contracts), and what the chain said ({@link ChainData}) as holdings, prices and approvals: the data side of a chain
 * scan, apart from its scheduling ({@link WalletScanner}).
 */
final class HoldingsMapper {
    private final TokenRegistry registry;
    private final PriceBook prices;
    private final PositionContracts positions;
    private final boolean readPositions;
    private final PositionHoldings positionHoldings;
    /** Each chain's lending markets and the registry tokens that may be deposits in them, worked out once. */
    private final Map<String, ScanPlan.Markets> marketPlans = new java.util.concurrent.ConcurrentHashMap<>();

    HoldingsMapper(TokenRegistry registry, PriceBook prices, PositionContracts positions, boolean readPositions) {
        this.registry = registry;
        this.prices = prices;
        this.positions = positions;
        this.readPositions = readPositions;
        this.positionHoldings = new PositionHoldings(registry, positions);
    }

    /** Every registry token of the chain, its price feeds, its position contracts and lending markets; approvals and unlisted tokens when asked. */
    ScanPlan plan(String chain, String address, boolean approvals, List<String> exploited) {
        PositionContracts.OnChain on = positions.on(chain);
        ScanPlan.Markets markets = marketPlans.computeIfAbsent(chain, c -> PositionHoldings.markets(positions.marketsOn(c), registry, c,
                positions.on(c).morpho() != null));
        return new ScanPlan(address, registry.addresses(chain), exploited, approvals, approvals, prices.feeds(chain), true, registry.edgeless(chain))
                .withPositions(readPositions && !(on.isEmpty() && markets.isEmpty()), PositionHoldings.plan(on)).withMarkets(markets);
    }

    /**
     * Edges read on-chain, by the node they leave (a held token, or a lending market's node), each saying what was read at
     * which block. A vault passes a loss through whole; a pool's coin shares it with the pool's other coins; a deposit
     * shares its market's bad debt (lent in), and a market's collateral reaches the market whole.
     */
    Map<String, List<Edge>> edges(String chain, List<ChainData.ReadEdge> read) {
        Map<String, List<Edge>> out = new LinkedHashMap<>();
        for (ChainData.ReadEdge r : read) {
            String source = "on-chain: " + r.call() + " at block " + r.block();
            Edge e = switch (r.kind()) {
                case ChainData.ReadEdge.LENT_IN -> {
                    String market = r.to().substring(r.to().indexOf('#') + 1);
                    String name = r.note() != null ? r.note() : positionHoldings.marketName(chain, market);
                    yield new Edge(chain, r.token(), chain, r.to(), "lent in (" + name + ")", source + (r.note() != null ? "" : " (" + market + ")"),
                            Edge.Layer.SHARED, Edge.MARKET, name.endsWith(" market") || name.startsWith("Morpho Blue market") ? name : name + " market");
                }
                case ChainData.ReadEdge.MARKET_COLLATERAL -> new Edge(chain, r.token(), chain, r.to(),
                        "accepted as collateral (" + r.note() + ")", source, Edge.Layer.WHOLE);
                case ChainData.ReadEdge.VAULT -> new Edge(chain, r.token(), chain, r.to(), "vault asset (ERC-4626)", source, Edge.Layer.WHOLE);
                case ChainData.ReadEdge.PAIR -> new Edge(chain, r.token(), chain, r.to(), "pool coin (Uniswap V2-style pair)", source, Edge.Layer.SHARED);
                case ChainData.ReadEdge.RECEIPT -> new Edge(chain, r.token(), chain, r.to(), "receipt for deposited (Aave aToken)", source, Edge.Layer.WHOLE);
                case ChainData.ReadEdge.GAUGE -> new Edge(chain, r.token(), chain, r.to(), "staked LP token (Curve gauge)", source, Edge.Layer.WHOLE);
                case ChainData.ReadEdge.STAKED -> new Edge(chain, r.token(), chain, r.to(), "staked token (Convex reward pool)", source, Edge.Layer.WHOLE);
                case ChainData.ReadEdge.BALANCER -> new Edge(chain, r.token(), chain, r.to(), "pool coin (Balancer pool)", source, Edge.Layer.SHARED);
                case ChainData.ReadEdge.PENDLE -> new Edge(chain, r.token(), chain, r.to(), "yield token (Pendle SY)", source, Edge.Layer.WHOLE);
                default -> new Edge(chain, r.token(), chain, r.to(), "pool coin (Curve-style pool)", source, Edge.Layer.SHARED);
            };
            List<Edge> list = out.computeIfAbsent(r.token(), k -> new ArrayList<>());
            if (!list.contains(e)) list.add(e);
        }
        return out;
    }

    /** A holding's edges and, for each lending market it is lent in, the market's own edges (its collateral). */
    static List<Edge> withMarkets(List<Edge> own, Map<String, List<Edge>> read) {
        List<Edge> out = new ArrayList<>(own);
        for (Edge e : own) {
            if (!e.toMarket()) continue;
            for (Edge m : read.getOrDefault(e.to(), List.of())) if (!out.contains(m)) out.add(m);
        }
        return out;
    }

    /** The chain's result: holdings (native, registry, unlisted, positions; with edges read on-chain and prices), approvals, status. */
    ChainScan map(String chain, ChainData d, Deadline budget) {
        List<Holding> holdings = new ArrayList<>();
        if (d.nativeBalance() != null && d.nativeBalance().signum() > 0) {
            String sym = Chains.bySlug(chain).map(Chains.Chain::nativeSymbol).orElse("native");
            holdings.add(Holding.of(Token.nativeCoin(chain, sym, sym, 18), d.nativeBalance()));
        }
        d.balances().forEach((t, v) -> {
            if (v.signum() <= 0) return;
            Token tok = registry.find(chain, t).orElseThrow();
            holdings.add(Holding.of(tok, v));
        });
        for (ChainData.RawToken u : d.unlisted()) {
            holdings.add(Holding.of(Token.unlisted(chain, u.address(), u.symbol(), u.name(), u.decimals() == null ? -1 : u.decimals()),
                    u.balance()));
        }
        for (ChainData.RawPosition p : d.positions()) holdings.add(positionHoldings.holding(chain, p));
        Map<String, List<Edge>> read = edges(chain, d.edges());
        for (int i = 0; i < holdings.size(); i++) {
            Holding h = holdings.get(i);
            List<Edge> own = new ArrayList<>(h.edges());
            for (Edge e : read.getOrDefault(h.token(), List.of())) if (!own.contains(e)) own.add(e);
            List<Edge> e = withMarkets(own, read);
            if (!e.isEmpty() && !e.equals(h.edges())) holdings.set(i, h.withEdges(e));
        }
        String nativeSymbol = Chains.bySlug(chain).map(Chains.Chain::nativeSymbol).orElse("");
        for (int i = 0; i < holdings.size(); i++) {
            Holding h = holdings.get(i);
            var route = prices.route(h.asset(), registry, nativeSymbol);
            if (route.isEmpty()) continue;
            ChainData.FeedRound round = d.feeds().get(route.get().feed().feed());
            holdings.set(i, h.valued(PriceBook.value(h.balanceRaw(), h.decimals(), route.get(), round == null ? null : round.answer(),
                    round == null ? null : round.updatedAt(), d.blockTimestamp(), d.block())));
        }
        holdings.sort(Comparator.comparing((Holding h) -> !h.isNative()).thenComparing(h -> !h.listed()).thenComparing(Holding::isPosition)
                .thenComparing(h -> h.symbol() == null ? "~" : h.symbol().toLowerCase(Locale.ROOT)));
        List<Approval> approvals = new ArrayList<>();
        for (ChainData.RawApproval a : d.approvals()) approvals.add(approval(chain, a, d));
        ChainStatus status = d.problems().isEmpty() ? ChainStatus.OK : ChainStatus.PARTIAL;
        String error = d.problems().isEmpty() ? null : String.join("; ", d.problems());
        Map<dev.perimeter.util.ChainAddress, dev.perimeter.chain.ControlReading> controls = new LinkedHashMap<>();
        d.controlsKept().forEach((c, r) -> controls.put(new dev.perimeter.util.ChainAddress(chain, c), r));
        d.controls().forEach((c, r) -> controls.put(new dev.perimeter.util.ChainAddress(chain, c), r));
        return new ChainScan(chain, d.chainId(), status, error, d.block(), List.copyOf(holdings), List.copyOf(approvals),
                registry.addresses(chain).size(), d.httpRequests(), d.rpcCalls(), budget.elapsed().toMillis(), d.logsComplete(),
                controls, d.controlsKept().size());
    }

    /** A live approval with the token's symbol and decimals (the registry's, else what the token or collection said). */
    private Approval approval(String chain, ChainData.RawApproval a, ChainData d) {
        String sym = registry.find(chain, a.token()).map(Token::display)
                .orElseGet(() -> d.unlisted().stream().filter(u -> u.address().equals(a.token())).map(ChainData.RawToken::symbol)
                        .filter(Objects::nonNull).findFirst().orElse(a.symbol()));
        Integer decimals = registry.find(chain, a.token()).map(Token::decimals).orElse(a.decimals());
        Approval.Kind kind = Approval.Kind.of(a.kind());
        if (kind == Approval.Kind.ALL_NFTS) decimals = null; // a collection's NFTs have no decimals
        return new Approval(chain, a.token(), sym, a.spender(), a.allowance(), Approval.isUnlimited(kind, a.allowance(), a.totalSupply()),
                a.foundBy(), decimals, a.totalSupply(), kind, a.expiration());
    }
}
