package dev.perimeter.chain;

import dev.perimeter.testchain.Anvil;
import dev.perimeter.testchain.FaultProxy;
import dev.perimeter.web.WebApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The exploited-contract check through {@link AllowanceSweep} (eth_call with a state override) and through its
 * fallback, aggregate3 reads: every held or approved token against every exploited contract, answered the same way on
 * both paths, including an allowance set without an Approval event and tokens whose allowance() reverts or returns
 * garbage.
 */
class AllowanceSweepIT {
    static final String WALLET = "0x7777777777777777777777777777777777777701";
    /** A TestToken whose allowance to EXPLOITED_A is written straight into storage: no Approval event. */
    static final String SILENT = "0x77777777777777777777777777777777777777a1";
    /** A TestToken with an Approval event (approveFrom) to EXPLOITED_B. */
    static final String LOGGED = "0x77777777777777777777777777777777777777a2";
    static final String REVERTING = "0x77777777777777777777777777777777777777b1";
    static final String GARBAGE = "0x77777777777777777777777777777777777777b2";
    static final String GAS_BURNER = "0x77777777777777777777777777777777777777b3";
    static final String EXPLOITED_A = "0x77777777777777777777777777777777777777e1";
    static final String EXPLOITED_B = "0x77777777777777777777777777777777777777e2";
    static final BigInteger SILENT_ALLOWANCE = new BigInteger("123456789000000000000");
    static final BigInteger LOGGED_ALLOWANCE = BigInteger.valueOf(1000);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @org.junit.jupiter.api.extension.RegisterExtension
    static final dev.perimeter.testchain.ProxiedChain CHAIN = new dev.perimeter.testchain.ProxiedChain(() -> new Anvil(1));
    static Anvil anvil;
    static FaultProxy proxy;
    /** The exploited contracts: the two above among others, so the sweep has a matrix to split. */
    static final List<String> EXPLOITED = new ArrayList<>();

    @BeforeAll
    static void chain() {
        for (int i = 0; i < 9; i++) EXPLOITED.add(String.format("0x77777777777777777777777777777777777777%02x", 0xd0 + i));
        EXPLOITED.add(4, EXPLOITED_A);
        EXPLOITED.add(EXPLOITED_B);
        anvil = CHAIN.anvil();
        anvil.placeMulticall();
        anvil.placeToken(SILENT, "Silent", "SLNT", 18);
        anvil.placeToken(LOGGED, "Logged", "LOGD", 6);
        anvil.setCode(REVERTING, "RevertingAllowanceToken");
        anvil.setCode(GARBAGE, "GarbageAllowanceToken");
        anvil.setCode(GAS_BURNER, "GasBurningAllowanceToken");
        anvil.mint(SILENT, WALLET, BigInteger.TEN);
        anvil.mint(LOGGED, WALLET, BigInteger.TEN);
        anvil.approve(LOGGED, WALLET, EXPLOITED_B, LOGGED_ALLOWANCE);
        // OpenZeppelin ERC20: _allowances is slot 1, so allowance[owner][spender] is at keccak(spender . keccak(owner . 1)).
        byte[] inner = Hash.sha3(concat(word(WALLET), word("0x01")));
        String slot = Numeric.toHexString(Hash.sha3(concat(word(EXPLOITED_A), inner)));
        anvil.rpc("anvil_setStorageAt", SILENT, slot, Numeric.toHexStringWithPrefixZeroPadded(SILENT_ALLOWANCE, 64));
        anvil.mine(1);
        String call = Abi.allowance(WALLET, EXPLOITED_A);
        assertEquals(SILENT_ALLOWANCE, Abi.uint(anvil.rpc("eth_call", java.util.Map.of("to", SILENT, "data", call), "latest").asText()),
                "the allowance is in place");
        String approvalLogs = anvil.rpc("eth_getLogs", java.util.Map.of("address", SILENT, "fromBlock", "0x0", "toBlock", "latest",
                "topics", List.of(Abi.APPROVAL_TOPIC))).toString();
        assertEquals("[]", approvalLogs, "and no Approval event says so");
        proxy = CHAIN.proxy();
    }

    static byte[] word(String hex) {
        return Numeric.toBytesPadded(Numeric.toBigInt(hex), 32);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static EvmChainReader reader(int chunk) {
        return new EvmChainReader("ethereum", 1, URI.create(proxy.url()), HTTP, WebApp.objectMapper(),
                new EvmChainReader.Limits(chunk, 20, 16L << 20, 2, 48));
    }

    static ScanPlan plan(String... tokens) {
        return new ScanPlan(WALLET, List.of(tokens), EXPLOITED, true, false);
    }

    static Deadline in(long ms) {
        return Deadline.in(java.time.Duration.ofMillis(ms));
    }

    /** What every path must answer for the wallet: the logged approval, then the one without an event. */
    static void assertBothApprovals(ChainData d) {
        assertEquals(List.of(
                new ChainData.RawApproval(LOGGED, EXPLOITED_B, LOGGED_ALLOWANCE, EvmChainReader.FOUND_BY_LOG, null, BigInteger.TEN),
                new ChainData.RawApproval(SILENT, EXPLOITED_A, SILENT_ALLOWANCE, EvmChainReader.FOUND_BY_CHECK, null, BigInteger.TEN)),
                d.approvals());
        assertTrue(d.logsComplete());
    }

    @Test
    void theSweepFindsAnAllowanceSetWithoutAnApprovalEventInTheAllowanceRequest() {
        ChainData d = reader(400).scan(plan(SILENT, LOGGED, REVERTING, GARBAGE), in(20_000));
        assertBothApprovals(d);
        assertEquals(2, proxy.requests.get(), "balances and logs; then allowances, the sweep among them");
        assertEquals(1, proxy.stateOverrideCalls.get(), "4 tokens x 11 exploited contracts fit one sweep call");
        assertEquals(List.of(), d.problems());
    }

    @Test
    void revertingAndGarbageAllowancesDoNotBreakTheSweep() {
        // The broken tokens come first: the pairs after them are still read, in the same call.
        ChainData d = reader(400).scan(plan(REVERTING, GARBAGE, SILENT, LOGGED), in(20_000));
        assertEquals(2, d.approvals().size(), d.approvals().toString());
        assertEquals(SILENT_ALLOWANCE, d.approvals().stream().filter(a -> a.token().equals(SILENT)).findFirst().orElseThrow().allowance());
        assertEquals(1, proxy.stateOverrideCalls.get());
        assertEquals(2, proxy.requests.get(), "no fallback: the sweep's answer stood");
    }

    @Test
    void aSmallChunkSplitsTheSweepIntoPartsWithTheSameAnswer() {
        // chunk 4 < 11 spenders: one token against parts of at most 4 spenders (3 parts of 4, 4, 3) per token.
        ChainData d = reader(4).scan(plan(SILENT, LOGGED, REVERTING, GARBAGE), in(20_000));
        assertBothApprovals(d);
        assertEquals(4 * 3, proxy.stateOverrideCalls.get());
        assertEquals(2, proxy.requests.get());
    }

    @Test
    void aProviderRefusingTheStateOverrideGetsAggregate3ReadsWithTheSameAnswerAndIsRemembered() {
        proxy.mode = FaultProxy.Mode.NO_STATE_OVERRIDE;
        EvmChainReader reader = reader(400);
        ChainData first = reader.scan(plan(SILENT, LOGGED, REVERTING, GARBAGE), in(20_000));
        assertBothApprovals(first);
        assertEquals(3, proxy.requests.get(), "balances and logs; allowances with the refused sweep; the same pairs through aggregate3");
        assertEquals(1, proxy.stateOverrideCalls.get());
        assertEquals(List.of(), first.problems(), "a refused sweep is not a problem of the scan: its pairs were read");

        proxy.reset(FaultProxy.Mode.NO_STATE_OVERRIDE);
        ChainData second = reader.scan(plan(SILENT, LOGGED, REVERTING, GARBAGE), in(20_000));
        assertBothApprovals(second);
        assertEquals(0, proxy.stateOverrideCalls.get(), "the endpoint's refusal is remembered");
        assertEquals(2, proxy.requests.get(), "the check's aggregate3 reads travel in the allowance request");
    }

    @Test
    void aProviderIgnoringTheStateOverrideIsNoticedByTheEmptyAnswer() {
        proxy.mode = FaultProxy.Mode.IGNORE_STATE_OVERRIDE;
        EvmChainReader reader = reader(400);
        assertBothApprovals(reader.scan(plan(SILENT, LOGGED, REVERTING, GARBAGE), in(20_000)));
        assertEquals(3, proxy.requests.get(), "the sweep ran at an address without code and answered \"0x\": read again through aggregate3");
        proxy.reset(FaultProxy.Mode.PASS);
        assertBothApprovals(reader.scan(plan(SILENT, LOGGED, REVERTING, GARBAGE), in(20_000)));
        assertEquals(0, proxy.stateOverrideCalls.get(), "remembered");
    }

    @Test
    void bothPathsGiveTheSameAnswerForEveryChunkSize() {
        for (int chunk : new int[] {1, 3, 11, 400}) {
            proxy.reset(FaultProxy.Mode.PASS);
            ChainData sweep = reader(chunk).scan(plan(REVERTING, SILENT, GARBAGE, LOGGED), in(30_000));
            assertTrue(proxy.stateOverrideCalls.get() > 0);
            proxy.reset(FaultProxy.Mode.NO_STATE_OVERRIDE);
            EvmChainReader refused = reader(chunk);
            refused.scan(plan(REVERTING, SILENT, GARBAGE, LOGGED), in(30_000)); // learns the refusal
            ChainData aggregate = refused.scan(plan(REVERTING, SILENT, GARBAGE, LOGGED), in(30_000));
            assertEquals(2, aggregate.approvals().size(), "chunk " + chunk);
            assertEquals(aggregate.approvals(), sweep.approvals(), "chunk " + chunk);
            assertEquals(aggregate.block(), sweep.block());
        }
    }

    @Test
    void aTokenEatingTheGasMakesTheSweepFailForThatScanOnlyAndNoPairIsLost() {
        EvmChainReader reader = reader(400);
        ChainData d = reader.scan(plan(GAS_BURNER, SILENT, LOGGED), in(30_000));
        // The sweep reverted rather than skip the pairs after the gas burner; the check went to aggregate3, whose chunk ran
        // out of gas too, and then to one eth_call per read.
        assertEquals(4, proxy.requests.get());
        assertEquals(SILENT_ALLOWANCE, d.approvals().stream().filter(a -> a.token().equals(SILENT)).findFirst().orElseThrow().allowance());
        proxy.reset(FaultProxy.Mode.PASS);
        assertBothApprovals(reader.scan(plan(SILENT, LOGGED), in(20_000)));
        assertEquals(1, proxy.stateOverrideCalls.get(), "an execution failure is not remembered as a refusal");
        assertEquals(2, proxy.requests.get());
    }
}
