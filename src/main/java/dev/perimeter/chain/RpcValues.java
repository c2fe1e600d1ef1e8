package dev.perimeter.chain;

import java.math.BigInteger;

/** JSON-RPC answers as values: hex quantities, and quantities in the shape of a one-word call result. */
final class RpcValues {
    private RpcValues() {}

    static boolean isAddress(String s) {
        return s != null && s.matches("0x[0-9a-f]{40}");
    }

    /** A quantity result (eth_chainId, eth_blockNumber) that must be one. */
    static long quantity(JsonRpcClient.Result r, String what) {
        if (!r.ok()) throw RpcException.fromProvider(RpcException.Kind.RPC_ERROR, r.errorMessage());
        BigInteger v = bigQuantity(r);
        if (v == null || v.bitLength() > 62) throw new RpcException(RpcException.Kind.MALFORMED, what + " is not a quantity");
        return v.longValue();
    }

    /** A hex quantity result, or null when it is not one. */
    static BigInteger bigQuantity(JsonRpcClient.Result r) {
        String t = r.text();
        if (t == null || !t.matches("0x[0-9a-fA-F]{1,64}")) return null;
        return new BigInteger(t.substring(2), 16);
    }

    /** A quantity answer (eth_getBalance) as a one-word call result, as Multicall3's getEthBalance would answer. */
    static Abi.Call3Result quantityWord(JsonRpcClient.Result r) {
        return word(r.ok() ? bigQuantity(r) : null);
    }

    /** A value as a one-word successful call result; a failed result when null. */
    static Abi.Call3Result word(Number v) {
        if (v == null) return new Abi.Call3Result(false, new byte[0]);
        BigInteger b = v instanceof BigInteger bi ? bi : BigInteger.valueOf(v.longValue());
        if (b.signum() < 0 || b.bitLength() > 256) return new Abi.Call3Result(false, new byte[0]);
        byte[] raw = b.toByteArray();
        byte[] w = new byte[32];
        int len = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - len, w, 32 - len, len);
        return new Abi.Call3Result(true, w);
    }

    static Long hexLong(String t) {
        if (t == null || !t.matches("0x[0-9a-fA-F]{1,15}")) return null;
        return Long.parseLong(t.substring(2), 16);
    }

    static String hex(long block) {
        return "0x" + Long.toHexString(block);
    }
}
