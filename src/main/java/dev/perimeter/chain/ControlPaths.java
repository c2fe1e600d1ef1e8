package dev.perimeter.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A wallet scan's control reads after the proxy slots, in one eth_call: {@code src/main/solidity/ControlPaths.sol}
 * (runtime code in {@code ControlPaths.json} next to this class, compiled by {@code tools/evm/compile.mjs}), placed for
 * that call only through eth_call's state-override parameter at {@link #ADDRESS}, as {@link AllowanceSweep} is. From each
 * first hop (a proxy admin, a beacon, an owner) it makes the calls {@link ControlReads} classifies an address by
 * ({@link ControlReads#PATH_CALLS}) and does the same for every address owner() or a timelock's first proposer names, up
 * to {@link ControlReads#MAX_HOPS} levels; for each LayerZero V2 route, the endpoint's getReceiveLibrary and getConfig. It
 * decides nothing: {@link ControlReads} walks the paths through its answers with the same rules as step by step.
 * <p>
 * Endpoints that do not take the state override answer with an error, or run the call at an address without code ("0x");
 * either way the answer does not decode and the endpoint is remembered for the life of this object (one per endpoint), so
 * later scans read step by step. An execution error (a revert when a contract ate the gas) falls back for that scan only.
 */
final class ControlPaths {
    private static final Logger log = LoggerFactory.getLogger(ControlPaths.class);

    /** The last 20 bytes of keccak256("perimeter.control-paths"): an address nobody holds a key or code for. */
    static final String ADDRESS = "0x" + dev.perimeter.util.Keccak.hex("perimeter.control-paths".getBytes(StandardCharsets.UTF_8)).substring(24);
    static final String CODE = runtimeCode();
    private static final Map<String, Object> OVERRIDE = Map.of(ADDRESS, Map.of("code", CODE));
    /** Return data longer than this is cut by the contract (and so does not decode as what it should be). */
    static final int MAX_RETURN = 4096;

    private final String chain;
    private final AtomicBoolean refused = new AtomicBoolean();

    ControlPaths(String chain) {
        this.chain = chain;
    }

    /** False once the endpoint refused (or ignored) the state override. */
    boolean usable() {
        return !refused.get();
    }

    private static String runtimeCode() {
        try (InputStream in = ControlPaths.class.getResourceAsStream("ControlPaths.json")) {
            if (in == null) throw new IllegalStateException("ControlPaths.json is missing from the classpath");
            JsonNode artifact = new ObjectMapper().readTree(in);
            String code = artifact.path("deployedBytecode").asText("");
            if (!code.matches("0x([0-9a-f]{2})+")) throw new IllegalStateException("ControlPaths.json holds no runtime code");
            return code;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How a call ended. */
    enum Status { OK, REFUSED, FAILED, NOT_SENT }

    /** The answers the call made at one address. */
    record Node(String address, long codeSize, byte[] code23, List<Abi.Call3Result> answers) {
        /**
         * The code as the step reads' eth_getCode would classify it: "0x" for none, the 23 bytes of an EIP-7702
         * designator as they are, and one byte standing for any other code (only its kind is used).
         */
        String code() {
            if (codeSize == 0) return "0x";
            if (codeSize == 23) return "0x" + java.util.HexFormat.of().formatHex(code23);
            return "0xfe";
        }

        <T> Answer<T> answer(int k, Function<Abi.Call3Result, T> decoder) {
            Abi.Call3Result r = answers.get(k);
            return new Answer<>() {
                @Override
                public T get() {
                    return r.success() ? decoder.apply(r) : null;
                }

                @Override
                public Abi.Call3Result raw() {
                    return r;
                }
            };
        }
    }

    /** A route's two answers, known after the request ran. */
    interface RouteAnswers {
        <T> Answer<T> library(Function<Abi.Call3Result, T> decoder);

        <T> Answer<T> config(Function<Abi.Call3Result, T> decoder);
    }

    private record RouteKey(String endpoint, String oapp, long eid) {}

    record Decoded(Map<String, Node> nodes, List<Abi.Call3Result[]> routes) {}

    /** New request for one scan. */
    Request request() {
        return new Request();
    }

    /** One scan's call: roots and routes added while planning, then scheduled once. */
    final class Request {
        private final LinkedHashSet<String> roots = new LinkedHashSet<>();
        private final List<RouteKey> routes = new ArrayList<>();
        private Batch.Handle<JsonRpcClient.Result> handle;
        private Decoded decoded;
        private Status status;

        /** An address to read, with every address its answers name. */
        void root(String address) {
            roots.add(address);
        }

        RouteAnswers route(String endpoint, String oapp, long eid) {
            int index = routes.size();
            routes.add(new RouteKey(endpoint, oapp, eid));
            return new RouteAnswers() {
                @Override
                public <T> Answer<T> library(Function<Abi.Call3Result, T> decoder) {
                    return routeAnswer(index, 0, decoder);
                }

                @Override
                public <T> Answer<T> config(Function<Abi.Call3Result, T> decoder) {
                    return routeAnswer(index, 1, decoder);
                }
            };
        }

        private <T> Answer<T> routeAnswer(int index, int which, Function<Abi.Call3Result, T> decoder) {
            return new Answer<>() {
                @Override
                public Abi.Call3Result raw() {
                    Decoded d = decoded();
                    return d == null ? null : d.routes().get(index)[which];
                }

                @Override
                public T get() {
                    Abi.Call3Result r = raw();
                    return r == null || !r.success() ? null : decoder.apply(r);
                }
            };
        }

        boolean isEmpty() {
            return roots.isEmpty() && routes.isEmpty();
        }

        int roots() {
            return roots.size();
        }

        /** Places the call in the batch at the block tag (nothing when it has nothing to read). */
        void schedule(Batch batch, String blockTag) {
            if (isEmpty()) return;
            Map<String, Object> tx = new LinkedHashMap<>();
            tx.put("to", ADDRESS);
            tx.put("data", callData());
            handle = batch.add(new JsonRpcClient.Call("eth_call", List.of(tx, blockTag, OVERRIDE)), r -> r);
        }

        private String callData() {
            StringBuilder sb = new StringBuilder("0x");
            List<String> calls = ControlReads.PATH_CALLS;
            sb.append(word(ControlReads.MAX_HOPS)).append(word(calls.size())).append(word(ControlReads.PATH_FOLLOW)).append(word(roots.size()));
            for (String c : calls) {
                String data = c.substring(2);
                if (data.length() > 192) throw new IllegalStateException("a path call longer than 96 bytes");
                sb.append(word(data.length() / 2)).append(data).append("0".repeat(192 - data.length()));
            }
            for (String a : roots) sb.append(Abi.addressWord(a));
            sb.append(word(routes.size()));
            for (RouteKey r : routes) sb.append(Abi.addressWord(r.endpoint())).append(Abi.addressWord(r.oapp())).append(word(r.eid()));
            return sb.toString();
        }

        /** How the call ended (after the request ran). */
        Status status() {
            decoded();
            return status;
        }

        /** The answers at an address, when the call read it. */
        Node node(String address) {
            Decoded d = decoded();
            return d == null ? null : d.nodes().get(address);
        }

        private Decoded decoded() {
            if (status != null) return decoded;
            if (handle == null) {
                status = Status.NOT_SENT;
                return null;
            }
            JsonRpcClient.Result r = handle.get();
            if (!r.ok()) {
                if (AllowanceSweep.executionError(r)) {
                    log.debug("chain {}: the control paths call failed: {}", chain, r.errorMessage());
                    status = Status.FAILED;
                } else {
                    refuse("an error: " + r.errorMessage());
                    status = Status.REFUSED;
                }
                return null;
            }
            decoded = decode(r.text(), ControlReads.PATH_CALLS.size(), routes.size());
            if (decoded == null) {
                refuse("an answer that is not the call's");
                status = Status.REFUSED;
                return null;
            }
            status = Status.OK;
            return decoded;
        }
    }

    private void refuse(String what) {
        if (refused.compareAndSet(false, true)) {
            log.info("chain {}: the endpoint does not run eth_call with a state override; control reads go step by step from now on", chain);
            log.debug("chain {}: the control paths call got {}", chain, what);
        }
    }

    private static String word(long v) {
        return Abi.uintWord(BigInteger.valueOf(v));
    }

    /** The call's answer (see ControlPaths.sol); null when it is not one for k calls per address and this many routes. */
    static Decoded decode(String text, int k, int routes) {
        if (text == null || !text.startsWith("0x") || (text.length() - 2) % 64 != 0 || text.length() < 2 + 128) return null;
        byte[] d;
        try {
            d = Abi.bytes(text);
        } catch (RuntimeException e) {
            return null;
        }
        int[] at = {0};
        try {
            long n = small(d, at);
            Map<String, Node> nodes = new HashMap<>();
            for (long i = 0; i < n; i++) {
                byte[] aw = Arrays.copyOfRange(d, at[0], at[0] + 32);
                at[0] += 32;
                String a = ControlAbi.addressWord(aw);
                if (a == null) return null;
                long size = small(d, at);
                byte[] code23 = Arrays.copyOfRange(d, at[0], at[0] + 23);
                at[0] += 32;
                List<Abi.Call3Result> answers = new ArrayList<>(k);
                for (int c = 0; c < k; c++) answers.add(answer(d, at));
                nodes.putIfAbsent(a, new Node(a, size, code23, answers));
            }
            long l = small(d, at);
            if (l != routes) return null;
            List<Abi.Call3Result[]> rs = new ArrayList<>();
            for (int i = 0; i < routes; i++) rs.add(new Abi.Call3Result[] {answer(d, at), answer(d, at)});
            if (at[0] != d.length) return null;
            return new Decoded(nodes, rs);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    private static Abi.Call3Result answer(byte[] d, int[] at) {
        long ok = small(d, at);
        long len = small(d, at);
        if (ok > 1 || len > MAX_RETURN) throw new IllegalArgumentException("not an answer");
        int padded = (int) ((len + 31) / 32 * 32);
        if (at[0] + padded > d.length) throw new IllegalArgumentException("past the end");
        byte[] data = Arrays.copyOfRange(d, at[0], at[0] + (int) len);
        at[0] += padded;
        return new Abi.Call3Result(ok == 1, data);
    }

    /** A word that must be a small number; moves past it. */
    private static long small(byte[] d, int[] at) {
        if (at[0] + 32 > d.length) throw new IllegalArgumentException("past the end");
        BigInteger v = new BigInteger(1, Arrays.copyOfRange(d, at[0], at[0] + 32));
        at[0] += 32;
        if (v.bitLength() > 31) throw new IllegalArgumentException("too large");
        return v.longValue();
    }

}
