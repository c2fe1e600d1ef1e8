package dev.perimeter.testchain;

import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint112;
import org.web3j.abi.datatypes.generated.Uint256;

import java.math.BigInteger;
import java.util.List;

/**
 * Test contracts a wallet holds whose backing is read on-chain (src/test/solidity/TestEdges.sol): an OpenZeppelin
 * ERC-4626 vault, a Curve-style pool that is its own LP token, an older Curve LP token minted by its pool, a Uniswap
 * V2-style pair, and an ERC-20 with a fake asset(). None of them is a real deployment: except for the vault (deployed, at
 * the address anvil gives it) they sit at made-up addresses that no data file lists. The coins are real tokens the caller
 * placed at their registry addresses.
 */
public record EdgeContracts(String vault, String curvePool, String oldLp, String oldPool, String pair, String fakeVault) {
    public static final String CURVE_POOL = "0x5e00000000000000000000000000000000000001";
    public static final String OLD_LP = "0x5e00000000000000000000000000000000000002";
    public static final String OLD_POOL = "0x5e00000000000000000000000000000000000003";
    public static final String PAIR = "0x5e00000000000000000000000000000000000004";
    public static final String FAKE_VAULT = "0x5e00000000000000000000000000000000000005";

    /**
     * Places the contracts and gives {@code wallet} a balance of each (every balance arrives by a Transfer log).
     * @param hacked a token an incident names (the vault's asset, a coin of each pool)
     * @param other  another token, the second coin of each pool
     */
    public static EdgeContracts place(Anvil anvil, String wallet, String hacked, String other) {
        BigInteger one = BigInteger.TEN.pow(18);
        String vault = anvil.deploy("TestVault4626", new Address(hacked), new Utf8String("Test vault of rsETH"), new Utf8String("tvRSETH"));
        anvil.mint(hacked, anvil.sender(), one.multiply(BigInteger.TWO));
        anvil.approve(hacked, anvil.sender(), vault, one.multiply(BigInteger.TWO));
        anvil.invoke(vault, "deposit", new Uint256(one.multiply(BigInteger.TWO)), new Address(wallet)); // shares minted to the wallet

        token(anvil, CURVE_POOL, "TestCurvePool", "Test Curve pool", "tCRV");
        anvil.invoke(CURVE_POOL, "setCoins", new DynamicArray<>(Address.class, List.of(new Address(hacked), new Address(other))));
        anvil.mint(CURVE_POOL, wallet, one);

        token(anvil, OLD_LP, "TestCurveLpToken", "Test Curve LP (old style)", "tCRVold");
        anvil.setCode(OLD_POOL, "TestCurvePool");
        anvil.invoke(OLD_POOL, "setCoins", new DynamicArray<>(Address.class, List.of(new Address(other), new Address(hacked))));
        anvil.invoke(OLD_LP, "setMinter", new Address(OLD_POOL));
        anvil.mint(OLD_LP, wallet, one);

        token(anvil, PAIR, "TestUniswapV2Pair", "Test V2 pair", "tUNI-V2");
        anvil.invoke(PAIR, "setTokens", new Address(hacked), new Address(other));
        anvil.invoke(PAIR, "setReserves", new Uint112(one), new Uint112(one));
        anvil.mint(PAIR, wallet, one);

        token(anvil, FAKE_VAULT, "FakeAssetToken", "Not a vault", "FAKE");
        anvil.invoke(FAKE_VAULT, "setAsset", new Address(hacked));
        anvil.mint(FAKE_VAULT, wallet, one);
        return new EdgeContracts(vault, CURVE_POOL, OLD_LP, OLD_POOL, PAIR, FAKE_VAULT);
    }

    private static void token(Anvil anvil, String at, String contract, String name, String symbol) {
        anvil.setCode(at, contract);
        anvil.invoke(at, "initialize", new Utf8String(name), new Utf8String(symbol), new org.web3j.abi.datatypes.generated.Uint8(18));
    }
}
