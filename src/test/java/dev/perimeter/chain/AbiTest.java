package dev.perimeter.chain;

import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The project's ABI encoder (calldata, selectors, topics) and the aggregate3 decoder agree with web3j's ABI codec. */
class AbiTest {
    static final String OWNER = "0x1111111111111111111111111111111111111111";
    static final String SPENDER = "0xAbCdEf0123456789abcdef0123456789ABCDEF01";

    static String web3j(String name, org.web3j.abi.datatypes.Type<?>... args) {
        return FunctionEncoder.encode(new Function(name, List.of(args), List.of()));
    }

    @Test
    void simpleCalldataMatchesWeb3j() {
        assertEquals(web3j("balanceOf", new Address(OWNER)), Abi.balanceOf(OWNER));
        assertEquals(web3j("allowance", new Address(OWNER), new Address(SPENDER)), Abi.allowance(OWNER, SPENDER));
        assertEquals(web3j("getEthBalance", new Address(OWNER)), Abi.getEthBalance(OWNER));
        assertEquals("0x42cbb15c", Abi.GET_BLOCK_NUMBER);
        assertEquals("0x0f28c97d", Abi.GET_CURRENT_BLOCK_TIMESTAMP);
        assertEquals("0x313ce567", Abi.DECIMALS);
        assertThrows(IllegalArgumentException.class, () -> Abi.balanceOf("0x123"));
        assertThrows(IllegalArgumentException.class, () -> Abi.balanceOf("0x111111111111111111111111111111111111111g"));
    }

    @Test
    void staticArgumentCallsMatchWeb3j() {
        byte[] node = new byte[32];
        for (int i = 0; i < 32; i++) node[i] = (byte) (0xf0 - 7 * i);
        BigInteger big = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.TWO);
        assertEquals(web3j("resolver", new Bytes32(node)), Abi.resolver(node));
        assertEquals(web3j("addr", new Bytes32(node)), Abi.addr(node));
        assertEquals(web3j("coins", new Uint256(3)), Abi.call("coins(uint256)", Abi.uintWord(BigInteger.valueOf(3))));
        assertEquals(web3j("convertToAssets", new Uint256(big)), Abi.call("convertToAssets(uint256)", Abi.uintWord(big)));
        assertEquals(web3j("position", new Bytes32(node), new Address(SPENDER)),
                Abi.call("position(bytes32,address)", Abi.bytes32Word(node), Abi.addressWord(SPENDER)));
        assertEquals(web3j("sharesToUnderlyingView", new Uint256(BigInteger.ZERO)),
                PositionReads.SHARES_TO_UNDERLYING_VIEW + Abi.uintWord(BigInteger.ZERO));
        assertEquals(web3j("convertToAssets", new Uint256(BigInteger.ONE)), EdgeReads.CONVERT_TO_ASSETS_ONE);
        assertEquals(web3j("decimals"), Abi.DECIMALS);
        assertEquals(web3j("latestRoundData"), Abi.LATEST_ROUND_DATA);
        assertThrows(IllegalArgumentException.class, () -> Abi.uintWord(BigInteger.ONE.shiftLeft(256)));
        assertThrows(IllegalArgumentException.class, () -> Abi.uintWord(BigInteger.ONE.negate()));
        assertThrows(IllegalArgumentException.class, () -> Abi.bytes32Word(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Abi.call("f(uint256)", "12"));
        assertThrows(IllegalArgumentException.class, () -> Abi.call("f(uint256)", "g".repeat(64)));
    }

    @Test
    void selectorsAndTopicsAreKeccakOfTheSignature() {
        // ERC-20's transfer selector and Transfer/Approval topics, as every explorer shows them
        assertEquals("0xa9059cbb", Abi.selector("transfer(address,uint256)"));
        assertEquals(Abi.TRANSFER_TOPIC, Abi.topic("Transfer(address,address,uint256)"));
        assertEquals(Abi.APPROVAL_TOPIC, Abi.topic("Approval(address,address,uint256)"));
        assertEquals(Abi.AGGREGATE3, Abi.selector("aggregate3((address,bool,bytes)[])"));
        assertEquals(Numeric.toHexString(org.web3j.crypto.Hash.sha3("Supply(bytes32,address,address,uint256,uint256)".getBytes(StandardCharsets.US_ASCII))),
                PositionReads.SUPPLY_TOPIC);
    }

    @Test
    void aggregate3CalldataMatchesWeb3j() {
        List<Abi.Call3> calls = new ArrayList<>();
        calls.add(new Abi.Call3(EvmChainReader.MULTICALL3, true, Abi.GET_BLOCK_NUMBER));
        calls.add(new Abi.Call3("0xA0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", true, Abi.balanceOf(OWNER)));
        calls.add(new Abi.Call3(SPENDER, false, Abi.allowance(OWNER, SPENDER)));
        calls.add(new Abi.Call3(SPENDER, true, "0x"));
        List<DynamicStruct> structs = calls.stream().map(c -> new DynamicStruct(new Address(c.target()), new Bool(c.allowFailure()),
                new DynamicBytes(Numeric.hexStringToByteArray(c.callData())))).toList();
        String expected = FunctionEncoder.encode(new Function("aggregate3", List.of(new DynamicArray<>(DynamicStruct.class, structs)), List.of()));
        assertTrue(expected.startsWith(Abi.AGGREGATE3), expected.substring(0, 10));
        assertEquals(expected, new String(Abi.aggregate3(calls), StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, () -> Abi.aggregate3(List.of(new Abi.Call3(SPENDER, true, "0x123"))));
        assertThrows(IllegalArgumentException.class, () -> Abi.aggregate3(List.of(new Abi.Call3(SPENDER, true, "0xzz"))));
    }

    static String results(List<Abi.Call3Result> rs) {
        List<DynamicStruct> structs = rs.stream().map(r -> new DynamicStruct(new Bool(r.success()), new DynamicBytes(r.returnData()))).toList();
        // a function's return data: the offset of the array (one word), then the array
        return "0x" + "0".repeat(62) + "20" + TypeEncoder.encode(new DynamicArray<>(DynamicStruct.class, structs));
    }

    @Test
    void aggregate3AnswersDecodeAsWeb3jEncodesThem() {
        byte[] word = new byte[32];
        word[31] = 42;
        byte[] five = new byte[160];
        five[0] = 1;
        List<Abi.Call3Result> in = List.of(new Abi.Call3Result(true, word), new Abi.Call3Result(false, new byte[0]),
                new Abi.Call3Result(true, new byte[0]), new Abi.Call3Result(true, five), new Abi.Call3Result(true, new byte[] {7, 8, 9}));
        List<Abi.Call3Result> out = Abi.decodeAggregate3(results(in), in.size());
        assertEquals(in.size(), out.size());
        for (int i = 0; i < in.size(); i++) {
            assertEquals(in.get(i).success(), out.get(i).success(), "result " + i);
            assertArrayEquals(in.get(i).returnData(), out.get(i).returnData(), "result " + i);
        }
        String upper = "0x" + results(in).substring(2).toUpperCase(java.util.Locale.ROOT);
        assertArrayEquals(word, Abi.decodeAggregate3(upper, in.size()).get(0).returnData(), "hex digits in either case");
    }

    @Test
    void malformedAggregate3AnswersAreRefused() {
        String good = results(List.of(new Abi.Call3Result(true, new byte[32])));
        for (String bad : List.of("0x", "0x00", good.substring(0, good.length() - 1), good.substring(0, good.length() - 64),
                good.replace('0', 'g'), "0x" + "f".repeat(128))) {
            assertThrows(IllegalArgumentException.class, () -> Abi.decodeAggregate3(bad, 1), bad.length() > 20 ? bad.substring(0, 20) : bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Abi.decodeAggregate3(good, 2), "one result for two calls");
        assertArrayEquals(new byte[] {1, (byte) 0xab}, Abi.bytes("0x01Ab"));
        assertArrayEquals(new byte[0], Abi.bytes("0x"));
        assertThrows(IllegalArgumentException.class, () -> Abi.bytes("0x123"));
        assertThrows(IllegalArgumentException.class, () -> Abi.bytes("0x1g"));
    }
}
