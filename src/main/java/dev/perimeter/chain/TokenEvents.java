package dev.perimeter.chain;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one parser of token event logs (eth_getLogs entries) into {@link TokenEvent}s, and their topic 0s: keccak256 of
 * each event's signature, computed with the project's Keccak (TokenEventsTest checks them against published values).
 * A log that does not have its kind's shape (topics, data length, words that are no address or overflow their type) is
 * no event: empty.
 * <p>
 * Permit2 (Uniswap/permit2 at cc56ad0f3439c502c246fc5cfcc3db92bb8b7219, src/interfaces/IAllowanceTransfer.sol): its
 * {@code Lockdown(owner indexed, token, spender)} is not read, since it only sets an allowance's amount to zero, which the
 * allowance read at the scan's block shows anyway; nor is {@code NonceInvalidation}, which changes no amount.
 */
final class TokenEvents {
    private TokenEvents() {}

    static final String TRANSFER = Abi.TRANSFER_TOPIC;
    /** ERC-20 Approval(address,address,uint256); ERC-721's Approval(address,address,uint256) has the same signature. */
    static final String APPROVAL = Abi.APPROVAL_TOPIC;
    static final String APPROVAL_FOR_ALL = Abi.topic("ApprovalForAll(address,address,bool)");
    static final String PERMIT2_APPROVAL = Abi.topic("Approval(address,address,address,uint160,uint48)");
    static final String PERMIT2_PERMIT = Abi.topic("Permit(address,address,address,uint160,uint48,uint48)");

    /** The approval kinds a wallet's owner-indexed query asks for (owner = topic 1 in each): one eth_getLogs for all. */
    static final List<String> OWNER_APPROVALS = List.of(APPROVAL, APPROVAL_FOR_ALL, PERMIT2_APPROVAL, PERMIT2_PERMIT);

    private static final BigInteger UINT48_MAX = BigInteger.ONE.shiftLeft(48).subtract(BigInteger.ONE);

    /** The event a log holds, or empty when it is none of these kinds or is malformed. */
    static Optional<TokenEvent> parse(JsonNode log) {
        String contract = log.path("address").asText("").toLowerCase(Locale.ROOT);
        JsonNode topics = log.path("topics");
        if (!RpcValues.isAddress(contract) || !topics.isArray() || topics.size() == 0) return Optional.empty();
        Long n = RpcValues.hexLong(log.path("blockNumber").asText(null));
        long block = n == null ? -1 : n;
        String topic0 = topics.get(0).asText("").toLowerCase(Locale.ROOT);
        byte[] data = data(log.path("data").asText(null));
        if (topic0.equals(APPROVAL)) {
            // Three topics (ERC-20) or four (ERC-721's token id): the spender is topic 2 in both.
            String owner = address(topics, 1), spender = address(topics, 2);
            return topics.size() < 3 || owner == null || spender == null ? Optional.empty()
                    : Optional.of(new TokenEvent.Approval(contract, block, owner, spender));
        }
        if (topic0.equals(TRANSFER)) {
            String from = address(topics, 1), to = address(topics, 2);
            return topics.size() < 3 || from == null || to == null ? Optional.empty()
                    : Optional.of(new TokenEvent.Transfer(contract, block, from, to));
        }
        if (topic0.equals(APPROVAL_FOR_ALL)) {
            String owner = address(topics, 1), operator = address(topics, 2);
            if (topics.size() != 3 || owner == null || operator == null || data == null || data.length != 32) return Optional.empty();
            BigInteger approved = word(data, 0);
            if (approved.compareTo(BigInteger.ONE) > 0) return Optional.empty(); // a bool is 0 or 1
            return Optional.of(new TokenEvent.ApprovalForAll(contract, block, owner, operator, approved.signum() == 1));
        }
        if (topic0.equals(PERMIT2_APPROVAL) || topic0.equals(PERMIT2_PERMIT)) {
            boolean permit = topic0.equals(PERMIT2_PERMIT);
            String owner = address(topics, 1), token = address(topics, 2), spender = address(topics, 3);
            if (topics.size() != 4 || owner == null || token == null || spender == null || data == null
                    || data.length != (permit ? 3 : 2) * 32) {
                return Optional.empty();
            }
            BigInteger amount = word(data, 0), expiration = word(data, 1);
            if (amount.bitLength() > 160 || expiration.compareTo(UINT48_MAX) > 0) return Optional.empty();
            if (!permit) {
                return Optional.of(new TokenEvent.Permit2Approval(contract, block, owner, token, spender, amount, expiration.longValue()));
            }
            BigInteger nonce = word(data, 2);
            if (nonce.compareTo(UINT48_MAX) > 0) return Optional.empty();
            return Optional.of(new TokenEvent.Permit2Permit(contract, block, owner, token, spender, amount, expiration.longValue(),
                    nonce.longValue()));
        }
        return Optional.empty();
    }

    /** An indexed address topic: 12 zero bytes and 20 address bytes; null otherwise. */
    private static String address(JsonNode topics, int i) {
        if (topics.size() <= i) return null;
        String t = topics.get(i).asText("").toLowerCase(Locale.ROOT);
        if (!t.matches("0x0{24}[0-9a-f]{40}")) return null;
        return Abi.addressFromTopic(t);
    }

    private static byte[] data(String hex) {
        if (hex == null || !hex.startsWith("0x") || hex.length() % 2 != 0) return null;
        try {
            return Abi.bytes(hex);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static BigInteger word(byte[] d, int i) {
        return Abi.wordAt(d, i * 32);
    }
}
