package dev.perimeter.solana;

import dev.perimeter.util.Base58;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * A native stake account, decoded from its data as the Stake program lays it out (solana-program/stake@4459fcf0aad7051406d2ec55c51ddea85335f9bc,
 * interface/src/state.rs: {@code StakeStateV2} is a bincode enum, a u32 tag — 0 Uninitialized, 1 Initialized(Meta),
 * 2 Stake(Meta, Stake, StakeFlags), 3 RewardsPool — then the fields little-endian, 200 bytes in all ({@code size_of}):
 * <pre>
 *   0  u32     tag
 *   4  u64     meta.rent_exempt_reserve
 *  12  Pubkey  meta.authorized.staker       ({@link #STAKER_OFFSET}: the getProgramAccounts memcmp filter)
 *  44  Pubkey  meta.authorized.withdrawer   ({@link #WITHDRAWER_OFFSET})
 *  76  i64     meta.lockup.unix_timestamp
 *  84  u64     meta.lockup.epoch
 *  92  Pubkey  meta.lockup.custodian
 * 124  Pubkey  stake.delegation.voter_pubkey (tag 2 only)
 * 156  u64     stake.delegation.stake
 * 164  u64     stake.delegation.activation_epoch
 * 172  u64     stake.delegation.deactivation_epoch (u64::MAX while not deactivated)
 * 180  [u8;8]  reserved (formerly warmup_cooldown_rate)
 * 188  u64     stake.credits_observed
 * 196  u8      stake_flags
 * </pre>
 * @param account   the stake account's address
 * @param lamports  the account's whole balance (delegated stake plus rent reserve and anything undelegated)
 * @param state     "initialized" or "delegated"
 * @param voter     the vote account it is delegated to (null when only initialized)
 * @param delegated the delegated stake in lamports (null when only initialized)
 */
public record StakeAccount(String account, BigInteger lamports, String state, String staker, String withdrawer, String voter,
                           BigInteger delegated, BigInteger activationEpoch, BigInteger deactivationEpoch) {
    public static final int STAKER_OFFSET = 12;
    public static final int WITHDRAWER_OFFSET = 44;
    public static final int SIZE = 200;
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    public boolean deactivating() {
        return deactivationEpoch != null && !deactivationEpoch.equals(U64_MAX);
    }

    /** The account decoded; empty for a layout it is not (wrong size, tag 0 or 3, unknown tag). */
    public static Optional<StakeAccount> decode(String account, BigInteger lamports, byte[] data) {
        if (data == null || data.length != SIZE) return Optional.empty();
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int tag = b.getInt(0);
        if (tag != 1 && tag != 2) return Optional.empty();
        String staker = key(data, STAKER_OFFSET);
        String withdrawer = key(data, WITHDRAWER_OFFSET);
        if (tag == 1) return Optional.of(new StakeAccount(account, lamports, "initialized", staker, withdrawer, null, null, null, null));
        return Optional.of(new StakeAccount(account, lamports, "delegated", staker, withdrawer, key(data, 124), u64(b, 156), u64(b, 164), u64(b, 172)));
    }

    private static String key(byte[] data, int at) {
        return Base58.encode(Arrays.copyOfRange(data, at, at + 32));
    }

    private static BigInteger u64(ByteBuffer b, int at) {
        long v = b.getLong(at);
        return v >= 0 ? BigInteger.valueOf(v) : BigInteger.valueOf(v).add(BigInteger.ONE.shiftLeft(64));
    }
}
