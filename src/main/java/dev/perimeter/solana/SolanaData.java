package dev.perimeter.solana;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * What a Solana endpoint said about one wallet, at one slot, in plain Java types.
 * @param slot          the slot every answer was read at (the context slot they share)
 * @param lamports      native SOL balance; null when it could not be read
 * @param tokenAccounts the wallet's token accounts of both token programs (empty ones too: a delegate on an empty account
 *                      still matters once tokens arrive)
 * @param stakes        stake accounts whose staker or withdrawer is the wallet
 * @param problems      plain sentences of Perimeter's own (never provider text): what was incomplete
 * @param clockUnix     the Clock sysvar's unix_timestamp at the slot, or null when not read
 * @param accounts      the accounts getMultipleAccounts answered (Pyth price accounts, the clock), by address; an account
 *                      absent here was not there or not readable
 */
public record SolanaData(long slot, BigInteger lamports, List<TokenAccount> tokenAccounts, List<StakeAccount> stakes,
                         List<String> problems, long httpRequests, long rpcCalls, Long clockUnix,
                         Map<String, SolanaRpcReader.RawAccount> accounts) {
    public SolanaData {
        tokenAccounts = List.copyOf(tokenAccounts);
        stakes = List.copyOf(stakes);
        problems = List.copyOf(problems);
        accounts = Map.copyOf(accounts);
    }

    public SolanaData(long slot, BigInteger lamports, List<TokenAccount> tokenAccounts, List<StakeAccount> stakes,
                      List<String> problems, long httpRequests, long rpcCalls) {
        this(slot, lamports, tokenAccounts, stakes, problems, httpRequests, rpcCalls, null, Map.of());
    }
}
