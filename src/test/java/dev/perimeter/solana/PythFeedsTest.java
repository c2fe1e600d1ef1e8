package dev.perimeter.solana;

import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PriceUpdateV2 decoding and the price verdict, on bytes laid out as pyth_solana_receiver_sdk's price_update.rs defines them. */
public class PythFeedsTest {
    public static final byte[] SOL_FEED = HexFormat.of().parseHex("ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d");
    /** A PriceUpdateV2 account: Full verification (partial < 0) or Partial with that many signatures. */
    public static byte[] update(byte[] feed, long price, int exponent, long publishTime, int partial) {
        ByteBuffer b = ByteBuffer.allocate(134).order(ByteOrder.LITTLE_ENDIAN);
        b.put(PythFeeds.discriminator("PriceUpdateV2"));
        b.put(new byte[32]);
        if (partial >= 0) b.put((byte) 0).put((byte) partial);
        else b.put((byte) 1);
        b.put(feed).putLong(price).putLong(1_000L).putInt(exponent).putLong(publishTime).putLong(publishTime - 1).putLong(price).putLong(1_000L);
        b.putLong(250_000_000L);
        return b.array();
    }

    @Test
    void partialVerificationAnotherFeedAnotherOwnerOrAnotherLayoutAreRefused() {
        assertTrue(PythFeeds.decode(PythFeeds.RECEIVER, update(SOL_FEED, 1, -8, 1, 5), SOL_FEED).problem().contains("partially verified (5 guardian"));
        byte[] other = HexFormat.of().parseHex("eaa020c61cc479712813461ce153894a96a6c00b21ed0cfc2798d1f9a9e9c94a");
        assertEquals(PythFeeds.OTHER_FEED, PythFeeds.decode(PythFeeds.RECEIVER, update(other, 1, -8, 1, -1), SOL_FEED).problem());
        assertEquals(PythFeeds.NOT_RECEIVER, PythFeeds.decode(SolanaPrograms.TOKEN, update(SOL_FEED, 1, -8, 1, -1), SOL_FEED).problem());
        byte[] wrong = update(SOL_FEED, 1, -8, 1, -1);
        wrong[0] ^= 1;
        assertEquals(PythFeeds.NOT_AN_UPDATE, PythFeeds.decode(PythFeeds.RECEIVER, wrong, SOL_FEED).problem(), "another account type");
        assertEquals(PythFeeds.NOT_AN_UPDATE, PythFeeds.decode(PythFeeds.RECEIVER, new byte[20], SOL_FEED).problem());
    }

    @Test
    void theClockSysvarsUnixTimestampIsAtOffset32() {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(250_000_000L).putLong(1_700_000_000L).putLong(578L).putLong(579L).putLong(1_765_000_123L);
        assertEquals(1_765_000_123L, PythFeeds.clockUnix(b.array()));
        assertNull(PythFeeds.clockUnix(new byte[39]));
    }

    @Test
    void theShippedFeedsLoadWithTheClockFirst() {
        PythFeeds f = PythFeeds.load(DataFiles.bundled());
        assertEquals(PythFeeds.CLOCK, f.accounts().get(0));
        assertEquals(11, f.accounts().size(), "the clock and ten price accounts");
        assertEquals("7UVimffxr9ow1uXYxsr4LHAcV58mLzhmwaeKvJ1pjLiE", f.feed(SolanaPrograms.NATIVE_MINT).orElseThrow().account());
    }
}
