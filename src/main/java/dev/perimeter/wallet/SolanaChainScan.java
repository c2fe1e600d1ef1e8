package dev.perimeter.wallet;

import dev.perimeter.chain.Deadline;
import dev.perimeter.chain.RpcException;
import dev.perimeter.position.Approval;
import dev.perimeter.position.Edge;
import dev.perimeter.position.Holding;
import dev.perimeter.position.Position;
import dev.perimeter.solana.PythFeeds;
import dev.perimeter.solana.SolanaData;
import dev.perimeter.solana.SolanaPrograms;
import dev.perimeter.solana.SolanaRpcReader;
import dev.perimeter.solana.StakeAccount;
import dev.perimeter.solana.StakePoolReading;
import dev.perimeter.solana.StakePools;
import dev.perimeter.solana.TokenAccount;
import dev.perimeter.token.PriceBook;
import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One Solana wallet as a chain of the report: what {@link SolanaRpcReader} read, mapped to holdings and approvals as the EVM
 * chains' are. A holding's token is the mint (native SOL: "native", kind native); balances of several token accounts of
 * one mint are added up; a native stake account is a holding of kind position ({@code native-stake#<stake account>}); a
 * token account's delegate is an approval whose spender is the delegate and whose allowance is the delegated amount.
 */
public final class SolanaChainScan {
    private static final Logger log = LoggerFactory.getLogger(SolanaChainScan.class);
    public static final String CHAIN = SolanaRpcReader.CHAIN;
    /** How a delegation was found: it is a field of the token account itself. */
    public static final String FOUND_BY = "token-account-delegate";
    public static final String STAKE_PROTOCOL = "native-stake";
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private SolanaChainScan() {}

    public static ChainScan scan(SolanaRpcReader reader, TokenRegistry registry, String owner, Deadline budget) {
        SolanaData d;
        try {
            d = reader.read(owner, budget);
        } catch (RpcException e) {
            log.info("chain solana could not be read: {}", e.kind());
            log.debug("chain solana could not be read: {} ({})", e.getMessage(), e.providerText());
            return new ChainScan(CHAIN, 0, ChainStatus.FAILED, e.publicMessage(), null, List.of(), List.of(), 0, 0, 0, budget.elapsed().toMillis(), false);
        }
        return map(d, registry, reader.pyth(), reader.pools(), budget.elapsed().toMillis());
    }

    static ChainScan map(SolanaData d, TokenRegistry registry, long millis) {
        return map(d, registry, PythFeeds.none(), millis);
    }

    static ChainScan map(SolanaData d, TokenRegistry registry, PythFeeds pyth, long millis) {
        return map(d, registry, pyth, StakePools.none(), millis);
    }

    static ChainScan map(SolanaData d, TokenRegistry registry, PythFeeds pyth, StakePools pools, long millis) {
        List<Holding> holdings = new ArrayList<>();
        if (d.lamports() != null && d.lamports().signum() > 0) {
            holdings.add(Holding.of(Token.nativeCoin(CHAIN, "SOL", "Solana", SolanaPrograms.SOL_DECIMALS), d.lamports()));
        }
        Map<String, BigInteger> byMint = new LinkedHashMap<>();
        Map<String, Integer> decimals = new LinkedHashMap<>();
        for (TokenAccount t : d.tokenAccounts()) {
            byMint.merge(t.mint(), t.amount(), BigInteger::add);
            decimals.putIfAbsent(t.mint(), t.decimals());
        }
        byMint.forEach((mint, amount) -> {
            if (amount.signum() <= 0) return;
            Optional<Token> tok = registry.find(CHAIN, mint);
            if (tok.isPresent()) {
                holdings.add(Holding.of(tok.get().withDecimals(decimals.get(mint)), amount)); // the mint's decimals as read
            } else {
                holdings.add(Holding.of(Token.unlisted(CHAIN, mint, null, null, decimals.get(mint)), amount));
            }
        });
        for (int i = 0; i < holdings.size(); i++) holdings.set(i, price(holdings.get(i), d, pyth));
        for (StakeAccount s : d.stakes()) holdings.add(stake(s, d.slot()));
        holdings.sort(Comparator.comparing((Holding h) -> !h.isNative()).thenComparing(h -> !h.listed()).thenComparing(Holding::isPosition)
                .thenComparing(h -> h.symbol() == null ? "~" : h.symbol().toLowerCase(Locale.ROOT)));
        List<Approval> approvals = new ArrayList<>();
        for (TokenAccount t : d.tokenAccounts()) {
            if (t.delegate() == null || t.delegatedAmount() == null || t.delegatedAmount().signum() <= 0) continue;
            String symbol = registry.find(CHAIN, t.mint()).map(Token::display).orElse(null);
            approvals.add(new Approval(CHAIN, t.mint(), symbol, t.delegate(), t.delegatedAmount(), t.delegatedAmount().equals(U64_MAX),
                    FOUND_BY, t.decimals(), null));
        }
        ChainStatus status = d.problems().isEmpty() ? ChainStatus.OK : ChainStatus.PARTIAL;
        String error = d.problems().isEmpty() ? null : String.join("; ", d.problems());
        Map<String, StakePoolReading> stakePools = new LinkedHashMap<>();
        for (Holding h : holdings) {
            if (h.isNative() || h.isPosition()) continue;
            pools.forMint(h.token()).ifPresent(p -> stakePools.put(p.mint(), stakePool(p, d)));
        }
        return new ChainScan(CHAIN, 0, status, error, d.slot(), List.copyOf(holdings), List.copyOf(approvals), registry.size(CHAIN),
                d.httpRequests(), d.rpcCalls(), millis, true, Map.of(), 0, stakePools);
    }

    /** The pool's manager and staker as its account said at the slot; "not read" with the reason when it was absent or did not decode. */
    static StakePoolReading stakePool(StakePools.Pool p, SolanaData d) {
        SolanaRpcReader.RawAccount acc = d.accounts().get(p.address());
        if (acc == null) {
            return new StakePoolReading(p.mint(), p.address(), p.program(), null, null, d.slot(),
                    "not read: the endpoint did not return the pool account " + p.address() + " at slot " + d.slot());
        }
        Optional<StakePools.Authorities> a = StakePools.decode(p, acc.owner(), acc.data());
        if (a.isEmpty()) {
            return new StakePoolReading(p.mint(), p.address(), p.program(), null, null, d.slot(), "not read: the account " + p.address()
                    + " at slot " + d.slot() + " is not a stake pool of program " + p.program() + " in the SPL stake-pool layout");
        }
        return new StakePoolReading(p.mint(), p.address(), p.program(), a.get().manager(), a.get().staker(), d.slot(), null);
    }

    /**
     * A holding priced by its Pyth feed when the data names one (native SOL: wrapped SOL's); else left unpriced without a
     * reason, as on EVM. See {@link PythFeeds} for what makes a reading usable.
     */
    static Holding price(Holding h, SolanaData d, PythFeeds pyth) {
        Optional<PythFeeds.Feed> f = pyth.feed(h.isNative() ? SolanaPrograms.NATIVE_MINT : h.token());
        if (f.isEmpty()) return h;
        SolanaRpcReader.RawAccount acc = d.accounts().get(f.get().account());
        PythFeeds.Reading r = acc == null ? null : PythFeeds.decode(acc.owner(), acc.data(), f.get().feedId());
        return h.valued(value(h, f.get(), r, d.clockUnix(), d.slot()));
    }

    /** The verdict for one holding from what its feed said (null: not read) at the slot's clock (null: not read), as {@link PriceBook#value}. */
    static PriceBook.Valuation value(Holding h, PythFeeds.Feed f, PythFeeds.Reading r, Long clockUnix, long slot) {
        if (r == null) return new PriceBook.Valuation(null, null, PriceBook.UNREADABLE);
        if (r.problem() != null) return new PriceBook.Valuation(null, null, r.problem());
        if (r.price().signum() <= 0) return new PriceBook.Valuation(null, null, PriceBook.STALE);
        if (clockUnix == null) return new PriceBook.Valuation(null, null, PriceBook.AGE_UNKNOWN);
        long age = clockUnix - r.publishTime();
        if (age > f.heartbeatSeconds()) return new PriceBook.Valuation(null, null, PriceBook.STALE);
        if (h.decimals() < 0) return new PriceBook.Valuation(null, null, null);
        BigDecimal usd = new BigDecimal(h.balanceRaw().multiply(r.price())).movePointLeft(h.decimals()).movePointRight(r.exponent())
                .setScale(2, RoundingMode.HALF_UP);
        String why = h.isNative() ? "native SOL priced with Pyth's " + f.name() + " feed (wrapped SOL)" : "Pyth's " + f.name() + " feed";
        return new PriceBook.Valuation(usd, why + " (price account " + f.account() + ", PriceUpdateV2 at slot " + slot + ", published "
                + Math.max(0, age) + " s before the slot's clock)", null);
    }

    /** A native stake account as a position resting on SOL. */
    static Holding stake(StakeAccount s, long slot) {
        Map<String, BigInteger> amounts = new LinkedHashMap<>();
        amounts.put("lamports", s.lamports());
        if (s.delegated() != null) amounts.put("delegatedStake", s.delegated());
        String relation = s.voter() != null ? "natively staked SOL (delegated to vote account " + s.voter() + ")" : "SOL in a stake account (not delegated)";
        String source = "on-chain: getProgramAccounts(Stake program, staker or withdrawer = wallet) at slot " + slot;
        Position p = new Position(STAKE_PROTOCOL, STAKE_PROTOCOL + "#" + s.account(), s.account(), amounts,
                List.of(new Position.Underlying(Holding.NATIVE, "SOL", "staked", relation, s.delegated() != null ? s.delegated() : s.lamports(),
                        SolanaPrograms.SOL_DECIMALS)), source);
        String name = s.voter() != null ? "Native stake account " + s.account() + " delegated to vote account " + s.voter()
                : "Native stake account " + s.account() + " (initialized, not delegated)";
        return Holding.ofPosition(CHAIN, null, "Stake " + s.account().substring(0, 6) + "…", name, p,
                List.of(new Edge(CHAIN, p.id(), CHAIN, Holding.NATIVE, relation, source, Edge.Layer.WHOLE)));
    }
}
