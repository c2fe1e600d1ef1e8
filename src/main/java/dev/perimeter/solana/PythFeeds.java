package dev.perimeter.solana;

import dev.perimeter.util.Csv;
import dev.perimeter.util.SolanaAddress;
import dev.perimeter.util.DataFiles;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Solana prices from Pyth's sponsored price feed accounts ({@value #FILE}: the account Pyth's own documentation lists for each
 * feed, and the mint it prices), read in the scan's one batch by {@code getMultipleAccounts} beside the Clock sysvar.
 * <p>
 * Layouts, as their owners publish them:
 * <ul>
 *   <li>PriceUpdateV2 (pyth-network/pyth-crosschain@4f7d3c53:target_chains/solana/pyth_solana_receiver_sdk/src/price_update.rs,
 *       Anchor/Borsh): 8-byte discriminator ({@code sha256("account:PriceUpdateV2")[0..8]}), write_authority (32),
 *       verification_level (enum: 0 = Partial followed by num_signatures u8, 1 = Full), then PriceFeedMessage
 *       (pythnet_sdk messages.rs @ 4ce1b757: feed_id [32], price i64, conf u64, exponent i32, publish_time i64,
 *       prev_publish_time i64, ema_price i64, ema_conf u64), then posted_slot u64; little-endian. The account must be owned
 *       by the Pyth Solana Receiver ({@value #RECEIVER}, declare_id! of its SDK's lib.rs @ a6f20dba), whose README says to
 *       check it.</li>
 *   <li>Clock sysvar ({@value #CLOCK}; npm {@code @solana/sysvars@8.4.0} getSysvarClockDecoder): slot u64,
 *       epoch_start_timestamp i64, epoch u64, leader_schedule_epoch u64, unix_timestamp i64.</li>
 * </ul>
 * A reading is usable only when its account is the receiver's, holds the feed id listed for it and is fully verified (two
 * thirds of the Wormhole guardians); {@code wallet.SolanaChainScan} prices a holding with it, as on EVM, when its price is
 * positive and its publish time is no older than the feed's heartbeat at the slot's clock.
 */
public final class PythFeeds {
    public static final String FILE = "prices/solana-pyth.csv";
    public static final String RECEIVER = "rec5EKMGg6MxZYaMdyBfgwp4d5rB9T1VQH5pJv5LtFJ";
    public static final String CLOCK = "SysvarC1ock11111111111111111111111111111111";
    private static final byte[] DISCRIMINATOR = discriminator("PriceUpdateV2");
    public static final String PARTIAL = "the Pyth price update is only partially verified";
    public static final String OTHER_FEED = "the Pyth price account holds another feed";
    public static final String NOT_RECEIVER = "the Pyth price account is not owned by the Pyth receiver program";
    /** The account is not a PriceUpdateV2 (another discriminator, too short, an unknown verification level or exponent). */
    public static final String NOT_AN_UPDATE = "price feed could not be read";

    /** One row of {@value #FILE}. */
    public record Feed(String mint, String symbol, String name, String account, byte[] feedId, long heartbeatSeconds, String source) {}

    /** What one price account said: price × 10^exponent, published at publishTime (s), or why it cannot be used. */
    public record Reading(BigInteger price, int exponent, long publishTime, String problem) {
        static Reading bad(String why) {
            return new Reading(null, 0, 0, why);
        }
    }

    private final Map<String, Feed> byMint;

    public PythFeeds(List<Feed> feeds) {
        Map<String, Feed> m = new LinkedHashMap<>();
        for (Feed f : feeds) m.put(f.mint(), f);
        this.byMint = Map.copyOf(m);
    }

    public static PythFeeds none() {
        return new PythFeeds(List.of());
    }

    public static PythFeeds load(DataFiles files) {
        List<Feed> out = new ArrayList<>();
        for (Csv.Row r : Csv.read(files.read(FILE), FILE, List.of("mint", "symbol", "feed", "account", "feed_id", "heartbeat_seconds", "source"))) {
            String where = FILE + ": line " + r.line() + ": ";
            if (!SolanaAddress.isValid(r.get("mint")) || !SolanaAddress.isValid(r.get("account"))) {
                throw new Csv.CsvException(where + "mint and account must be base58 Solana addresses", null);
            }
            if (!r.get("feed_id").matches("[0-9a-f]{64}")) throw new Csv.CsvException(where + "feed_id must be 64 lowercase hex", null);
            if (r.get("source").isEmpty()) throw new Csv.CsvException(where + "a source is required", null);
            long heartbeat;
            try {
                heartbeat = Long.parseLong(r.get("heartbeat_seconds"));
            } catch (NumberFormatException e) {
                throw new Csv.CsvException(where + "heartbeat_seconds is not a whole number", e);
            }
            if (heartbeat <= 0) throw new Csv.CsvException(where + "heartbeat_seconds must be positive", null);
            out.add(new Feed(r.get("mint"), r.get("symbol"), r.get("feed"), r.get("account"), HexFormat.of().parseHex(r.get("feed_id")),
                    heartbeat, r.get("source")));
        }
        return new PythFeeds(out);
    }

    /** The accounts read in the batch: the Clock sysvar first, then every feed's price account. */
    public List<String> accounts() {
        List<String> out = new ArrayList<>();
        out.add(CLOCK);
        byMint.values().stream().map(Feed::account).distinct().forEach(out::add);
        return out;
    }

    public boolean isEmpty() {
        return byMint.isEmpty();
    }

    /** The feed of a mint (native SOL is priced with wrapped SOL's: {@link SolanaPrograms#NATIVE_MINT}). */
    public Optional<Feed> feed(String mint) {
        return Optional.ofNullable(byMint.get(mint));
    }

    /** unix_timestamp of a Clock sysvar account's data, or null when it is not that layout. */
    public static Long clockUnix(byte[] data) {
        if (data == null || data.length < 40) return null;
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getLong(32);
    }

    /** Decodes a PriceUpdateV2 account for the expected feed. */
    public static Reading decode(String owner, byte[] data, byte[] expectedFeed) {
        if (!RECEIVER.equals(owner)) return Reading.bad(NOT_RECEIVER);
        if (data == null || data.length < 8 + 32 + 1 + 84 || !Arrays.equals(Arrays.copyOf(data, 8), DISCRIMINATOR)) {
            return Reading.bad(NOT_AN_UPDATE);
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int at = 8 + 32;
        int level = data[at] & 0xff;
        if (level == 0) return Reading.bad(PARTIAL + " (" + (data[at + 1] & 0xff) + " guardian signatures checked)");
        if (level != 1) return Reading.bad(NOT_AN_UPDATE);
        at += 1;
        if (data.length < at + 84) return Reading.bad(NOT_AN_UPDATE);
        if (!Arrays.equals(Arrays.copyOfRange(data, at, at + 32), expectedFeed)) return Reading.bad(OTHER_FEED);
        long price = b.getLong(at + 32);
        int exponent = b.getInt(at + 48);
        long publishTime = b.getLong(at + 52);
        if (exponent < -30 || exponent > 30) return Reading.bad(NOT_AN_UPDATE);
        return new Reading(BigInteger.valueOf(price), exponent, publishTime, null);
    }

    public static byte[] discriminator(String account) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(("account:" + account).getBytes(StandardCharsets.UTF_8)), 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
