package dev.perimeter.chain;

import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The control reads' calldata agrees with web3j's encoder, the slot constants are the hashes their sources define, and
 * the decoders take exactly what a contract answers and nothing else (garbage is no answer).
 */
class ControlAbiTest {
    static final String A = "0x00000000000000000000000000000000000000a1";
    static final String B = "0x00000000000000000000000000000000000000b2";
    static final String OAPP = "0x1111111111111111111111111111111111111111";
    static final String LIB = "0xc02ab410f0734efa3f14628780e6e695156024c2";

    static String web3j(String name, Type<?>... args) {
        return FunctionEncoder.encode(new Function(name, List.of(args), List.of()));
    }

    static String keccak(String s) {
        return Numeric.toHexString(org.web3j.crypto.Hash.sha3(s.getBytes(StandardCharsets.US_ASCII)));
    }

    static String minusOne(String hex) {
        return Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(hex).subtract(BigInteger.ONE), 64);
    }

    @Test
    void slotsAreTheHashesTheirSourcesDefine() {
        assertEquals(minusOne(keccak("eip1967.proxy.implementation")), ControlAbi.EIP1967_IMPLEMENTATION);
        assertEquals(minusOne(keccak("eip1967.proxy.admin")), ControlAbi.EIP1967_ADMIN);
        assertEquals(minusOne(keccak("eip1967.proxy.beacon")), ControlAbi.EIP1967_BEACON);
        assertEquals(keccak("PROXIABLE"), ControlAbi.EIP1822_PROXIABLE);
        assertEquals(keccak("org.zeppelinos.proxy.implementation"), ControlAbi.ZOS_IMPLEMENTATION);
        assertEquals(keccak("org.zeppelinos.proxy.admin"), ControlAbi.ZOS_ADMIN);
        assertEquals(keccak("PROPOSER_ROLE").substring(2), ControlAbi.PROPOSER_ROLE);
    }

    @Test
    void calldataMatchesWeb3j() {
        assertEquals(web3j("owner"), ControlAbi.OWNER);
        assertEquals(web3j("getThreshold"), ControlAbi.GET_THRESHOLD);
        assertEquals(web3j("getOwners"), ControlAbi.GET_OWNERS);
        assertEquals(web3j("getMinDelay"), ControlAbi.GET_MIN_DELAY);
        assertEquals(web3j("proxiableUUID"), ControlAbi.PROXIABLE_UUID);
        assertEquals(web3j("implementation"), ControlAbi.IMPLEMENTATION);
        assertEquals(web3j("endpoint"), ControlAbi.ENDPOINT);
        assertEquals(web3j("getRoleMember", new Bytes32(new byte[32]), new Uint256(0)), ControlAbi.ADMIN_ROLE_MEMBER);
        assertEquals(web3j("getRoleMember", new Bytes32(Numeric.hexStringToByteArray(keccak("PROPOSER_ROLE"))), new Uint256(0)),
                ControlAbi.PROPOSER);
        assertEquals(web3j("peers", new Uint32(30110)), ControlAbi.peers(30110));
        assertEquals(web3j("getReceiveLibrary", new Address(OAPP), new Uint32(30110)), ControlAbi.getReceiveLibrary(OAPP, 30110));
        assertEquals(web3j("getConfig", new Address(OAPP), new Address(LIB), new Uint32(30110), new Uint32(2)),
                ControlAbi.getConfig(OAPP, LIB, 30110, 2));
    }

    static byte[] encode(Type<?>... values) {
        return Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.of(values)));
    }

    @Test
    void addressWordsAndSlots() {
        assertEquals(A, ControlAbi.addressWord(encode(new Address(A))));
        assertEquals(ControlAbi.ZERO, ControlAbi.addressWord(new byte[32]));
        byte[] dirty = encode(new Address(A));
        dirty[0] = 1;
        assertNull(ControlAbi.addressWord(dirty), "upper bytes set: not an address");
        assertNull(ControlAbi.addressWord(new byte[31]));
        assertNull(ControlAbi.addressWord(new byte[64]));
        assertEquals(A, ControlAbi.slotAddress("0x" + "0".repeat(24) + A.substring(2)));
        assertEquals(A, ControlAbi.slotAddress("0xa1"), "a node that drops leading zeros");
        assertEquals(ControlAbi.ZERO, ControlAbi.slotAddress("0x0"));
        assertNull(ControlAbi.slotAddress("0x" + "f".repeat(64)), "a slot value that is no address");
        assertNull(ControlAbi.slotAddress("0x" + "0".repeat(66)), "longer than a word");
        assertNull(ControlAbi.slotAddress("0xzz"));
        assertNull(ControlAbi.slotAddress(null));
    }

    @Test
    void safeOwnersDecodeOnlyFromAnAddressArray() {
        byte[] owners = encode(new DynamicArray<>(Address.class, new Address(A), new Address(B)));
        assertEquals(List.of(A, B), ControlAbi.addressArray(owners, 100));
        assertNull(ControlAbi.addressArray(owners, 1), "more owners than the cap");
        assertNull(ControlAbi.addressArray(java.util.Arrays.copyOf(owners, owners.length - 32), 100), "truncated");
        byte[] badOffset = owners.clone();
        badOffset[31] = 0x40;
        assertNull(ControlAbi.addressArray(badOffset, 100), "offset pointing elsewhere");
        byte[] hugeLength = owners.clone();
        hugeLength[32] = 0x7f;
        assertNull(ControlAbi.addressArray(hugeLength, 100), "length word from garbage");
        assertNull(ControlAbi.addressArray(new byte[] {1}, 100));
        assertEquals(List.of(), ControlAbi.addressArray(encode(new DynamicArray<>(Address.class, List.of())), 100));
    }

    @Test
    void receiveLibrary() {
        ControlAbi.ReceiveLibrary r = ControlAbi.receiveLibrary(encode(new Address(LIB), new Bool(true)));
        assertEquals(LIB, r.library());
        assertTrue(r.isDefault());
        assertFalse(ControlAbi.receiveLibrary(encode(new Address(LIB), new Bool(false))).isDefault());
        assertNull(ControlAbi.receiveLibrary(encode(new Address(LIB))), "one word");
        assertNull(ControlAbi.receiveLibrary(encode(new Address(ControlAbi.ZERO), new Bool(true))), "no library");
        assertNull(ControlAbi.receiveLibrary(encode(new Address(LIB), new Uint256(2))), "not a bool");
    }

    static byte[] ulnConfig(long confirmations, int required, int optional, int threshold, List<String> req, List<String> opt) {
        DynamicStruct cfg = new DynamicStruct(new Uint64(confirmations), new Uint8(required), new Uint8(optional), new Uint8(threshold),
                new DynamicArray<>(Address.class, req.stream().map(Address::new).toList()),
                new DynamicArray<>(Address.class, opt.stream().map(Address::new).toList()));
        byte[] inner = encode(cfg); // abi.encode(UlnConfig): a head word pointing at the tuple, then the tuple
        return encode(new DynamicBytes(inner)); // getConfig returns it as bytes
    }

    @Test
    void ulnConfigAsEndpointV2AnswersIt() {
        ControlAbi.UlnConfig one = ControlAbi.ulnConfig(ulnConfig(15, 1, 0, 0, List.of(A), List.of()));
        assertEquals(BigInteger.valueOf(15), one.confirmations());
        assertEquals(List.of(A), one.required());
        assertEquals(List.of(), one.optional());
        assertEquals(0, one.optionalThreshold());

        ControlAbi.UlnConfig two = ControlAbi.ulnConfig(ulnConfig(64, 2, 2, 1, List.of(A, B), List.of(B, A)));
        assertEquals(List.of(A, B), two.required());
        assertEquals(List.of(B, A), two.optional());
        assertEquals(1, two.optionalThreshold());
    }

    @Test
    void ulnConfigGarbageIsNoAnswer() {
        assertNull(ControlAbi.ulnConfig(ulnConfig(15, 2, 0, 0, List.of(A), List.of())), "count disagrees with the list");
        assertNull(ControlAbi.ulnConfig(ulnConfig(15, 1, 1, 2, List.of(A), List.of(B))), "threshold above the optional count");
        byte[] ok = ulnConfig(15, 1, 0, 0, List.of(A), List.of());
        assertNull(ControlAbi.ulnConfig(java.util.Arrays.copyOf(ok, ok.length - 32)), "truncated");
        assertNull(ControlAbi.ulnConfig(new byte[0]));
        assertNull(ControlAbi.ulnConfig(new byte[64]), "empty bytes");
        byte[] shifted = ok.clone();
        shifted[31] = 0x40;
        assertNull(ControlAbi.ulnConfig(shifted), "outer offset elsewhere");
        byte[] huge = ok.clone();
        huge[32] = 0x7f; // the bytes' length word
        assertNull(ControlAbi.ulnConfig(huge));
    }

    @Test
    void codeKinds() {
        assertEquals(ControlAbi.Code.NONE, ControlAbi.codeKind("0x"));
        String designator = "0xef0100" + B.substring(2);
        assertEquals(ControlAbi.Code.DELEGATED, ControlAbi.codeKind(designator));
        assertEquals(B, ControlAbi.delegate(designator));
        assertEquals(ControlAbi.Code.CONTRACT, ControlAbi.codeKind("0x6080604052"));
        assertEquals(ControlAbi.Code.CONTRACT, ControlAbi.codeKind(designator + "00"), "longer than a designator: code");
        assertNull(ControlAbi.codeKind(null));
        assertNull(ControlAbi.delegate("0x6080"));
    }

    @Test
    void peers() {
        assertEquals(A, ControlAbi.peer(encode(new Address(A))));
        byte[] nonEvm = new byte[32];
        nonEvm[0] = (byte) 0xab;
        assertEquals("0xab" + "0".repeat(62), ControlAbi.peer(nonEvm), "a non-EVM peer stays bytes32");
        assertNull(ControlAbi.peer(new byte[3]));
    }

    // ---- classification ----

    static byte[] owners(String... a) {
        return encode(new DynamicArray<>(Address.class, java.util.Arrays.stream(a).map(Address::new).toList()));
    }

    @Test
    void classification() {
        var eoa = ControlReads.classify(A, "owner()", "0x", null, null, false, null, null);
        assertEquals("eoa", eoa.kind());
        assertNull(eoa.delegate());

        var delegated = ControlReads.classify(A, "owner()", "0xef0100" + B.substring(2), BigInteger.ONE, owners(B), true, null, null);
        assertEquals("eoa", delegated.kind(), "EIP-7702 delegated code counts as an EOA, whatever its delegate answers");
        assertEquals(B, delegated.delegate());
        assertTrue(delegated.note().contains("EIP-7702"));

        var safe = ControlReads.classify(A, "owner()", "0x6080", BigInteger.TWO, owners(A, B, OAPP), true, null, null);
        assertEquals("safe", safe.kind());
        assertEquals(2, safe.threshold());
        assertEquals(3, safe.owners().size());

        var timelock = ControlReads.classify(A, "owner()", "0x6080", null, null, false, BigInteger.valueOf(172800), null);
        assertEquals("timelock", timelock.kind());
        assertEquals(BigInteger.valueOf(172800), timelock.delaySeconds());

        var proxyAdmin = ControlReads.classify(A, "EIP-1967 admin slot", "0x6080", null, null, false, null, B);
        assertEquals("contract", proxyAdmin.kind());
        assertEquals(B, proxyAdmin.owner());

        var renounced = ControlReads.classify(A, "EIP-1967 admin slot", "0x6080", null, null, false, null, ControlAbi.ZERO);
        assertEquals("none", renounced.kind());

        var unknown = ControlReads.classify(A, "owner()", "0x6080", null, null, false, null, null);
        assertEquals("contract", unknown.kind());
        assertNull(unknown.owner());

        var unread = ControlReads.classify(A, "owner()", null, null, null, false, null, null);
        assertEquals("not_read", unread.kind());
    }

    @Test
    void aSafeStandInAnsweringGarbageIsNoSafe() {
        var zeroThreshold = ControlReads.classify(A, "owner()", "0x6080", BigInteger.ZERO, owners(A), true, null, null);
        assertEquals("contract", zeroThreshold.kind());
        assertTrue(zeroThreshold.note().contains("not a Safe's"), zeroThreshold.note());

        var moreThanOwners = ControlReads.classify(A, "owner()", "0x6080", BigInteger.valueOf(3), owners(A, B), true, null, null);
        assertEquals("contract", moreThanOwners.kind());

        var undecodable = ControlReads.classify(A, "owner()", "0x6080", null, new byte[] {1, 2, 3}, true, null, null);
        assertEquals("contract", undecodable.kind());
        assertTrue(undecodable.note().contains("owners not a list of addresses"), undecodable.note());

        var hugeDelay = ControlReads.classify(A, "owner()", "0x6080", null, null, false, BigInteger.ONE.shiftLeft(255), null);
        assertEquals("contract", hugeDelay.kind(), "a delay of 2^255 s is garbage, not a timelock");
    }
}
