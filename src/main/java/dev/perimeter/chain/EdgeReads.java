package dev.perimeter.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What held tokens rest on, read on-chain where the data gives no edge: every token added gets, in one aggregate
 * (travelling in the scan's request 2):
 * <ul>
 * <li>ERC-4626 {@code asset()}, taken only when {@code totalAssets()} or {@code convertToAssets(1)} answers too (a token
 * with some unrelated {@code asset()} is no vault);</li>
 * <li>Uniswap V2-style {@code token0()}/{@code token1()}, taken only when {@code getReserves()} answers too;</li>
 * <li>Curve {@code coins(i)} for i = 0..3 (stableswap-ng and later pools are their own LP token), taken when coins(0)
 * and coins(1) both answer;</li>
 * <li>Aave's {@code UNDERLYING_ASSET_ADDRESS()} (an aToken, also of forks such as SparkLend);</li>
 * <li>a Curve gauge's {@code lp_token()}; a Convex reward pool's {@code stakingToken()};</li>
 * <li>a Balancer pool's {@code getPoolId()} and {@code getVault()}: the Vault's {@code getPoolTokens(id)} is read next;</li>
 * <li>a Pendle PT's or YT's {@code SY()}: the SY's {@code yieldToken()} is read next;</li>
 * <li>{@code minter()}: an older Curve LP token is minted by its pool, whose coins need the minter's answer first.</li>
 * </ul>
 * The first kind that answers wins, in that order. A second aggregate ({@link #minterPhase}, the scan's request 3) reads
 * {@code coins(i)} on the minter of held tokens that answered none of the above, {@code getPoolTokens(id)} on a
 * Balancer pool's Vault and {@code yieldToken()} on a Pendle token's SY. Reads that revert, answer nothing or
 * answer no address are no edge.
 */
final class EdgeReads {
    static final String ASSET = Abi.noArgs("asset");
    static final String TOTAL_ASSETS = Abi.noArgs("totalAssets");
    static final String CONVERT_TO_ASSETS_ONE = Abi.call("convertToAssets(uint256)", Abi.uintWord(BigInteger.ONE));
    static final String TOKEN0 = Abi.noArgs("token0");
    static final String TOKEN1 = Abi.noArgs("token1");
    static final String GET_RESERVES = Abi.noArgs("getReserves");
    static final String MINTER = Abi.noArgs("minter");
    static final String UNDERLYING_ASSET_ADDRESS = Abi.noArgs("UNDERLYING_ASSET_ADDRESS");
    static final String LP_TOKEN = Abi.noArgs("lp_token");
    static final String STAKING_TOKEN = Abi.noArgs("stakingToken");
    static final String GET_POOL_ID = Abi.noArgs("getPoolId");
    static final String GET_VAULT = Abi.noArgs("getVault");
    static final String GET_POOL_TOKENS = Abi.selector("getPoolTokens(bytes32)");
    static final String SY = Abi.noArgs("SY");
    static final String YIELD_TOKEN = Abi.noArgs("yieldToken");
    /** Curve pools hold 2 to 4 coins (the plain and meta pools of stableswap-ng up to 8, whose further coins are left out). */
    static final int MAX_COINS = 4;
    private static final List<String> COINS = coinCalls();
    /** Curve's placeholder for the chain's native coin in coins(i): no token to follow. */
    private static final String NATIVE_PLACEHOLDER = "0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";

    private static List<String> coinCalls() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < MAX_COINS; i++) out.add(Abi.call("coins(uint256)", Abi.uintWord(BigInteger.valueOf(i))));
        return List.copyOf(out);
    }

    /** The reads of one token. */
    private static final class Probe {
        Aggregate.Read<String> asset, token0, token1, minter, underlyingAsset, lpToken, stakingToken, balancerVault, sy;
        Aggregate.Read<String> poolId;
        Aggregate.Read<List<String>> poolTokens;
        Aggregate.Read<String> yieldToken;
        Aggregate.Read<Boolean> totalAssets, convertToAssets, reserves;
        final List<Aggregate.Read<String>> coins = new ArrayList<>();
        String pool;                                               // the minter whose coins are read in the second phase
        final List<Aggregate.Read<String>> minterCoins = new ArrayList<>();
    }

    private final int chunk;
    private final Aggregate first;
    private final Map<String, Probe> probes = new LinkedHashMap<>();

    EdgeReads(int chunk) {
        this.chunk = chunk;
        this.first = new Aggregate(chunk, false);
    }

    /** Reads this token's edges (each token once). */
    void add(String token) {
        if (probes.containsKey(token)) return;
        Probe p = new Probe();
        p.asset = first.add(token, ASSET, r -> address(r.returnData()));
        p.totalAssets = first.add(token, TOTAL_ASSETS, r -> r.returnData().length == 32);
        p.convertToAssets = first.add(token, CONVERT_TO_ASSETS_ONE, r -> r.returnData().length == 32);
        p.token0 = first.add(token, TOKEN0, r -> address(r.returnData()));
        p.token1 = first.add(token, TOKEN1, r -> address(r.returnData()));
        p.reserves = first.add(token, GET_RESERVES, r -> r.returnData().length >= 96);
        for (String c : COINS) p.coins.add(first.add(token, c, r -> address(r.returnData())));
        p.underlyingAsset = first.add(token, UNDERLYING_ASSET_ADDRESS, r -> address(r.returnData()));
        p.lpToken = first.add(token, LP_TOKEN, r -> address(r.returnData()));
        p.stakingToken = first.add(token, STAKING_TOKEN, r -> address(r.returnData()));
        p.poolId = first.add(token, GET_POOL_ID, r -> bytes32(r.returnData()));
        p.balancerVault = first.add(token, GET_VAULT, r -> address(r.returnData()));
        p.sy = first.add(token, SY, r -> address(r.returnData()));
        p.minter = first.add(token, MINTER, r -> address(r.returnData()));
        probes.put(token, p);
    }

    boolean isEmpty() {
        return probes.isEmpty();
    }

    /** The first phase's reads (vault, pair, pool, minter), to schedule pinned to the scan's block. */
    Aggregate first() {
        return first;
    }

    /**
     * After the first phase: coins(i) of the minter of each held token that is no vault, pair or pool but answered
     * minter() (an older Curve LP token). Empty when there is none: then no request is needed.
     */
    Aggregate minterPhase(Set<String> held) {
        Aggregate second = new Aggregate(chunk, false);
        probes.forEach((token, p) -> {
            if (!held.contains(token) || vault(token, p) != null || !pair(token, p).isEmpty() || !coins(token, p.coins).isEmpty()) return;
            if (single(token, p) != null) return;
            String id = p.poolId.get(), bv = p.balancerVault.get();
            if (id != null && bv != null && !bv.equals(token)) {
                p.poolTokens = second.add(bv, GET_POOL_TOKENS + id.substring(2), r -> AaveV3Markets.addresses(r.returnData()));
                return;
            }
            String sy = p.sy.get();
            if (sy != null && !sy.equals(token)) {
                p.yieldToken = second.add(sy, YIELD_TOKEN, r -> address(r.returnData()));
                return;
            }
            String m = p.minter.get();
            if (m == null || m.equals(token)) return;
            p.pool = m;
            for (String c : COINS) p.minterCoins.add(second.add(m, c, r -> address(r.returnData())));
        });
        return second;
    }

    /** The edges read for held tokens (only tokens in {@code held}), in the order the tokens were added. */
    List<ChainData.ReadEdge> edges(Set<String> held, long block) {
        List<ChainData.ReadEdge> out = new ArrayList<>();
        probes.forEach((token, p) -> {
            if (!held.contains(token)) return;
            String asset = vault(token, p);
            if (asset != null) {
                out.add(new ChainData.ReadEdge(token, asset, ChainData.ReadEdge.VAULT, "asset()", block));
                return;
            }
            List<String> pair = pair(token, p);
            if (!pair.isEmpty()) {
                out.add(new ChainData.ReadEdge(token, pair.get(0), ChainData.ReadEdge.PAIR, "token0()", block));
                out.add(new ChainData.ReadEdge(token, pair.get(1), ChainData.ReadEdge.PAIR, "token1()", block));
                return;
            }
            List<String> coins = coins(token, p.coins);
            for (int i = 0; i < coins.size(); i++) {
                if (coins.get(i) != null) out.add(new ChainData.ReadEdge(token, coins.get(i), ChainData.ReadEdge.POOL, "coins(" + i + ")", block));
            }
            if (!coins.isEmpty()) return;
            ChainData.ReadEdge one = single(token, p);
            if (one != null) {
                out.add(new ChainData.ReadEdge(token, one.to(), one.kind(), one.call(), block));
                return;
            }
            if (p.poolTokens != null) {
                List<String> ts = p.poolTokens.get();
                if (ts != null) {
                    for (int i = 0; i < ts.size(); i++) {
                        if (ts.get(i).equals(token)) continue; // a composable pool lists its own BPT
                        out.add(new ChainData.ReadEdge(token, ts.get(i), ChainData.ReadEdge.BALANCER,
                                "getPoolId() = " + p.poolId.get() + ", getVault() = " + p.balancerVault.get() + ", its getPoolTokens(id)[" + i + "]", block));
                    }
                }
                return;
            }
            if (p.yieldToken != null) {
                String y = p.yieldToken.get();
                if (y != null && !y.equals(token)) {
                    out.add(new ChainData.ReadEdge(token, y, ChainData.ReadEdge.PENDLE, "SY() = " + p.sy.get() + ", its yieldToken()", block));
                }
                return;
            }
            if (p.pool == null) return;
            List<String> viaMinter = coins(p.pool, p.minterCoins);
            for (int i = 0; i < viaMinter.size(); i++) {
                if (viaMinter.get(i) != null) {
                    out.add(new ChainData.ReadEdge(token, viaMinter.get(i), ChainData.ReadEdge.POOL,
                            "minter() = " + p.pool + ", its coins(" + i + ")", block));
                }
            }
        });
        return out;
    }

    /** An aToken's underlying, a Curve gauge's LP token or a Convex reward pool's staking token (block filled in by the caller). */
    private static ChainData.ReadEdge single(String token, Probe p) {
        String u = p.underlyingAsset.get();
        if (u != null && !u.equals(token)) return new ChainData.ReadEdge(token, u, ChainData.ReadEdge.RECEIPT, "UNDERLYING_ASSET_ADDRESS()", 0);
        String lp = p.lpToken.get();
        if (lp != null && !lp.equals(token)) return new ChainData.ReadEdge(token, lp, ChainData.ReadEdge.GAUGE, "lp_token()", 0);
        String st = p.stakingToken.get();
        if (st != null && !st.equals(token)) return new ChainData.ReadEdge(token, st, ChainData.ReadEdge.STAKED, "stakingToken()", 0);
        return null;
    }

    /** A non-zero bytes32 as 0x + 64 hex digits; else null. */
    static String bytes32(byte[] d) {
        if (d == null || d.length != 32) return null;
        String h = new BigInteger(1, d).toString(16);
        if (h.equals("0")) return null;
        return "0x" + "0".repeat(64 - h.length()) + h;
    }

    /** asset() when the token also answers totalAssets() or convertToAssets(1); else null. */
    private static String vault(String token, Probe p) {
        String a = p.asset.get();
        if (a == null || a.equals(token)) return null;
        return Boolean.TRUE.equals(p.totalAssets.get()) || Boolean.TRUE.equals(p.convertToAssets.get()) ? a : null;
    }

    /** token0() and token1() when both answer distinct addresses and getReserves() answers; else empty. */
    private static List<String> pair(String token, Probe p) {
        String t0 = p.token0.get(), t1 = p.token1.get();
        if (t0 == null || t1 == null || t0.equals(t1) || t0.equals(token) || t1.equals(token) || !Boolean.TRUE.equals(p.reserves.get())) {
            return List.of();
        }
        return List.of(t0, t1);
    }

    /**
     * coins(i) when coins(0) and coins(1) both answer: one entry per index up to the first that does not answer (null for
     * the native coin's placeholder, which is no token); else empty.
     */
    private static List<String> coins(String pool, List<Aggregate.Read<String>> reads) {
        if (reads.size() < 2) return List.of();
        List<String> out = new ArrayList<>();
        for (Aggregate.Read<String> r : reads) {
            String c = r.get();
            if (c == null) break;
            out.add(c.equals(NATIVE_PLACEHOLDER) || c.equals(pool) ? null : c);
        }
        return out.size() < 2 ? List.of() : out;
    }

    /** One ABI word holding a non-zero address (the upper 12 bytes zero), lowercase; else null. */
    static String address(byte[] d) {
        return d == null || d.length != 32 ? null : Abi.nonZeroAddressAt(d, 0);
    }
}
