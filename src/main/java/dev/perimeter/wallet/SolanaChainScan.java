package dev.perimeter.wallet;

import dev.perimeter.chain.Deadline;
import dev.perimeter.chain.RpcException;
import dev.perimeter.position.Approval;
import dev.perimeter.position.Edge;
import dev.perimeter.position.Holding;
import dev.perimeter.position.Position;
import dev.perimeter.solana.SolanaData;
import dev.perimeter.solana.SolanaPrograms;
import dev.perimeter.solana.SolanaRpcReader;
import dev.perimeter.solana.StakeAccount;
import dev.perimeter.solana.TokenAccount;
import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
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
        return map(d, registry, budget.elapsed().toMillis());
    }

    static ChainScan map(SolanaData d, TokenRegistry registry, long millis) {
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
        return new ChainScan(CHAIN, 0, status, error, d.slot(), List.copyOf(holdings), List.copyOf(approvals), registry.size(CHAIN),
                d.httpRequests(), d.rpcCalls(), millis, true);
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
