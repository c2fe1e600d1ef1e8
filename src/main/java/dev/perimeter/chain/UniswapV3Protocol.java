package dev.perimeter.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Uniswap V3 liquidity NFTs (and forks with the same NonfungiblePositionManager): request 1 reads the manager's
 * {@code balanceOf(wallet)} and the first {@link PositionReads#FIRST_IDS} {@code tokenOfOwnerByIndex(wallet, i)} with the
 * balances; request 2 {@code positions(id)} of those ids and {@code tokenOfOwnerByIndex} of the rest (up to
 * {@link PositionReads#MAX_NFTS}); request 3, only for a wallet with more than FIRST_IDS positions, their
 * {@code positions(id)}. Closed positions (no liquidity, no fees owed) are dropped.
 */
final class UniswapV3Protocol implements PositionProtocol {
    private final ChainSession session;
    private final String npm;
    private final String wallet;
    private final String walletWord;
    private final int chunk;
    private final String protocol;
    private final String label;

    private Aggregate.Read<BigInteger> nftCount;
    private final List<Aggregate.Read<BigInteger>> firstIds = new ArrayList<>();
    private final Map<BigInteger, Aggregate.Read<PositionReads.NftPosition>> nfts = new LinkedHashMap<>();
    private final List<Aggregate.Read<BigInteger>> moreIds = new ArrayList<>();
    private BigInteger heldNfts;
    private List<ChainData.RawPosition> out = List.of();

    /**
     * @param protocol the RawPosition protocol and id prefix ("uniswap-v3")
     * @param label    the name in problem sentences ("Uniswap V3")
     */
    UniswapV3Protocol(ChainSession session, String manager, String wallet, int chunk, String protocol, String label) {
        this.session = session;
        this.npm = manager;
        this.wallet = wallet;
        this.walletWord = Abi.addressWord(wallet);
        this.chunk = chunk;
        this.protocol = protocol;
        this.label = label;
    }

    static PositionProtocol create(Context ctx) {
        String npm = ctx.plan().readPositions() ? ctx.plan().positions().uniswapV3Manager() : null;
        return npm == null ? null : new UniswapV3Protocol(ctx.session(), npm, ctx.wallet(), ctx.chunk(), ChainData.RawPosition.UNISWAP_V3, "Uniswap V3");
    }

    /** PancakeSwap V3's position manager: the same reads, its own id prefix ("pancakeswap-v3#…"). */
    static PositionProtocol pancakeswap(Context ctx) {
        String npm = ctx.plan().readPositions() ? ctx.plan().positions().pancakeswapV3Manager() : null;
        return npm == null ? null
                : new UniswapV3Protocol(ctx.session(), npm, ctx.wallet(), ctx.chunk(), ChainData.RawPosition.PANCAKESWAP_V3, "PancakeSwap V3");
    }

    @Override
    public String name() {
        return protocol;
    }

    @Override
    public void plan(Round round) {
        switch (round.number()) {
            case 1 -> {
                Aggregate balances = round.shared();
                nftCount = balances.add(npm, Abi.balanceOf(wallet), r -> Abi.uint(r.returnData()));
                for (int i = 0; i < PositionReads.FIRST_IDS; i++) firstIds.add(balances.add(npm, tokenOfOwnerByIndex(i), r -> Abi.uint(r.returnData())));
            }
            case 2 -> {
                Aggregate second = new Aggregate(chunk, false);
                heldNfts = nftCount.get();
                if (heldNfts == null && !nftCount.noContract()) session.problems.add("the " + label + " positions could not be read (balanceOf failed)");
                int held = heldNfts == null ? 0 : heldNfts.min(BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
                for (int i = 0; i < Math.min(held, PositionReads.FIRST_IDS); i++) {
                    BigInteger id = firstIds.get(i).get();
                    if (id == null) {
                        session.problems.add(label + " position " + (i + 1) + " of " + held + " could not be read");
                        continue;
                    }
                    nfts.computeIfAbsent(id, k -> second.add(npm, positionsCall(k), r -> PositionReads.nft(r.returnData())));
                }
                for (int i = PositionReads.FIRST_IDS; i < Math.min(held, PositionReads.MAX_NFTS); i++) {
                    moreIds.add(second.add(npm, tokenOfOwnerByIndex(i), r -> Abi.uint(r.returnData())));
                }
                if (held > PositionReads.MAX_NFTS) {
                    int left = held - PositionReads.MAX_NFTS;
                    session.problems.add("the wallet holds " + held + " " + label + " positions; the first " + PositionReads.MAX_NFTS
                            + " were read, the other " + left + (left == 1 ? " was not" : " were not"));
                }
                round.add(second);
                round.optional(EdgePhase.SUBJECT);
            }
            case 3 -> {
                Aggregate third = new Aggregate(chunk, false);
                int i = PositionReads.FIRST_IDS;
                for (Aggregate.Read<BigInteger> r : moreIds) {
                    BigInteger id = r.get();
                    i++;
                    if (id == null) {
                        session.problems.add(label + " position " + i + " of " + heldNfts + " could not be read");
                        continue;
                    }
                    nfts.computeIfAbsent(id, k -> third.add(npm, positionsCall(k), x -> PositionReads.nft(x.returnData())));
                }
                round.add(third);
                round.optional(EdgePhase.SUBJECT);
            }
            default -> { }
        }
    }

    @Override
    public void finish(long block) {
        List<ChainData.RawPosition> found = new ArrayList<>();
        nfts.forEach((id, read) -> {
            PositionReads.NftPosition p = read.get();
            if (p == null) {
                session.problems.add(label + " position #" + id + " could not be read");
                return;
            }
            if (p.liquidity().signum() == 0 && p.owed0().signum() == 0 && p.owed1().signum() == 0) return; // closed: nothing in it
            LinkedHashMap<String, BigInteger> amounts = new LinkedHashMap<>();
            amounts.put("liquidity", p.liquidity());
            amounts.put("fee", BigInteger.valueOf(p.fee()));
            amounts.put("tokensOwed0", p.owed0());
            amounts.put("tokensOwed1", p.owed1());
            String call = "positions(" + id + ")";
            found.add(new ChainData.RawPosition(protocol, protocol + "#" + id, npm, amounts, List.of(
                    new ChainData.RawUnderlying(p.token0(), ChainData.RawUnderlying.TOKEN0, null, call + ".token0"),
                    new ChainData.RawUnderlying(p.token1(), ChainData.RawUnderlying.TOKEN1, null, call + ".token1")), call, block));
        });
        out = List.copyOf(found);
    }

    @Override
    public List<ChainData.RawPosition> positions() {
        return out;
    }

    private String tokenOfOwnerByIndex(int i) {
        return PositionReads.TOKEN_OF_OWNER_BY_INDEX + walletWord + Abi.uintWord(BigInteger.valueOf(i));
    }

    private static String positionsCall(BigInteger id) {
        return PositionReads.POSITIONS + Abi.uintWord(id);
    }
}
