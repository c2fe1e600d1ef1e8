package dev.perimeter.solana;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perimeter.chain.Deadline;
import dev.perimeter.chain.RpcException;
import dev.perimeter.testchain.LocalSolana;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reader against the local litesvm RPC (tools/solana/rpc.mjs): real Token, Token-2022 and Stake programs. Mints are
 * real mainnet mints: JitoSOL (J1toso1…, 9 decimals) and DRIFT (DriFtup…, 6) from jup-ag/token-list@9e0ce971
 * validated-tokens.csv; PYUSD (2b1kV6…, 6), a Token-2022 mint (developer.paypal.com/community/blog/pyusd-solana-token-extensions).
 * The vote account is one of sanctum-lst-list@8b33c8c3's pool validators.
 */
class SolanaRpcReaderIT {
    static final String JITOSOL = "J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn";
    static final String DRIFT = "DriFtupJYLTosbwoN8koMbEYSx54aFAVLddWsbksjwg7";
    static final String PYUSD = "2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo";
    static final String VOTE = "Ettghfhr2kQerqAyGUuifFtBX17QecRe2gwpUZTAbZuw";
    static final String DELEGATE = "HkGz4KmoZ7Zmk7HN6ndJ31UJ1qZ2qgwQxgVqQwovpZES";

    static LocalSolana rpc;

    static Map<String, Object> scenario(Map<String, Object> extra) {
        Map<String, Object> s = new java.util.LinkedHashMap<>(Map.of(
                "mints", List.of(Map.of("address", JITOSOL, "decimals", 9), Map.of("address", DRIFT, "decimals", 6),
                        Map.of("address", PYUSD, "decimals", 6, "program", "token-2022")),
                "wallets", List.of(Map.of("name", "main", "sol", "1500000000",
                        "tokens", List.of(Map.of("mint", JITOSOL, "amount", "2000000000"),
                                Map.of("mint", DRIFT, "amount", "5000000", "delegate", DELEGATE, "delegatedAmount", "1000000"),
                                Map.of("mint", PYUSD, "amount", "7")),
                        "stakes", List.of(Map.of("state", "initialized", "lamports", "3000000000"),
                                Map.of("state", "delegated", "lamports", "5000000000", "voter", VOTE, "stake", "4997717120"))))));
        s.putAll(extra);
        return s;
    }

    @BeforeAll
    static void start() {
        rpc = new LocalSolana(scenario(Map.of()));
    }

    @AfterAll
    static void stop() {
        if (rpc != null) rpc.close();
    }

    static SolanaRpcReader reader(LocalSolana r) {
        return new SolanaRpcReader(URI.create(r.url()), HttpClient.newHttpClient(), new ObjectMapper());
    }

    @Test
    void readsEverythingInOneRequestAtOneSlot() {
        rpc.resetStats();
        String w = rpc.wallet("main");
        SolanaData d = reader(rpc).read(w, Deadline.in(Duration.ofSeconds(10)));
        assertEquals(List.of(), d.problems());
        assertEquals(rpc.slot(), d.slot());
        assertEquals(new BigInteger("1500000000"), d.lamports());
        assertEquals(1, d.httpRequests());
        assertEquals(5, d.rpcCalls());
        assertEquals(1, rpc.stats().path("httpRequests").asInt(), "the endpoint saw one HTTP request");
        TokenAccount jito = d.tokenAccounts().stream().filter(t -> t.mint().equals(JITOSOL)).findFirst().orElseThrow();
        assertEquals(new BigInteger("2000000000"), jito.amount());
        assertEquals(9, jito.decimals());
        assertNull(jito.delegate());
        assertEquals(rpc.account("main:" + JITOSOL), jito.account());
        TokenAccount drift = d.tokenAccounts().stream().filter(t -> t.mint().equals(DRIFT)).findFirst().orElseThrow();
        assertEquals(DELEGATE, drift.delegate(), "Approve set the delegate");
        assertEquals(new BigInteger("1000000"), drift.delegatedAmount());
        TokenAccount pyusd = d.tokenAccounts().stream().filter(t -> t.mint().equals(PYUSD)).findFirst().orElseThrow();
        assertEquals(SolanaPrograms.TOKEN_2022, pyusd.program());
        assertEquals(BigInteger.valueOf(7), pyusd.amount());
        assertEquals(2, d.stakes().size(), "found by staker and by withdrawer, listed once each");
        StakeAccount delegated = d.stakes().stream().filter(s -> s.state().equals("delegated")).findFirst().orElseThrow();
        assertEquals(VOTE, delegated.voter());
        assertEquals(new BigInteger("4997717120"), delegated.delegated());
        StakeAccount initialized = d.stakes().stream().filter(s -> s.state().equals("initialized")).findFirst().orElseThrow();
        assertEquals(new BigInteger("3000000000"), initialized.lamports());
        assertEquals(w, initialized.withdrawer(), "the Stake program's Initialize wrote the wallet as withdrawer");
    }

    @Test
    void refusedProgramAccountsIsPartialAndKeepsBalances() {
        try (LocalSolana r = new LocalSolana(scenario(Map.of("refuse", List.of("getProgramAccounts"))))) {
            SolanaData d = reader(r).read(r.wallet("main"), Deadline.in(Duration.ofSeconds(10)));
            assertEquals(List.of("the RPC endpoint refused getProgramAccounts: stake accounts were not read"), d.problems());
            assertEquals(new BigInteger("1500000000"), d.lamports());
            assertEquals(3, d.tokenAccounts().size());
            assertTrue(d.stakes().isEmpty());
        }
    }

    @Test
    void malformedAnswersAreNamedAndSkewedSlotsReadAgain() {
        try (LocalSolana r = new LocalSolana(scenario(Map.of("malformed", List.of("getTokenAccountsByOwner"), "slotSkew", Map.of("getBalance", 1))))) {
            SolanaData d = reader(r).read(r.wallet("main"), Deadline.in(Duration.ofSeconds(10)));
            assertEquals(2, d.httpRequests(), "the skewed slot made the reader ask again with minContextSlot");
            assertEquals(r.slot() + 1, d.slot());
            assertTrue(d.problems().contains("the RPC endpoint's answer to getTokenAccountsByOwner (Token program) is not in the documented shape: the wallet's Token program accounts were not read"), d.problems().toString());
            assertEquals(new BigInteger("1500000000"), d.lamports());
            assertEquals(2, d.stakes().size());
        }
    }

    @Test
    void stakePoolAccountsRideInTheSameCallAndTheirFailureOnlyLosesThePools() {
        String jitoPool = StakePools.load(dev.perimeter.util.DataFiles.bundled()).forMint(JITOSOL).orElseThrow().address();
        try (LocalSolana r = new LocalSolana(scenario(Map.of("stakePools", List.of(Map.of("address", jitoPool)))))) {
            SolanaRpcReader pools = new SolanaRpcReader(URI.create(r.url()), HttpClient.newHttpClient(), new ObjectMapper(), PythFeeds.none(),
                    StakePools.load(dev.perimeter.util.DataFiles.bundled()));
            r.resetStats();
            SolanaData d = pools.read(r.wallet("main"), Deadline.in(Duration.ofSeconds(10)));
            assertEquals(List.of(), d.problems());
            assertEquals(1, d.httpRequests());
            assertEquals(1, r.stats().path("httpRequests").asInt());
            assertEquals(6, d.rpcCalls(), "getMultipleAccounts of the pool accounts is the sixth call of the one batch");
            SolanaRpcReader.RawAccount pool = d.accounts().get(jitoPool);
            assertNotNull(pool, d.accounts().keySet().toString());
            StakePools.Authorities a = StakePools.decode(StakePools.load(dev.perimeter.util.DataFiles.bundled()).forMint(JITOSOL).orElseThrow(), pool.owner(), pool.data()).orElseThrow();
            assertEquals(r.account("pool:" + jitoPool + ":manager"), a.manager());
            assertEquals(r.account("pool:" + jitoPool + ":staker"), a.staker());
            assertFalse(d.accounts().containsKey("stk9ApL5HeVAwPLr3TLhDXdZS8ptVu7zp6ov8HFDuMi"), "no account there: absent, not guessed");
        }
        try (LocalSolana r = new LocalSolana(scenario(Map.of("refuse", List.of("getMultipleAccounts"))))) {
            SolanaData bad = new SolanaRpcReader(URI.create(r.url()), HttpClient.newHttpClient(), new ObjectMapper(), PythFeeds.none(),
                    StakePools.load(dev.perimeter.util.DataFiles.bundled())).read(r.wallet("main"), Deadline.in(Duration.ofSeconds(10)));
            assertEquals(List.of("the RPC endpoint refused getMultipleAccounts: the stake pool accounts were not read, so no stake pool's manager"
                    + " or staker is known"), bad.problems());
            assertEquals(new BigInteger("1500000000"), bad.lamports(), "balances kept");
            assertEquals(3, bad.tokenAccounts().size());
        }
    }

    @Test
    void priceAccountsRideInTheBatchAndTheirFailureOnlyLosesThePrices() {
        PythFeeds pyth = PythFeeds.load(dev.perimeter.util.DataFiles.bundled());
        SolanaRpcReader priced = new SolanaRpcReader(URI.create(rpc.url()), HttpClient.newHttpClient(), new ObjectMapper(), pyth);
        rpc.resetStats();
        SolanaData d = priced.read(rpc.wallet("main"), Deadline.in(Duration.ofSeconds(10)));
        assertEquals(List.of(), d.problems());
        assertEquals(1, d.httpRequests());
        assertEquals(6, d.rpcCalls(), "getMultipleAccounts of the clock and the price accounts is the sixth call of the one batch");
        assertEquals(1, rpc.stats().path("calls").path("getMultipleAccounts").asInt());
        assertTrue(d.clockUnix() != null && d.accounts().containsKey(PythFeeds.CLOCK), "the Clock sysvar was read");
        for (String method : List.of("malformed", "refuse")) {
            try (LocalSolana r = new LocalSolana(scenario(Map.of(method, List.of("getMultipleAccounts"))))) {
                SolanaData bad = new SolanaRpcReader(URI.create(r.url()), HttpClient.newHttpClient(), new ObjectMapper(), pyth)
                        .read(r.wallet("main"), Deadline.in(Duration.ofSeconds(10)));
                String sentence = method.equals("refuse")
                        ? "the RPC endpoint refused getMultipleAccounts: the Pyth price accounts and the clock were not read, so nothing is priced"
                        : "the RPC endpoint's answer to getMultipleAccounts is not in the documented shape: the Pyth price accounts and the clock were not read, so nothing is priced";
                assertEquals(List.of(sentence), bad.problems());
                assertNull(bad.clockUnix());
                assertEquals(new BigInteger("1500000000"), bad.lamports(), "balances kept");
                assertEquals(3, bad.tokenAccounts().size());
                assertEquals(2, bad.stakes().size());
            }
        }
    }

    @Test
    void everyMethodRefusedFailsTheChain() {
        try (LocalSolana r = new LocalSolana(scenario(Map.of("refuse", List.of("getBalance", "getTokenAccountsByOwner", "getProgramAccounts"))))) {
            RpcException e = assertThrows(RpcException.class, () -> reader(r).read(r.wallet("main"), Deadline.in(Duration.ofSeconds(10))));
            assertEquals(RpcException.Kind.RPC_ERROR, e.kind());
        }
    }

    @Test
    void anEndpointWithoutBatchesGetsTheCallsOneByOne() {
        try (LocalSolana r = new LocalSolana(scenario(Map.of("noBatch", true)))) {
            SolanaData d = reader(r).read(r.wallet("main"), Deadline.in(Duration.ofSeconds(10)));
            assertEquals(List.of(), d.problems());
            assertEquals(3, d.tokenAccounts().size());
            assertEquals(6, d.httpRequests(), "the refused batch and then five single calls");
        }
    }
}
