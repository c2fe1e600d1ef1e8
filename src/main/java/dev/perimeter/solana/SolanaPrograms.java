package dev.perimeter.solana;

/**
 * The program ids a Solana scan reads, each with where it was read.
 * <ul>
 *   <li>Token: npm {@code @solana-program/token@0.16.1} ({@code TOKEN_PROGRAM_ADDRESS}), the program's own JS client.</li>
 *   <li>Token-2022: the {@code token_program} column of igneous-labs/sanctum-lst-list@8b33c8c3:sanctum-lst-list.toml (its
 *       Token-2022 mints) and the Token Extensions docs (solana.com/developers/courses/token-extensions).</li>
 *   <li>Stake: solana-program/stake@4459fcf0:interface/src/lib.rs ({@code declare_id!}).</li>
 *   <li>Native mint (wrapped SOL): jup-ag/token-list@9e0ce971:validated-tokens.csv ("Wrapped SOL").</li>
 * </ul>
 */
public final class SolanaPrograms {
    public static final String TOKEN = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
    public static final String TOKEN_2022 = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb";
    public static final String STAKE = "Stake11111111111111111111111111111111111111";
    public static final String NATIVE_MINT = "So11111111111111111111111111111111111111112";
    /** Lamports per SOL: SOL has 9 decimals. */
    public static final int SOL_DECIMALS = 9;

    private SolanaPrograms() {}
}
