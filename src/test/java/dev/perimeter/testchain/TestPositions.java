package dev.perimeter.testchain;

import dev.perimeter.position.PositionContracts;
import dev.perimeter.util.DataFiles;
import dev.perimeter.util.Keccak;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The contracts behind positions (TestPositions.sol) placed on anvil at the addresses data/positions/contracts.csv gives
 * for ethereum, and their state set through their own open setters.
 */
public final class TestPositions {
    /** Morpho's MarketParams. */
    public record Market(String loanToken, String collateralToken, String oracle, String irm, BigInteger lltv) {
        String words() {
            return word(loanToken) + word(collateralToken) + word(oracle) + word(irm) + word(lltv);
        }
    }

    private final Anvil anvil;
    public final PositionContracts.OnChain on;

    public TestPositions(Anvil anvil) {
        this.anvil = anvil;
        this.on = PositionContracts.load(DataFiles.bundled()).on("ethereum");
        anvil.setCode(on.uniswapV3Manager().address(), "TestPositionManager");
        anvil.setCode(on.morpho().address(), "TestMorpho");
        anvil.setCode(on.strategyManager().address(), "TestStrategyManager");
        anvil.setCode(on.eigenPodManager().address(), "TestEigenPodManager");
    }

    /** Morpho Blue's first block on ethereum, from the data file: an anvil for these tests starts after it. */
    public static long morphoFromBlock() {
        return PositionContracts.load(DataFiles.bundled()).on("ethereum").morpho().fromBlock();
    }

    static String selector(String signature) {
        return "0x" + Keccak.hex(signature.getBytes(StandardCharsets.US_ASCII)).substring(0, 8);
    }

    static String word(String address) {
        return "0".repeat(24) + address.substring(2).toLowerCase(Locale.ROOT);
    }

    static String word(BigInteger v) {
        String h = v.signum() < 0 ? BigInteger.ONE.shiftLeft(256).add(v).toString(16) : v.toString(16);
        return "0".repeat(64 - h.length()) + h;
    }

    static String word(long v) {
        return word(BigInteger.valueOf(v));
    }

    private static final String TUPLE = "(address,address,address,address,uint256)";

    public void mintNft(String owner, long id, String token0, String token1, long fee, BigInteger liquidity) {
        anvil.send(on.uniswapV3Manager().address(), selector("mint(address,uint256,address,address,uint24,uint128)") + word(owner) + word(id)
                + word(token0) + word(token1) + word(fee) + word(liquidity));
    }

    /** Creates the market; returns its id (keccak256 of the params, as Morpho computes it). */
    public String createMarket(Market m) {
        anvil.send(on.morpho().address(), selector("createMarket(" + TUPLE + ")") + m.words());
        return "0x" + Keccak.hex(hexBytes(m.words()));
    }

    private static byte[] hexBytes(String h) {
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        return out;
    }

    public void supply(Market m, BigInteger assets, BigInteger shares, String onBehalf) {
        anvil.send(on.morpho().address(), selector("supply(" + TUPLE + ",uint256,uint256,address)")
                + m.words() + word(assets) + word(shares) + word(onBehalf));
    }

    public void supplyCollateral(Market m, BigInteger assets, String onBehalf) {
        anvil.send(on.morpho().address(), selector("supplyCollateral(" + TUPLE + ",uint256,address)")
                + m.words() + word(assets) + word(onBehalf));
    }

    public void borrow(Market m, BigInteger assets, BigInteger shares, String onBehalf) {
        anvil.send(on.morpho().address(), selector("borrow(" + TUPLE + ",uint256,uint256,address)")
                + m.words() + word(assets) + word(shares) + word(onBehalf));
    }

    public void withdrawAll(Market m, String onBehalf) {
        anvil.send(on.morpho().address(), selector("withdrawAll(" + TUPLE + ",address)") + m.words() + word(onBehalf));
    }

    /** An EigenLayer strategy (TestStrategy) at address: underlying token, shares worth num/den of it. */
    public void placeStrategy(String address, String underlying, long num, long den) {
        anvil.setCode(address, "TestStrategy");
        anvil.send(address, selector("set(address,uint256,uint256)") + word(underlying) + word(num) + word(den));
    }

    public void deposit(String staker, String strategy, BigInteger shares) {
        anvil.send(on.strategyManager().address(), selector("setDeposit(address,address,uint256)") + word(staker) + word(strategy) + word(shares));
    }

    public void podShares(String owner, BigInteger shares) {
        anvil.send(on.eigenPodManager().address(), selector("setShares(address,int256)") + word(owner) + word(shares));
    }
}
