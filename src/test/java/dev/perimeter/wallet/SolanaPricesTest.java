package dev.perimeter.wallet;

import dev.perimeter.position.Holding;
import dev.perimeter.solana.PythFeeds;
import dev.perimeter.solana.PythFeedsTest;
import dev.perimeter.solana.SolanaPrograms;
import dev.perimeter.token.PriceBook;
import dev.perimeter.token.Token;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Solana holding's price verdict from a Pyth reading, as PriceBook's on EVM (fresh within the heartbeat, else unpriced with the reason). */
class SolanaPricesTest {
    static final byte[] SOL_FEED = PythFeedsTest.SOL_FEED;
    static final PythFeeds.Feed FEED = new PythFeeds.Feed(SolanaPrograms.NATIVE_MINT, "SOL", "SOL/USD",
            "7UVimffxr9ow1uXYxsr4LHAcV58mLzhmwaeKvJ1pjLiE", SOL_FEED, 60, "test");

    static Holding sol(String lamports) {
        return Holding.of(Token.nativeCoin("solana", "SOL", "Solana", 9), new BigInteger(lamports));
    }

    static PythFeeds.Reading reading(long price, long publishTime) {
        return PythFeeds.decode(PythFeeds.RECEIVER, PythFeedsTest.update(SOL_FEED, price, -8, publishTime, -1), SOL_FEED);
    }

    @Test
    void aFreshFullyVerifiedUpdatePricesTheHolding() {
        PriceBook.Valuation v = SolanaChainScan.value(sol("2000000000"), FEED, reading(15_025_000_000L, 1_000), 1_060L, 7L);
        assertEquals("300.50", v.usd().toPlainString(), "2 SOL × 150.25");
        assertTrue(v.source().contains("published 60 s before the slot's clock"), v.source());
        assertTrue(v.source().contains("native SOL priced with Pyth's SOL/USD feed"), v.source());
    }

    @Test
    void olderThanTheHeartbeatIsStaleAndAnUnreadClockIsSaid() {
        PythFeeds.Reading r = reading(15_000_000_000L, 1_000);
        assertEquals(PriceBook.STALE, SolanaChainScan.value(sol("1"), FEED, r, 1_061L, 7L).unpricedReason());
        assertEquals(PriceBook.AGE_UNKNOWN, SolanaChainScan.value(sol("1"), FEED, r, null, 7L).unpricedReason());
        assertEquals(PriceBook.STALE, SolanaChainScan.value(sol("1"), FEED, reading(0, 1_000), 1_000L, 7L).unpricedReason());
        assertEquals(PriceBook.UNREADABLE, SolanaChainScan.value(sol("1"), FEED, null, 1_000L, 7L).unpricedReason(), "no account there");
        PythFeeds.Reading partial = PythFeeds.decode(PythFeeds.RECEIVER, PythFeedsTest.update(SOL_FEED, 1, -8, 1_000, 5), SOL_FEED);
        assertTrue(SolanaChainScan.value(sol("1"), FEED, partial, 1_000L, 7L).unpricedReason().contains("partially verified"));
    }
}
