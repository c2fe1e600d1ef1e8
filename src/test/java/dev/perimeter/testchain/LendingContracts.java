package dev.perimeter.testchain;

import dev.perimeter.position.PositionContracts;
import dev.perimeter.util.DataFiles;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint128;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;

import java.math.BigInteger;

/**
 * The lending markets' stand-ins (src/test/solidity/TestLenders.sol) placed on anvil at the addresses
 * data/markets/markets.csv gives for ethereum, and their state set through their own open setters.
 */
public final class LendingContracts {
    private final Anvil anvil;

    public LendingContracts(Anvil anvil) {
        this.anvil = anvil;
    }

    /** The address of the ethereum market of this name in data/markets/markets.csv ("Aave V3 Core"). */
    public static String market(String name) {
        return PositionContracts.load(DataFiles.bundled()).marketsOn("ethereum").stream().filter(m -> m.name().equals(name))
                .map(PositionContracts.Market::address).findFirst().orElseThrow(() -> new IllegalStateException("no market " + name));
    }

    /** An Aave V3 Pool stand-in at the pool's address. */
    public void placeAavePool(String pool) {
        anvil.setCode(pool, "TestAavePool");
    }

    /**
     * Lists a reserve: liquidation threshold and LTV in basis points (0: not collateral), frozen and paused as the
     * configuration bitmap's bits 57 and 60.
     */
    public void setReserve(String pool, String asset, String aToken, int ltvBps, int liquidationThresholdBps, boolean frozen, boolean paused) {
        anvil.invoke(pool, "setReserve", new Address(asset), new Address(aToken), new Address("0x0000000000000000000000000000000000000000"),
                new Uint16(ltvBps), new Uint16(liquidationThresholdBps), new Uint8(18), new Bool(true), new Bool(frozen), new Bool(paused));
    }

    /** An aToken stand-in at its registry address, over its underlying in this pool. */
    public void placeAToken(String aToken, String symbol, int decimals, String underlying, String pool) {
        anvil.setCode(aToken, "TestAToken");
        anvil.invoke(aToken, "initialize", new Utf8String(symbol), new Utf8String(symbol), new Uint8(decimals));
        anvil.invoke(aToken, "setAave", new Address(underlying), new Address(pool));
    }

    /** A Comet stand-in at the Comet's address: its base token and collateral assets with their liquidation factors (1e18 = 100%). */
    public void placeComet(String comet, String base) {
        anvil.setCode(comet, "TestComet");
        anvil.invoke(comet, "setBase", new Address(base));
    }

    /** A MetaMorpho vault stand-in at {@code at}: an ERC-20 over {@code asset}, its withdraw queue holding one Morpho Blue market. */
    public void placeMetaMorpho(String at, String name, String asset, String morpho, String marketId) {
        anvil.setCode(at, "TestMetaMorpho");
        anvil.invoke(at, "initialize", new Utf8String(name), new Utf8String("tMM"), new Uint8(18));
        anvil.invoke(at, "setVault", new Address(asset), new Address(morpho));
        byte[] id = new byte[32];
        for (int i = 0; i < 32; i++) id[i] = (byte) Integer.parseInt(marketId.substring(2 + 2 * i, 4 + 2 * i), 16);
        anvil.invoke(at, "addMarket", new org.web3j.abi.datatypes.generated.Bytes32(id), new org.web3j.abi.datatypes.generated.Uint184(BigInteger.TEN.pow(24)));
    }

    public void addCometAsset(String comet, String asset, BigInteger borrowFactor, BigInteger liquidateFactor) {
        anvil.invoke(comet, "addAsset", new Address(asset), new Uint64(borrowFactor), new Uint64(liquidateFactor));
    }

    public void cometSupply(String comet, String account, BigInteger base) {
        anvil.invoke(comet, "setBalance", new Address(account), new Uint256(base));
    }

    public void cometCollateral(String comet, String account, String asset, BigInteger amount) {
        anvil.invoke(comet, "setCollateral", new Address(account), new Address(asset), new Uint128(amount));
    }
}
