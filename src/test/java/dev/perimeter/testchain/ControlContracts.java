package dev.perimeter.testchain;

import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * Places the stand-ins of src/test/solidity/TestControl.sol and writes proxy slots with anvil_setStorageAt, for the
 * control reads' tests. Slot constants here are computed from their definitions (web3j's Keccak), independently of the
 * app's own constants.
 */
public final class ControlContracts {
    private ControlContracts() {}

    public static final String IMPLEMENTATION_SLOT = eip1967("eip1967.proxy.implementation");
    public static final String ADMIN_SLOT = eip1967("eip1967.proxy.admin");
    public static final String BEACON_SLOT = eip1967("eip1967.proxy.beacon");
    public static final String ZOS_IMPLEMENTATION_SLOT = keccak("org.zeppelinos.proxy.implementation");
    public static final String ZOS_ADMIN_SLOT = keccak("org.zeppelinos.proxy.admin");

    static String keccak(String s) {
        return org.web3j.utils.Numeric.toHexString(org.web3j.crypto.Hash.sha3(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    static String eip1967(String label) {
        BigInteger v = org.web3j.utils.Numeric.toBigInt(keccak(label)).subtract(BigInteger.ONE);
        return org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(v, 64);
    }

    /** An address as a storage word. */
    public static String word(String address) {
        return "0x" + "0".repeat(24) + address.substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    public static void slot(Anvil anvil, String contract, String slot, String address) {
        anvil.rpc("anvil_setStorageAt", contract, slot, word(address));
    }

    /** A TestOwned (a ProxyAdmin stand-in) at {@code at} whose owner() answers {@code owner}. */
    public static void owned(Anvil anvil, String at, String owner) {
        anvil.setCode(at, "TestOwned");
        anvil.invoke(at, "setOwner", new Address(owner));
    }

    /** A Safe stand-in at {@code at}: threshold of owners. */
    public static void safe(Anvil anvil, String at, int threshold, String... owners) {
        anvil.setCode(at, "TestSafe");
        anvil.invoke(at, "setup", new DynamicArray<>(Address.class, Arrays.stream(owners).map(Address::new).toList()), new Uint256(threshold));
    }

    /** A TimelockController stand-in at {@code at} with this delay and these proposers (none: getRoleMember reverts). */
    public static void timelock(Anvil anvil, String at, long delaySeconds, String... proposers) {
        anvil.setCode(at, "TestTimelock");
        anvil.invoke(at, "setMinDelay", new Uint256(delaySeconds));
        anvil.invoke(at, "setProposers", new DynamicArray<>(Address.class, Arrays.stream(proposers).map(Address::new).toList()));
    }

    /** A beacon stand-in at {@code at}: implementation() and owner(). */
    public static void beacon(Anvil anvil, String at, String implementation, String owner) {
        anvil.setCode(at, "TestBeacon");
        anvil.invoke(at, "setImplementation", new Address(implementation));
        anvil.invoke(at, "setOwner", new Address(owner));
    }

    /** An EIP-7702 delegation designator (0xef0100 || delegate) as the code of {@code at}. */
    public static void delegated(Anvil anvil, String at, String delegate) {
        anvil.rpc("anvil_setCode", at, "0xef0100" + delegate.substring(2).toLowerCase(java.util.Locale.ROOT));
    }

    /** An OFT stand-in (a TestOFT token) at {@code at} naming {@code endpoint}, with peers: eid → peer address. */
    public static void oft(Anvil anvil, String at, String symbol, String endpoint, java.util.Map<Long, String> peers) {
        anvil.setCode(at, "TestOFT");
        anvil.invoke(at, "initialize", new org.web3j.abi.datatypes.Utf8String(symbol), new org.web3j.abi.datatypes.Utf8String(symbol), new Uint8(18));
        anvil.invoke(at, "setEndpoint", new Address(endpoint));
        peers.forEach((eid, peer) -> anvil.invoke(at, "setPeer", new Uint32(eid), new Bytes32(org.web3j.utils.Numeric.hexStringToByteArray(word(peer)))));
    }

    /** The EndpointV2 stand-in's route of {@code oapp} from {@code eid}: its receive library and ULN configuration. */
    public static void route(Anvil anvil, String endpoint, String oapp, long eid, String library, boolean isDefault, long confirmations,
                             List<String> required, List<String> optional, int optionalThreshold) {
        anvil.invoke(endpoint, "setRoute", new Address(oapp), new Uint32(eid), new Address(library), new Bool(isDefault), new Uint64(confirmations),
                new DynamicArray<>(Address.class, required.stream().map(Address::new).toList()),
                new DynamicArray<>(Address.class, optional.stream().map(Address::new).toList()), new Uint8(optionalThreshold));
    }
}
