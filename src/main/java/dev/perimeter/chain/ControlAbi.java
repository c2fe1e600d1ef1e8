package dev.perimeter.chain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Calldata, storage slots and answer decoders of the control reads ({@link ControlReads}). Every decoder takes what a node
 * or a contract answered and returns null for anything that is not exactly the expected shape: a garbage answer is no
 * answer, never a guess.
 */
final class ControlAbi {
    private ControlAbi() {}

    // ---- storage slots ----

    /**
     * EIP-1967 slots: bytes32(uint256(keccak256('eip1967.proxy.implementation')) - 1) and the same of 'eip1967.proxy.admin'
     * and 'eip1967.proxy.beacon' (ethereum/ERCs@8924c564a8159c0c936647006418c809f07a465b ERCS/erc-1967.md; the same
     * constants in OpenZeppelin/openzeppelin-contracts@fddac901ccdbdb06be90536822936ea765dd9218
     * contracts/proxy/ERC1967/ERC1967Utils.sol IMPLEMENTATION_SLOT, ADMIN_SLOT, BEACON_SLOT).
     */
    static final String EIP1967_IMPLEMENTATION = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";
    static final String EIP1967_ADMIN = "0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103";
    static final String EIP1967_BEACON = "0xa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50";
    /**
     * EIP-1822's logic slot keccak256("PROXIABLE"), which its Proxiable also answers from proxiableUUID()
     * (ethereum/ERCs@ab404149841478cd4f27e9bb91ad78ed1055d774 ERCS/erc-1822.md).
     */
    static final String EIP1822_PROXIABLE = "0xc5f16f0fcc639fa48a6947836d9850f504798523bf8c9a3a87d5876cf622bcf7";
    /**
     * OpenZeppelin's older (ZeppelinOS) slots, keccak256("org.zeppelinos.proxy.implementation") and
     * keccak256("org.zeppelinos.proxy.admin") (OpenZeppelin/openzeppelin-sdk@0174a38c1f166a7496054b14385062bf93348339
     * packages/lib/contracts/upgradeability/BaseUpgradeabilityProxy.sol IMPLEMENTATION_SLOT;
     * @d5d1e8436abc4776b922553cc0a483e68331d64b BaseAdminUpgradeabilityProxy.sol ADMIN_SLOT), used by proxies deployed
     * with it (its AdminUpgradeabilityProxy).
     */
    static final String ZOS_IMPLEMENTATION = "0x7050c9e0f4ca769c69bd3a8ef740bc37934f8e2c036e5a723fd8ee048ed3f8c3";
    static final String ZOS_ADMIN = "0x10d6a54a4754c8869d6886b5f5d7fbfa5b4522237ea5c60d11bc4e7a1ff9390b";

    // ---- calldata ----

    /** Ownable's owner(). */
    static final String OWNER = Abi.noArgs("owner");
    /** OpenZeppelin AccessControl's DEFAULT_ADMIN_ROLE = 0x00 (contracts/access/AccessControl.sol). */
    static final String DEFAULT_ADMIN_ROLE = "0".repeat(64);
    /** TimelockController's PROPOSER_ROLE = keccak256("PROPOSER_ROLE") (contracts/governance/TimelockController.sol). */
    static final String PROPOSER_ROLE = dev.perimeter.util.Keccak.hex("PROPOSER_ROLE".getBytes(StandardCharsets.US_ASCII));
    /** AccessControlEnumerable's getRoleMember(role, 0) (contracts/access/extensions/AccessControlEnumerable.sol). */
    static final String ADMIN_ROLE_MEMBER = roleMember(DEFAULT_ADMIN_ROLE);
    static final String PROPOSER = roleMember(PROPOSER_ROLE);
    static final String PROPOSER_COUNT = Abi.call("getRoleMemberCount(bytes32)", PROPOSER_ROLE);
    /** UUPSUpgradeable's proxiableUUID() (contracts/proxy/utils/UUPSUpgradeable.sol: answers ERC1967Utils.IMPLEMENTATION_SLOT). */
    static final String PROXIABLE_UUID = Abi.noArgs("proxiableUUID");
    /** UpgradeableBeacon's implementation() (contracts/proxy/beacon/UpgradeableBeacon.sol; ERC-1967's beacon interface). */
    static final String IMPLEMENTATION = Abi.noArgs("implementation");
    /** Safe's OwnerManager getThreshold() and getOwners() (safe-global/safe-smart-account@2ce4faa8 contracts/base/OwnerManager.sol). */
    static final String GET_THRESHOLD = Abi.noArgs("getThreshold");
    static final String GET_OWNERS = Abi.noArgs("getOwners");
    /** TimelockController's getMinDelay(). */
    static final String GET_MIN_DELAY = Abi.noArgs("getMinDelay");
    /** LayerZero V2 (see {@link LayerZeroV2}). */
    static final String ENDPOINT = Abi.noArgs("endpoint");

    static String roleMember(String roleWord) {
        return Abi.call("getRoleMember(bytes32,uint256)", roleWord, Abi.uintWord(BigInteger.ZERO));
    }

    static String peers(long eid) {
        return Abi.call("peers(uint32)", Abi.uintWord(BigInteger.valueOf(eid)));
    }

    static String getReceiveLibrary(String oapp, long eid) {
        return Abi.call("getReceiveLibrary(address,uint32)", Abi.addressWord(oapp), Abi.uintWord(BigInteger.valueOf(eid)));
    }

    static String getConfig(String oapp, String lib, long eid, int configType) {
        return Abi.call("getConfig(address,address,uint32,uint32)", Abi.addressWord(oapp), Abi.addressWord(lib),
                Abi.uintWord(BigInteger.valueOf(eid)), Abi.uintWord(BigInteger.valueOf(configType)));
    }

    // ---- decoders ----

    static final String ZERO = Abi.ZERO_ADDRESS;

    /** One word holding an address (its upper 12 bytes zero), lowercase; the zero address included; else null. */
    static String addressWord(byte[] d) {
        return d == null || d.length != 32 ? null : Abi.addressAt(d, 0);
    }

    /** A storage slot's value (eth_getStorageAt's 0x + 64 hex digits) as an address, zero included; null when it is not one. */
    static String slotAddress(String hex) {
        byte[] d = word(hex);
        return d == null ? null : addressWord(d);
    }

    /** A storage slot's value as 32 bytes; null when the answer is not 0x and 64 hex digits (some nodes drop leading zeros). */
    static byte[] word(String hex) {
        if (hex == null || !hex.startsWith("0x") || hex.length() > 66 || hex.length() < 3) return null;
        String h = hex.substring(2);
        for (int i = 0; i < h.length(); i++) if (Character.digit(h.charAt(i), 16) < 0) return null;
        byte[] out = new byte[32];
        String padded = "0".repeat(64 - h.length()) + h;
        for (int i = 0; i < 32; i++) out[i] = (byte) Integer.parseInt(padded.substring(2 * i, 2 * i + 2), 16);
        return out;
    }

    static boolean isZero(String address) {
        return ZERO.equals(address);
    }

    /** One word as bytes32 text (0x + 64 hex); null otherwise. */
    static String bytes32(byte[] d) {
        return d == null || d.length != 32 ? null : "0x" + java.util.HexFormat.of().formatHex(d);
    }

    /** A uint256 answer no larger than max; null when not one word or larger. */
    static BigInteger uintAtMost(byte[] d, BigInteger max) {
        BigInteger v = Abi.uint(d);
        return v == null || v.compareTo(max) > 0 ? null : v;
    }

    /** An address[] answer (offset 0x20, length, words) of at most max addresses, each a clean address word; else null. */
    static List<String> addressArray(byte[] d, int max) {
        if (d == null || d.length < 64) return null;
        BigInteger off = Abi.wordAt(d, 0);
        if (!off.equals(BigInteger.valueOf(32))) return null;
        return addressArrayAt(d, 32, max);
    }

    /** The address[] whose length word is at {@code at}; null when out of bounds, too long, or an element is no address. */
    private static List<String> addressArrayAt(byte[] d, int at, int max) {
        if (at < 0 || at + 32 > d.length) return null;
        BigInteger len = Abi.wordAt(d, at);
        if (len.compareTo(BigInteger.valueOf(max)) > 0) return null;
        int n = len.intValue();
        if (at + 32 + 32L * n > d.length) return null;
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String a = Abi.addressAt(d, at + 32 + 32 * i);
            if (a == null) return null;
            out.add(a);
        }
        return out;
    }

    /** getReceiveLibrary's (address lib, bool isDefault); null unless two clean words. */
    record ReceiveLibrary(String library, boolean isDefault) {}

    static ReceiveLibrary receiveLibrary(byte[] d) {
        if (d == null || d.length != 64) return null;
        String lib = Abi.addressAt(d, 0);
        BigInteger b = Abi.wordAt(d, 32);
        if (lib == null || isZero(lib) || b.compareTo(BigInteger.ONE) > 0) return null;
        return new ReceiveLibrary(lib, b.signum() == 1);
    }

    /** A ULN configuration as getConfig(oapp, lib, eid, 2) answers it. */
    record UlnConfig(BigInteger confirmations, int requiredCount, int optionalCount, int optionalThreshold,
                     List<String> required, List<String> optional) {}

    /**
     * getConfig's answer: {@code bytes} holding {@code abi.encode(UlnConfig)}. Null when the outer bytes or the tuple do
     * not decode, when a count disagrees with its list, or when the optional threshold exceeds the optional count.
     */
    static UlnConfig ulnConfig(byte[] d) {
        try {
            if (d == null || d.length < 64) return null;
            int off = smallInt(d, 0);
            int len = smallInt(d, off);
            if (off != 32 || off + 32 + len > d.length) return null;
            byte[] inner = Arrays.copyOfRange(d, off + 32, off + 32 + len);
            // abi.encode of a tuple with dynamic members: one head word pointing at the tuple, then its seven words' heads
            if (inner.length < 32 * 7) return null;
            int t = smallInt(inner, 0);
            if (t != 32 || t + 32 * 6 > inner.length) return null;
            BigInteger confirmations = Abi.wordAt(inner, t);
            if (confirmations.bitLength() > 64) return null;
            int required = smallInt(inner, t + 32), optional = smallInt(inner, t + 64), threshold = smallInt(inner, t + 96);
            if (required > 255 || optional > 255 || threshold > 255) return null;
            List<String> req = addressArrayAt(inner, t + smallInt(inner, t + 128), LayerZeroV2.MAX_VERIFIERS);
            List<String> opt = addressArrayAt(inner, t + smallInt(inner, t + 160), LayerZeroV2.MAX_VERIFIERS);
            if (req == null || opt == null || req.size() != required || opt.size() != optional || threshold > optional) return null;
            return new UlnConfig(confirmations, required, optional, threshold, req, opt);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A word that must be a small non-negative int (an offset or a count). */
    private static int smallInt(byte[] d, int at) {
        return Abi.smallIntAt(d, at, 24);
    }

    /** A bytes32 peer as an address when its upper 12 bytes are zero (EVM peers); else its 0x + 64 hex text. */
    static String peer(byte[] d) {
        if (d == null || d.length != 32) return null;
        String a = addressWord(d);
        return a != null ? a : bytes32(d);
    }

    /**
     * eth_getCode's answer: "" for no code, the EIP-7702 delegate (lowercase address) for a delegation designator
     * {@code 0xef0100 || address} (EIP-7702, ethereum/EIPs@00cc881b EIPS/eip-7702.md, "Delegation indicator"), or null
     * for other code. Use {@link #codeKind} to tell them apart.
     */
    enum Code { NONE, DELEGATED, CONTRACT }

    static Code codeKind(String hex) {
        if (hex == null) return null;
        String h = hex.toLowerCase(Locale.ROOT);
        if (!h.startsWith("0x")) return null;
        if (h.length() == 2) return Code.NONE;
        if (h.length() == 2 + 46 && h.startsWith("0xef0100")) return Code.DELEGATED;
        return Code.CONTRACT;
    }

    /** The delegate of an EIP-7702 designator (see {@link #codeKind}); null otherwise. */
    static String delegate(String hex) {
        return codeKind(hex) == Code.DELEGATED ? "0x" + hex.substring(8).toLowerCase(Locale.ROOT) : null;
    }

}
