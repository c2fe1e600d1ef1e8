package dev.perimeter.testchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real local EVM node (anvil from the npm package @foundry-rs/anvil) for tests. Contracts are placed at real mainnet
 * addresses with anvil_setCode; their state is set through their own functions from anvil's unlocked account.
 */
public final class Anvil implements AutoCloseable {
    public static final String MULTICALL3 = "0xca11bde05977b3631167028862be2a173976ca11";
    public static final String ENS_REGISTRY = "0x00000000000c2e074ec69a0dfb2997ba6c7d2e1e";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    public final int port;
    public final long chainId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong ids = new AtomicLong(1);
    private String sender;

    public static Path root() {
        return Path.of(System.getProperty("perimeter.root", ".")).toAbsolutePath();
    }

    public static Path binary() {
        Path p = root().resolve("tools/evm/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException("anvil not found at " + p + ": run `mvn -B verify` (it installs tools/evm) or"
                    + " `cd tools/evm && npm ci`");
        }
        return p;
    }

    private static final java.util.regex.Pattern LISTENING = java.util.regex.Pattern.compile("Listening on [0-9.]+:(\\d+)");

    /**
     * A port nothing listens on right now (for tests of an endpoint that is down), chosen BELOW the kernel's ephemeral
     * range. A port from the ephemeral range (what binding port 0 gives) can be handed to a client socket as its own
     * source port: a connection to 127.0.0.1:p from source port p then connects to itself (TCP simultaneous open), reads
     * its own request as the answer, and a "down" endpoint answers — a rare, load-dependent flake. Outside that range no
     * outgoing connection is ever given the port, so a connection to it is refused every time. Anvil itself binds port 0
     * and reports its port, so it never races another process for one.
     */
    public static int freePort() {
        int low = ephemeralRange()[0];
        int top = Math.min(low, 65536) - 1;
        int bottom = Math.max(1025, top - 20_000);
        int span = top - bottom;
        if (span < 100) { // an unusual kernel setting: no room below the range
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        int start = bottom + (int) (ProcessHandle.current().pid() * 7919 % span); // spread parallel test JVMs apart
        for (int i = 0; i < span; i++) {
            int p = bottom + (start - bottom + i) % span;
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), p));
                return p;
            } catch (IOException taken) {
                // in use: try the next one
            }
        }
        throw new IllegalStateException("no free port below the ephemeral range " + low);
    }

    /** The kernel's ephemeral (local) port range; Linux's default when it cannot be read. */
    static int[] ephemeralRange() {
        try {
            String[] f = java.nio.file.Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32768, 60999};
        }
    }

    public Anvil(long chainId) {
        this(chainId, 0);
    }

    /** @param genesisBlock the number of the first block (e.g. past a contract's mainnet deployment block, where logs are read from) */
    public Anvil(long chainId, long genesisBlock) {
        this.chainId = chainId;
        try {
            // Port 0: anvil binds a port the system chooses and says which ("Listening on 127.0.0.1:PORT"), so no other
            // process can take the port between choosing and binding it. Its output is drained for as long as it runs.
            process = new ProcessBuilder(binary().toString(), "--chain-id", String.valueOf(chainId), "--port", "0",
                    "--host", "127.0.0.1", "--accounts", "2", "--number", String.valueOf(genesisBlock),
                    // Old states stay in memory only: by default anvil writes them under ~/.foundry/anvil/tmp and never
                    // removes them when it is stopped (benchmarks with thousands of contracts left ~1 GB per node).
                    "--max-persisted-states", "0")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.concurrent.CompletableFuture<Integer> listening = new java.util.concurrent.CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    java.util.regex.Matcher m = LISTENING.matcher(line);
                    if (!listening.isDone() && m.find()) listening.complete(Integer.parseInt(m.group(1)));
                }
            } catch (IOException ignored) {
                // the process ended
            }
            listening.completeExceptionally(new IllegalStateException("anvil exited before listening"));
        }, "anvil-output");
        drain.setDaemon(true);
        drain.start();
        try {
            this.port = listening.get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("anvil did not say where it listens", e);
        }
        long until = System.currentTimeMillis() + 15_000;
        while (true) {
            try {
                rpc("eth_chainId");
                break;
            } catch (RuntimeException e) {
                if (System.currentTimeMillis() > until || !process.isAlive()) {
                    close();
                    throw new IllegalStateException("anvil did not start on port " + port, e);
                }
                try {
                    Thread.sleep(30);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
        sender = rpc("eth_accounts").get(0).asText();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public JsonNode rpc(String method, Object... params) {
        ObjectNode req = JSON.createObjectNode();
        req.put("jsonrpc", "2.0");
        req.put("id", ids.getAndIncrement());
        req.put("method", method);
        ArrayNode p = req.putArray("params");
        for (Object o : params) p.add(JSON.valueToTree(o));
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url())).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(req.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode n = JSON.readTree(r.body());
            if (n.has("error")) throw new IllegalStateException(method + ": " + n.get("error"));
            return n.get("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runtime bytecode of a compiled test contract (src/test/resources/evm, built by tools/evm/compile.mjs). */
    public static String runtime(String contract) {
        try (var in = Anvil.class.getResourceAsStream("/evm/" + contract + ".json")) {
            if (in == null) throw new IllegalStateException("no compiled contract " + contract);
            return JSON.readTree(in).get("deployedBytecode").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void setCode(String address, String contract) {
        rpc("anvil_setCode", address, runtime(contract));
    }

    public void setNativeBalance(String address, BigInteger wei) {
        rpc("anvil_setBalance", address, "0x" + wei.toString(16));
    }

    public void placeMulticall() {
        setCode(MULTICALL3, "TestMulticall3");
    }

    public void placeToken(String address, String name, String symbol, int decimals) {
        setCode(address, "TestToken");
        send(address, fn("initialize", new Utf8String(name), new Utf8String(symbol), new Uint8(decimals)));
    }

    public void mint(String token, String to, BigInteger amount) {
        send(token, fn("mint", new Address(to), new Uint256(amount)));
    }

    public void approve(String token, String owner, String spender, BigInteger amount) {
        send(token, fn("approveFrom", new Address(owner), new Address(spender), new Uint256(amount)));
    }

    public void placePriceFeed(String address, BigInteger answer, int decimals) {
        placePriceFeed(address, answer, decimals, latestBlockTimestamp());
    }

    /** A Chainlink-style feed (TestPriceFeed) at address whose latest round says answer, updated at updatedAt (seconds). */
    public void placePriceFeed(String address, BigInteger answer, int decimals, long updatedAt) {
        setCode(address, "TestPriceFeed");
        setPriceFeed(address, answer, decimals, updatedAt);
    }

    /** A new round for a TestPriceFeed already placed at address. */
    public void setPriceFeed(String address, BigInteger answer, int decimals, long updatedAt) {
        send(address, fn("set", new Int256(answer), new Uint8(decimals), new Uint256(BigInteger.valueOf(updatedAt))));
    }

    /** A price source with latestAnswer() only (like Aave's CAPO adapters): latestRoundData() reverts. */
    public void placeAnswerOnlyFeed(String address, BigInteger answer, int decimals) {
        setCode(address, "TestAnswerOnlyFeed");
        send(address, fn("set", new Int256(answer), new Uint8(decimals)));
    }

    /** The latest block's timestamp (seconds). */
    public long latestBlockTimestamp() {
        return Long.decode(rpc("eth_getBlockByNumber", "latest", false).get("timestamp").asText());
    }

    /**
     * EIP-137 namehash of a name already in normalised form (lowercase ASCII labels), written from the EIP's definition
     * with web3j's Keccak: test setup independent of the app's own {@code EnsName}, which ENS tests check against.
     */
    public static byte[] ensNode(String normalisedName) {
        byte[] node = new byte[32];
        String[] labels = normalisedName.split("\\.");
        for (int i = labels.length - 1; i >= 0; i--) {
            byte[] pair = java.util.Arrays.copyOf(node, 64);
            System.arraycopy(org.web3j.crypto.Hash.sha3(labels[i].getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, pair, 32, 32);
            node = org.web3j.crypto.Hash.sha3(pair);
        }
        return node;
    }

    public void placeEns(String resolverAddress, byte[] node, String owner) {
        setCode(ENS_REGISTRY, "TestEnsRegistry");
        setCode(resolverAddress, "TestEnsResolver");
        send(ENS_REGISTRY, fn("setResolver", new Bytes32(node), new Address(resolverAddress)));
        send(resolverAddress, fn("setAddr", new Bytes32(node), new Address(owner)));
    }

    /** Anvil's first account, which sends every transaction of these helpers. */
    public String sender() {
        return sender;
    }

    /** A transaction from anvil's first account calling name(args) on a contract. */
    public void invoke(String to, String name, Type<?>... args) {
        send(to, fn(name, args));
    }

    /**
     * Deploys a compiled test contract with its constructor (for contracts that need one, e.g. OpenZeppelin's ERC4626
     * with its immutable asset) and returns its lowercase address.
     */
    public String deploy(String contract, Type<?>... constructorArgs) {
        String creation;
        try (var in = Anvil.class.getResourceAsStream("/evm/" + contract + ".json")) {
            if (in == null) throw new IllegalStateException("no compiled contract " + contract);
            creation = JSON.readTree(in).get("bytecode").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode tx = JSON.createObjectNode();
        tx.put("from", sender);
        tx.put("data", creation + org.web3j.abi.FunctionEncoder.encodeConstructor(List.of(constructorArgs)));
        tx.put("gas", "0x1c9c380");
        JsonNode receipt = receipt(rpc("eth_sendTransaction", tx).asText());
        return receipt.get("contractAddress").asText().toLowerCase(Locale.ROOT);
    }

    private JsonNode receipt(String hash) {
        JsonNode receipt = rpc("eth_getTransactionReceipt", hash);
        for (int i = 0; i < 200 && (receipt == null || receipt.isNull()); i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            receipt = rpc("eth_getTransactionReceipt", hash);
        }
        if (receipt == null || receipt.isNull() || !"0x1".equals(receipt.path("status").asText())) {
            throw new IllegalStateException("transaction " + hash + " failed: " + receipt);
        }
        return receipt;
    }

    static String fn(String name, Type<?>... args) {
        return FunctionEncoder.encode(new Function(name, List.of(args), List.of()));
    }

    /** A transaction from anvil's first account; anvil mines it at once. */
    public void send(String to, String data) {
        ObjectNode tx = JSON.createObjectNode();
        tx.put("from", sender);
        tx.put("to", to.toLowerCase(Locale.ROOT));
        tx.put("data", data);
        tx.put("gas", "0x1c9c380");
        receipt(rpc("eth_sendTransaction", tx).asText()); // waits for it; a failed transaction throws with its receipt (its "to")
    }

    public void mine(int blocks) {
        rpc("anvil_mine", "0x" + Integer.toHexString(blocks));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(java.time.Duration.ofSeconds(5).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
