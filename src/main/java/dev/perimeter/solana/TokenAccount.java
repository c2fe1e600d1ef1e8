package dev.perimeter.solana;

import java.math.BigInteger;

/**
 * One SPL token account of the wallet, as the endpoint's jsonParsed answer gives it (the Token program's account layout:
 * mint, owner, amount, delegate, state, isNative, delegatedAmount, closeAuthority — npm {@code @solana-program/token@0.16.1}
 * {@code getTokenDecoder}; the answer's shape: solana.com/docs/rpc/http/gettokenaccountsbyowner).
 * @param program         {@link SolanaPrograms#TOKEN} or {@link SolanaPrograms#TOKEN_2022}
 * @param delegate        who may move up to delegatedAmount of it without the owner (Solana's approval); null when none
 * @param delegatedAmount raw units, null when there is no delegate
 * @param state           "initialized" or "frozen"
 */
public record TokenAccount(String account, String program, String mint, BigInteger amount, int decimals, String delegate,
                           BigInteger delegatedAmount, String state) {
}
