package dev.perimeter.chain;

import dev.perimeter.token.Token;
import dev.perimeter.token.TokenRegistry;
import dev.perimeter.testchain.Anvil;
import dev.perimeter.testchain.FaultProxy;
import dev.perimeter.util.DataFiles;
import dev.perimeter.web.WebApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** The chain reader against a real anvil (chain id 1) with contracts at real mainnet token addresses. */
class EvmChainReaderIT {
    @org.junit.jupiter.api.extension.RegisterExtension
    static final dev.perimeter.testchain.ProxiedChain CHAIN = new dev.perimeter.testchain.ProxiedChain(() -> new Anvil(1));
    static Anvil anvil;
    static FaultProxy proxy;
    static TokenRegistry registry;
    static String usdc, rseth, aToken;
    static final String WALLET = "0x1111111111111111111111111111111111111111";
    static final String EXPLOITED = "0x2222222222222222222222222222222222222222";
    static final String OTHER_SPENDER = "0x3333333333333333333333333333333333333333";
    static final String UNLISTED = "0x4444444444444444444444444444444444444444";
    static final BigInteger USDC_AMOUNT = new BigInteger("1234567890");
    static final BigInteger RSETH_AMOUNT = new BigInteger("5000000000000000001");
    static final BigInteger ATOKEN_AMOUNT = new BigInteger("42");
    static final BigInteger ETH = new BigInteger("3000000000000000000");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void chain() {
        registry = TokenRegistry.load(DataFiles.bundled());
        usdc = pick(t -> t.symbol().equals("USDC") && t.kind().equals("plain"));
        rseth = "0xa1290d69c65a6fe4df752f95823fae25cb99e5a7";
        assertTrue(registry.find("ethereum", rseth).isPresent(), "rsETH is in the registry");
        aToken = pick(t -> "aave".equals(t.protocol()) && t.kind().equals("receipt") && t.name().contains("USDC"));
        anvil = CHAIN.anvil();
        anvil.placeMulticall();
        Token u = registry.find("ethereum", usdc).orElseThrow();
        anvil.placeToken(usdc, u.name(), u.symbol(), u.decimals());
        anvil.placeToken(rseth, "rsETH", "rsETH", 18);
        anvil.placeToken(aToken, "Aave USDC", "aUSDC", 6);
        anvil.placeToken(UNLISTED, "Mystery", "MYST", 9);
        anvil.mint(usdc, WALLET, USDC_AMOUNT);
        anvil.mint(rseth, WALLET, RSETH_AMOUNT);
        anvil.mint(aToken, WALLET, ATOKEN_AMOUNT);
        anvil.mint(UNLISTED, WALLET, BigInteger.valueOf(777));
        anvil.mint(usdc, OTHER_SPENDER, BigInteger.TEN); // someone else's balance: must not show up
        anvil.setNativeBalance(WALLET, ETH);
        anvil.approve(usdc, WALLET, EXPLOITED, Abi.UINT256_MAX);
        anvil.approve(rseth, WALLET, OTHER_SPENDER, BigInteger.valueOf(1000));
        anvil.approve(rseth, WALLET, OTHER_SPENDER, BigInteger.ZERO); // revoked later: not live
        anvil.mine(5);
        proxy = CHAIN.proxy();
    }

    static String pick(java.util.function.Predicate<Token> p) {
        return dev.perimeter.TestData.registryToken(registry, "ethereum", p);
    }

    static EvmChainReader reader(String url, long chainId) {
        return reader(url, chainId, EvmChainReader.Limits.defaults());
    }

    static EvmChainReader reader(String url, long chainId, EvmChainReader.Limits limits) {
        return new EvmChainReader("ethereum", chainId, URI.create(url), HTTP, WebApp.objectMapper(), limits);
    }

    static ScanPlan plan(boolean approvals) {
        return new ScanPlan(WALLET, registry.addresses("ethereum"), List.of(EXPLOITED), approvals, approvals);
    }

    static Deadline in(long ms) {
        return Deadline.in(java.time.Duration.ofMillis(ms));
    }

    static void assertExactHoldings(ChainData d) {
        Map<String, BigInteger> nonZero = new java.util.TreeMap<>();
        d.balances().forEach((k, v) -> { if (v.signum() > 0) nonZero.put(k, v); });
        assertEquals(new java.util.TreeMap<>(Map.of(usdc, USDC_AMOUNT, rseth, RSETH_AMOUNT, aToken, ATOKEN_AMOUNT)), nonZero,
                "exactly the minted balances, no phantom holdings");
        assertEquals(ETH, d.nativeBalance());
    }

    /** aggregate3 calls for the balances: every registry token and the native balance (getEthBalance), in chunks. */
    static int balanceChunks() {
        int chunk = EvmChainReader.Limits.defaults().multicallChunk();
        return (registry.size("ethereum") + 1 + chunk - 1) / chunk;
    }

    @Test
    void balanceScanFindsExactlyWhatWasMintedInOneHttpRequest() {
        ChainData d = reader(proxy.url(), 1).scan(plan(false), in(10_000));
        assertExactHoldings(d);
        assertTrue(d.multicall());
        assertEquals(List.of(), d.problems());
        // One batch: the chain id and the block no longer need a request of their own, each aggregate3 says its block.
        assertEquals(1, proxy.requests.get(), "chain id, block number and every balance in one batch");
        assertEquals(1, d.httpRequests());
        int registryTokens = registry.size("ethereum");
        assertTrue(registryTokens > 1000);
        assertEquals(2 + balanceChunks(), d.rpcCalls(), "chain id, block number and one aggregate3 per chunk of " + registryTokens
                + " tokens and the native balance");
        assertEquals(Long.decode(anvil.rpc("eth_blockNumber").asText()), d.block(), "the block every aggregate3 ran at");
    }

    @Test
    void approvalsFromLogsAndTheExploitedContractCheckAndUnlistedTokens() {
        ChainData d = reader(proxy.url(), 1).scan(plan(true), in(10_000));
        assertExactHoldings(d);
        assertTrue(d.logsComplete());
        assertEquals(1, d.approvals().size(), d.approvals().toString());
        ChainData.RawApproval a = d.approvals().get(0);
        assertEquals(usdc, a.token());
        assertEquals(EXPLOITED, a.spender());
        assertEquals(Abi.UINT256_MAX, a.allowance());
        assertEquals(1, d.unlisted().size());
        ChainData.RawToken u = d.unlisted().get(0);
        assertEquals(UNLISTED, u.address());
        assertEquals("MYST", u.symbol());
        assertEquals(9, u.decimals());
        assertEquals(BigInteger.valueOf(777), u.balance());
        assertEquals(2, proxy.requests.get(), "chain id, block, balances and logs; then allowances and unlisted metadata");
    }

    @Test
    void aBlockArrivingWhileTheBatchIsServedIsReadAtOneBlock() {
        String owner = "0x5555555555555555555555555555555555555551";
        anvil.mint(aToken, owner, BigInteger.valueOf(100)); // (aToken: no other test counts its supply)
        proxy.mode = FaultProxy.Mode.SPLIT_BATCH;
        // The first half of the batch runs at block N; then a mint lands in block N+1 and the second half runs there.
        proxy.midBatch = () -> anvil.mint(aToken, owner, BigInteger.valueOf(23));
        ChainData d = reader(proxy.url(), 1).scan(new ScanPlan(owner, registry.addresses("ethereum"), List.of(), false, false), in(10_000));
        long head = Long.decode(anvil.rpc("eth_blockNumber").asText());
        assertEquals(head, d.block(), "the newest block any aggregate3 ran at");
        assertEquals(BigInteger.valueOf(123), d.balances().get(aToken), "the balance at the scan's block, whichever half read it");
        assertEquals(List.of(), d.problems());
        assertEquals(2, proxy.requests.get(), "the batch, then the chunks that ran at the older block, pinned to the newer one");
        assertTrue(proxy.calls.get() > 1 + 2 + balanceChunks(), "some chunks were read twice");
        assertTrue(proxy.calls.get() < 2 * (2 + balanceChunks()), "only those");
    }

    @Test
    void exploitedContractApprovalIsFoundEvenWithoutLogs() {
        proxy.mode = FaultProxy.Mode.LOG_RANGE_LIMIT;
        proxy.logRangeLimit = 0; // every log query refused
        ChainData d = reader(proxy.url(), 1, new EvmChainReader.Limits(400, 20, 16L << 20, 2, 4)).scan(plan(true), in(10_000));
        assertFalse(d.logsComplete());
        assertTrue(d.problems().stream().anyMatch(p -> p.contains("history is incomplete")), d.problems().toString());
        assertEquals(1, d.approvals().size());
        assertEquals("exploited-contract-check", d.approvals().get(0).foundBy());
        assertEquals(EXPLOITED, d.approvals().get(0).spender());
    }

    @Test
    void logRangesAdaptToProviderLimits() {
        proxy.mode = FaultProxy.Mode.LOG_RANGE_LIMIT;
        proxy.logRangeLimit = 4;
        ChainData d = reader(proxy.url(), 1).scan(plan(true), in(10_000));
        assertTrue(d.logsComplete(), d.problems().toString());
        assertEquals(1, d.approvals().size());
        assertEquals("approval-log", d.approvals().get(0).foundBy());
        assertEquals(1, d.unlisted().size());
    }

    @Test
    void refusedBatchesFallBackToSmallerRequestsWithTheSameAnswer() {
        proxy.mode = FaultProxy.Mode.REFUSE_BATCH;
        ChainData d = reader(proxy.url(), 1).scan(plan(false), in(20_000));
        assertExactHoldings(d);
        assertTrue(d.problems().stream().anyMatch(p -> p.contains("refused a batch")));
        int calls = 2 + balanceChunks(); // chain id, block number, aggregate3 chunks (the native balance is inside one)
        assertTrue(calls <= EvmChainReader.Limits.defaults().fallbackBatch(), "no larger than the fallback batch: straight to single calls");
        assertEquals(1 + calls, proxy.requests.get(), "the refused batch, then one request per call, each call once");
        assertEquals(2 * calls, proxy.calls.get(), "the refused batch's calls were sent again once each, as single calls");
    }

    @Test
    void aProviderCappingBatchSizesGetsBatchesOfTheFallbackSize() {
        proxy.mode = FaultProxy.Mode.REFUSE_BATCH;
        proxy.maxBatch = 4;
        EvmChainReader.Limits limits = new EvmChainReader.Limits(400, 4, 16L << 20, 2, 48);
        ChainData d = reader(proxy.url(), 1, limits).scan(plan(false), in(20_000));
        assertExactHoldings(d);
        int calls = 2 + balanceChunks(); // chain id, block number, aggregate3 chunks
        assertTrue(calls > 4);
        assertEquals(1 + (calls + 3) / 4, proxy.requests.get(), "the refused batch, then batches of 4");
        assertTrue(d.problems().stream().anyMatch(p -> p.contains("refused a batch of " + calls + " calls")), d.problems().toString());
    }

    @Test
    void missingMulticallFallsBackToDirectCalls() {
        proxy.mode = FaultProxy.Mode.NO_MULTICALL;
        ChainData d = reader(proxy.url(), 1).scan(new ScanPlan(WALLET, List.of(usdc, rseth, aToken, "0x5555555555555555555555555555555555555555"),
                List.of(EXPLOITED), true, false), in(20_000));
        assertFalse(d.multicall());
        assertEquals(USDC_AMOUNT, d.balances().get(usdc));
        assertEquals(RSETH_AMOUNT, d.balances().get(rseth));
        assertEquals(1, d.approvals().size());
    }

    @Test
    void aProviderServingAnotherChainIsRejected() {
        RpcException e = assertThrows(RpcException.class, () -> reader(proxy.url(), 10).scan(plan(false), in(5_000)));
        assertEquals(RpcException.Kind.WRONG_CHAIN, e.kind());
        assertTrue(e.getMessage().contains("expected chain id 10, got 1"));
    }

    @Test
    void faultsBecomeTypedErrorsAndNothingHangs() {
        record Case(FaultProxy.Mode mode, RpcException.Kind kind) {}
        for (Case c : List.of(new Case(FaultProxy.Mode.HTTP_500, RpcException.Kind.HTTP_ERROR),
                new Case(FaultProxy.Mode.HTTP_429, RpcException.Kind.RATE_LIMITED),
                new Case(FaultProxy.Mode.TRUNCATE, RpcException.Kind.MALFORMED),
                new Case(FaultProxy.Mode.WRONG_IDS, RpcException.Kind.MALFORMED),
                new Case(FaultProxy.Mode.RPC_ERROR, RpcException.Kind.RPC_ERROR),
                new Case(FaultProxy.Mode.HUGE, RpcException.Kind.TOO_LARGE))) {
            proxy.reset(c.mode());
            long t0 = System.nanoTime();
            RpcException e = assertThrows(RpcException.class, () -> reader(proxy.url(), 1).scan(plan(false), in(5_000)), c.mode().name());
            assertEquals(c.kind(), e.kind(), c.mode() + ": " + e.getMessage());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_500, c.mode() + " took too long");
            if (c.mode() == FaultProxy.Mode.HTTP_500 || c.mode() == FaultProxy.Mode.HTTP_429) {
                assertEquals(3, proxy.requests.get(), c.mode() + ": one try and two bounded retries");
            }
        }
    }

    @Test
    void slowProviderHitsTheDeadline() {
        proxy.mode = FaultProxy.Mode.DELAY;
        proxy.delayMillis = 3_000;
        long t0 = System.nanoTime();
        RpcException e = assertThrows(RpcException.class, () -> reader(proxy.url(), 1).scan(plan(false), in(500)));
        assertEquals(RpcException.Kind.TIMEOUT, e.kind());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 1_500);
    }

    @Test
    void transientFailureIsRetried() {
        proxy.mode = FaultProxy.Mode.FAIL_FIRST;
        ChainData d = reader(proxy.url(), 1).scan(plan(false), in(10_000));
        assertExactHoldings(d);
    }

    @Test
    void unreachableEndpoint() {
        RpcException e = assertThrows(RpcException.class,
                () -> reader("http://127.0.0.1:" + Anvil.freePort(), 1).scan(plan(false), in(3_000)));
        assertEquals(RpcException.Kind.UNREACHABLE, e.kind());
    }

    @Test
    void revertingAndLyingTokensAreUnreadableNotHeld() {
        String reverting = "0x6666666666666666666666666666666666666666";
        String lying = "0x7777777777777777777777777777777777777777";
        anvil.setCode(reverting, "RevertingToken");
        anvil.setCode(lying, "LyingToken");
        ChainData d = reader(proxy.url(), 1).scan(new ScanPlan(WALLET, List.of(usdc, reverting), List.of(), false, false), in(5_000));
        assertEquals(USDC_AMOUNT, d.balances().get(usdc));
        assertEquals(List.of(reverting), d.unreadableTokens());
        assertFalse(d.balances().containsKey(reverting));
    }

    static List<String> realFeeds() {
        return dev.perimeter.token.PriceBook.load(DataFiles.bundled()).feeds("ethereum");
    }

    static long timestampOf(long block) {
        return Long.decode(anvil.rpc("eth_getBlockByNumber", "0x" + Long.toHexString(block), false).get("timestamp").asText());
    }

    @Test
    void feedsAndTheBlockTimestampTravelInTheBalanceBatch() {
        List<String> feeds = realFeeds();
        String rounds = feeds.get(0), answerOnly = feeds.get(1), absent = feeds.get(2);
        long updatedAt = anvil.latestBlockTimestamp() - 3_600;
        anvil.placePriceFeed(rounds, new BigInteger("99985000"), 8, updatedAt);
        anvil.placeAnswerOnlyFeed(answerOnly, new BigInteger("250000000000"), 8);
        ScanPlan plan = new ScanPlan(WALLET, registry.addresses("ethereum"), List.of(), false, false, List.of(rounds, answerOnly, absent));
        ChainData d = reader(proxy.url(), 1).scan(plan, in(10_000));
        assertExactHoldings(d);
        assertEquals(1, proxy.requests.get(), "chain id, block, balances and prices in one batch");
        assertEquals(2 + balanceChunks() + 1, d.rpcCalls(), "chain id, block number, balance chunks and ONE aggregate3 for all feeds");
        assertEquals(new ChainData.FeedRound(new BigInteger("99985000"), updatedAt), d.feeds().get(rounds));
        assertEquals(new ChainData.FeedRound(new BigInteger("250000000000"), null), d.feeds().get(answerOnly),
                "an adapter without latestRoundData still answers, without an update time");
        assertFalse(d.feeds().containsKey(absent), "no contract there: no answer");
        assertEquals(timestampOf(d.block()), d.blockTimestamp(), "the timestamp of the block everything was read at");
        assertEquals(List.of(), d.problems());
    }

    @Test
    void withoutMulticallFeedsAreReadDirectlyAndTheTimestampComesFromTheBlockHeader() {
        List<String> feeds = realFeeds();
        String rounds = feeds.get(3);
        long updatedAt = anvil.latestBlockTimestamp() - 60;
        anvil.placePriceFeed(rounds, new BigInteger("123456789"), 8, updatedAt);
        proxy.mode = FaultProxy.Mode.NO_MULTICALL;
        ChainData d = reader(proxy.url(), 1).scan(new ScanPlan(WALLET, List.of(usdc), List.of(), false, false, List.of(rounds)), in(20_000));
        assertFalse(d.multicall());
        assertEquals(USDC_AMOUNT, d.balances().get(usdc));
        assertEquals(new ChainData.FeedRound(new BigInteger("123456789"), updatedAt), d.feeds().get(rounds));
        assertEquals(timestampOf(d.block()), d.blockTimestamp());
        assertEquals(2, proxy.requests.get(), "the batch whose aggregate3 calls failed, then the direct calls at its eth_blockNumber");
    }

    @Test
    void approvalsCarryTheTokensDecimalsAndTotalSupplyFromTheAllowanceBatch() {
        String owner = "0x9999999999999999999999999999999999999999";
        String s1 = "0x000000000000000000000000000000000000a001", s2 = "0x000000000000000000000000000000000000a002",
                s3 = "0x000000000000000000000000000000000000a003";
        BigInteger ownerUsdc = new BigInteger("5000000000");
        anvil.mint(usdc, owner, ownerUsdc);
        BigInteger usdcSupply = USDC_AMOUNT.add(BigInteger.TEN).add(ownerUsdc); // every USDC mint of this class
        BigInteger rsethSupply = RSETH_AMOUNT;                                  // the only rsETH mint
        BigInteger unlistedSupply = BigInteger.valueOf(777);                    // the only mint of the unlisted token
        anvil.approve(usdc, owner, s1, new BigInteger("1000000000"));
        anvil.approve(UNLISTED, owner, s2, Abi.UINT256_MAX);
        anvil.approve(rseth, owner, s3, rsethSupply.add(BigInteger.ONE));
        ChainData d = reader(proxy.url(), 1).scan(new ScanPlan(owner, registry.addresses("ethereum"), List.of(), true, true), in(10_000));
        assertEquals(2, proxy.requests.get(), "balances + logs, then allowances with decimals and total supplies");
        Map<String, ChainData.RawApproval> bySpender = new java.util.TreeMap<>();
        for (ChainData.RawApproval a : d.approvals()) bySpender.put(a.spender(), a);
        assertEquals(java.util.Set.of(s1, s2, s3), bySpender.keySet());
        assertEquals(new ChainData.RawApproval(usdc, s1, new BigInteger("1000000000"), "approval-log", null, usdcSupply), bySpender.get(s1),
                "a registry token's decimals are known to the caller: not read");
        assertEquals(new ChainData.RawApproval(UNLISTED, s2, Abi.UINT256_MAX, "approval-log", 9, unlistedSupply), bySpender.get(s2),
                "an unlisted token says its decimals");
        assertEquals(new ChainData.RawApproval(rseth, s3, rsethSupply.add(BigInteger.ONE), "approval-log", null, rsethSupply), bySpender.get(s3));
    }

    // ---- provider errors ----

    static final String SECRET = "https://secret.example/key123";

    @Test
    void http401And403And404AreFinalAfterOneRequest() {
        for (int status : List.of(401, 403, 404)) {
            proxy.reset(FaultProxy.Mode.STATUS);
            proxy.status = status;
            proxy.statusBody = "{\"error\":\"invalid API key for " + SECRET + "\"}";
            RpcException e = assertThrows(RpcException.class, () -> reader(proxy.url(), 1).scan(plan(false), in(5_000)));
            assertEquals(status == 404 ? RpcException.Kind.NOT_FOUND : RpcException.Kind.REFUSED, e.kind(), "HTTP " + status);
            assertEquals(1, proxy.requests.get(), "HTTP " + status + ": no retry, and not taken for a refused batch");
            assertFalse(e.getMessage().contains("secret.example"), e.getMessage());
        }
    }

    @Test
    void http429And503AreRetriedAfterTheirRetryAfter() {
        for (int status : List.of(429, 503)) {
            proxy.reset(FaultProxy.Mode.STATUS);
            proxy.status = status;
            proxy.retryAfter = "1";
            proxy.statusTimes = 1;
            ChainData d = reader(proxy.url(), 1).scan(plan(false), in(10_000));
            assertExactHoldings(d);
            assertEquals(2, proxy.requests.get(), "HTTP " + status + ": the refused batch, its retry");
            long waitedMs = (proxy.arrivals.get(1) - proxy.arrivals.get(0)) / 1_000_000;
            assertTrue(waitedMs >= 1_000, "HTTP " + status + ": retried after " + waitedMs + " ms, before the 1 s Retry-After");
        }
    }

    @Test
    void aRetryAfterBeyondTheDeadlineIsNotWaitedFor() {
        proxy.reset(FaultProxy.Mode.STATUS);
        proxy.status = 429;
        proxy.retryAfter = "30";
        RpcException e = assertThrows(RpcException.class, () -> reader(proxy.url(), 1).scan(plan(false), in(5_000)));
        assertEquals(RpcException.Kind.RATE_LIMITED, e.kind());
        assertEquals(1, proxy.requests.get(), "a retry 30 s later cannot fit in a 5 s budget");
    }

    @Test
    void providerTextNeverReachesMessagesOrProblems() {
        proxy.reset(FaultProxy.Mode.RPC_ERROR);
        proxy.errorText = "upstream " + SECRET + " failed";
        RpcException e = assertThrows(RpcException.class, () -> reader(proxy.url(), 1).scan(plan(false), in(5_000)));
        assertEquals(RpcException.Kind.RPC_ERROR, e.kind());
        assertEquals(RpcException.Kind.RPC_ERROR.plain, e.getMessage());
        assertTrue(e.providerText().contains(SECRET), "the provider did say it: kept for debug logs only");

        proxy.reset(FaultProxy.Mode.LOG_RANGE_LIMIT);
        proxy.logRangeLimit = 0;
        proxy.errorText = "range too large, see " + SECRET;
        ChainData logs = reader(proxy.url(), 1, new EvmChainReader.Limits(400, 20, 16L << 20, 2, 4)).scan(plan(true), in(10_000));
        assertFalse(logs.logsComplete());
        assertFalse(logs.problems().isEmpty());
        assertFalse(String.join("; ", logs.problems()).contains("secret.example"), logs.problems().toString());

        proxy.reset(FaultProxy.Mode.REFUSE_BATCH);
        proxy.errorText = "batches need a paid plan: " + SECRET;
        ChainData refused = reader(proxy.url(), 1).scan(plan(false), in(20_000));
        assertExactHoldings(refused);
        assertTrue(refused.problems().stream().anyMatch(p -> p.contains("refused a batch")), refused.problems().toString());
        assertFalse(String.join("; ", refused.problems()).contains("secret.example"), refused.problems().toString());
    }

    @Test
    void ensNameResolvesThroughRegistryAndResolver() {
        String resolver = "0x8888888888888888888888888888888888888888";
        byte[] node = dev.perimeter.testchain.Anvil.ensNode("perimeter-test.eth");
        anvil.placeEns(resolver, node, WALLET);
        Optional<String> a = reader(proxy.url(), 1).resolveEns("perimeter-test.eth", in(5_000));
        assertEquals(Optional.of(WALLET), a);
        assertEquals(Optional.empty(), reader(proxy.url(), 1).resolveEns("nobody-here.eth", in(5_000)));
    }
}
