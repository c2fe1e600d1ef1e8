package dev.perimeter.solana;

import dev.perimeter.util.Base58;

import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;
import dev.perimeter.util.SolanaAddress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;

/**
 * The stake pools of the liquid-staking tokens whose pool account a scan reads (the accounts ride in the scan's one
 * getMultipleAccounts call), and the decoding of the pool account's authorities.
 * <p>
 * Pools and their programs (data/tokens/solana-stake-pools.csv, each row with its source): igneous-labs/sanctum-lst-list@8b33c8c39e68e7f2485cf384a48f943247b671ed:sanctum-lst-list.toml
 * ({@code [sanctum_lst_list.pool]} of each mint: {@code program}, {@code pool}), the same source as the rows
 * jito-stake-pool, blazestake-stake-pool and jupiter-stake-pool of data/infrastructure/infrastructure.csv. Program ids:
 * the same commit's rust/sanctum-lst-list/src/programs.rs ({@code spl_stake_pool_program},
 * {@code sanctum_spl_multi_stake_pool_program}).
 * <p>
 * Layout: solana-labs/solana-program-library@024a814544e1b75475246bd77a647a31daaaa8d2:stake-pool/program/src/state.rs,
 * {@code struct StakePool} (Borsh): {@code account_type: AccountType} (a one-byte enum: 0 Uninitialized, 1 StakePool,
 * 2 ValidatorList), then {@code manager: Pubkey} (offset 1), {@code staker: Pubkey} (offset 33),
 * {@code stake_deposit_authority: Pubkey} (offset 65), ... Pools of Sanctum's multi-validator program are read with the same
 * decoder (the row sanctum-spl-multi-stake-pool: "per-pool manager and staker authorities as in the SPL program"); an
 * account that does not decode is "not read", never guessed.
 */
public final class StakePools {
    public static final String SPL_PROGRAM = "SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy";
    public static final String SANCTUM_SPL_MULTI_PROGRAM = "SPMBzsVUuoHA4Jm6KunbsotaahvVikZs1JyTW6iJvbn";
    static final int ACCOUNT_TYPE_STAKE_POOL = 1;
    static final int MANAGER_OFFSET = 1;
    static final int STAKER_OFFSET = 33;
    /** Through stake_deposit_authority: the shortest data that holds the fields read. */
    static final int MIN_SIZE = 97;

    /** One LST's pool: its mint, the pool account, the program that owns the pool account. */
    public record Pool(String mint, String address, String program) {}

    /** The pool's authorities as read from its account. */
    public record Authorities(String manager, String staker) {}

    /** The pools a scan reads, one row per LST mint with its source. */
    public static final String FILE = "tokens/solana-stake-pools.csv";
    private static final StakePools NONE = new StakePools(List.of());

    private final List<Pool> pools;

    public StakePools(List<Pool> pools) {
        this.pools = List.copyOf(pools);
    }

    /**
     * The pools of {@link #FILE}: each row's mint and pool are base58 addresses, its program one of the two stake-pool
     * programs this decoder reads, and it names its source; a row that breaks this stops the load with its line.
     */
    public static StakePools load(DataFiles files) {
        List<Pool> out = new ArrayList<>();
        Set<String> mints = new HashSet<>();
        for (Csv.Row r : Csv.read(files.read(FILE), FILE, List.of("mint", "symbol", "pool", "program", "source"))) {
            String where = FILE + ": line " + r.line() + ": ";
            if (!SolanaAddress.isValid(r.get("mint")) || !SolanaAddress.isValid(r.get("pool"))) {
                throw new Csv.CsvException(where + "mint and pool must be base58 Solana addresses", null);
            }
            if (!SPL_PROGRAM.equals(r.get("program")) && !SANCTUM_SPL_MULTI_PROGRAM.equals(r.get("program"))) {
                throw new Csv.CsvException(where + "program must be the SPL stake-pool program or Sanctum's multi-validator one", null);
            }
            if (r.get("source").isEmpty()) throw new Csv.CsvException(where + "a source is required", null);
            if (!mints.add(r.get("mint"))) throw new Csv.CsvException(where + "the mint has a pool already", null);
            out.add(new Pool(r.get("mint"), r.get("pool"), r.get("program")));
        }
        return new StakePools(out);
    }

    /** No pool accounts read. */
    public static StakePools none() {
        return NONE;
    }

    public List<Pool> pools() {
        return pools;
    }

    public List<String> accounts() {
        return pools.stream().map(Pool::address).toList();
    }

    public Optional<Pool> forMint(String mint) {
        return pools.stream().filter(p -> p.mint().equals(mint)).findFirst();
    }

    /**
     * The manager and staker of a pool account: empty when the account is not owned by the pool's program, is not a
     * StakePool (account_type 1) or is too short.
     */
    public static Optional<Authorities> decode(Pool pool, String owner, byte[] data) {
        if (owner == null || data == null || !pool.program().equals(owner) || data.length < MIN_SIZE
                || (data[0] & 0xff) != ACCOUNT_TYPE_STAKE_POOL) {
            return Optional.empty();
        }
        return Optional.of(new Authorities(Base58.encode(Arrays.copyOfRange(data, MANAGER_OFFSET, MANAGER_OFFSET + 32)),
                Base58.encode(Arrays.copyOfRange(data, STAKER_OFFSET, STAKER_OFFSET + 32))));
    }
}
