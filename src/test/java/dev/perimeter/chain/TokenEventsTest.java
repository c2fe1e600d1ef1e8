package dev.perimeter.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** The one parser of token event logs: topic 0s against published values, each kind parsed, malformed logs refused. */
class TokenEventsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String WALLET = "0x1111111111111111111111111111111111111111";
    static final String SPENDER = "0x2222222222222222222222222222222222222222";
    static final String TOKEN = "0x3333333333333333333333333333333333333333";
    static final String COLLECTION = "0x4444444444444444444444444444444444444444";

    @Test
    void topicsAreTheKeccakOfTheSignaturesAsPublished() {
        // Vectorized/solady at ab96a830e705de13e0f58cfaefadab4ac8257655: src/tokens/ERC721.sol l.85 and src/tokens/ERC1155.sol l.89
        // (_APPROVAL_FOR_ALL_EVENT_SIGNATURE), src/tokens/ERC20.sol l.62 and l.66 (Transfer, Approval).
        assertEquals("0x17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31", TokenEvents.APPROVAL_FOR_ALL);
        assertEquals("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", TokenEvents.TRANSFER);
        assertEquals("0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925", TokenEvents.APPROVAL);
        // Uniswap/permit2 at cc56ad0f3439c502c246fc5cfcc3db92bb8b7219: test/utils/DeployPermit2.sol, Permit2's compiled code as
        // Uniswap publishes it, where each topic is pushed once (PUSH32) before the LOG4 of approve() and permit().
        assertEquals("0xda9fa7c1b00402c17d0161b249b1ab8bbec047c5a52207b9c112deffd817036b", TokenEvents.PERMIT2_APPROVAL);
        assertEquals("0xc6a377bfc4eb120024a8ac08eef205be16b817020812c73223e81d1bdb9708ec", TokenEvents.PERMIT2_PERMIT);
        // The same code dispatches allowance(address,address,address) on 0x927da105 (PUSH4).
        assertEquals("0x927da105", AllowancePhase.PERMIT2_ALLOWANCE);
        // isApprovedForAll(address,address) (EIP-721, EIP-1155): web3j's Keccak, independent of the project's.
        assertEquals(org.web3j.utils.Numeric.toHexString(org.web3j.crypto.Hash.sha3("isApprovedForAll(address,address)"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII))).substring(0, 10), AllowancePhase.IS_APPROVED_FOR_ALL);
        assertEquals(List.of(TokenEvents.APPROVAL, TokenEvents.APPROVAL_FOR_ALL, TokenEvents.PERMIT2_APPROVAL, TokenEvents.PERMIT2_PERMIT),
                TokenEvents.OWNER_APPROVALS, "one owner-indexed query for every approval kind");
    }

    static String topic(String address) {
        return "0x000000000000000000000000" + address.substring(2);
    }

    static String word(BigInteger v) {
        String h = v.toString(16);
        return "0".repeat(64 - h.length()) + h;
    }

    static JsonNode log(String contract, long block, String data, String... topics) {
        ObjectNode l = JSON.createObjectNode();
        l.put("address", contract);
        ArrayNode t = l.putArray("topics");
        for (String s : topics) t.add(s);
        l.put("data", data);
        l.put("blockNumber", "0x" + Long.toHexString(block));
        return l;
    }

    @Test
    void anErc20ApprovalAndAnErc721OneAreApprovals() {
        assertEquals(Optional.of(new TokenEvent.Approval(TOKEN, 10, WALLET, SPENDER)),
                TokenEvents.parse(log(TOKEN, 10, "0x" + word(BigInteger.TEN), TokenEvents.APPROVAL, topic(WALLET), topic(SPENDER))));
        assertEquals(Optional.of(new TokenEvent.Approval(COLLECTION, 11, WALLET, SPENDER)),
                TokenEvents.parse(log(COLLECTION, 11, "0x", TokenEvents.APPROVAL, topic(WALLET), topic(SPENDER), "0x" + word(BigInteger.valueOf(7)))),
                "ERC-721's Approval: the token id as a fourth topic");
        assertEquals(Optional.of(new TokenEvent.Approval(TOKEN, 12, WALLET, SPENDER)),
                TokenEvents.parse(log(TOKEN.toUpperCase().replace("0X", "0x"), 12, "0x", TokenEvents.APPROVAL.toUpperCase().replace("0X", "0x"),
                        topic(WALLET), topic(SPENDER))), "addresses and topics in any case");
    }

    @Test
    void approvalForAllCarriesItsBool() {
        assertEquals(Optional.of(new TokenEvent.ApprovalForAll(COLLECTION, 5, WALLET, SPENDER, true)),
                TokenEvents.parse(log(COLLECTION, 5, "0x" + word(BigInteger.ONE), TokenEvents.APPROVAL_FOR_ALL, topic(WALLET), topic(SPENDER))));
        assertEquals(Optional.of(new TokenEvent.ApprovalForAll(COLLECTION, 6, WALLET, SPENDER, false)),
                TokenEvents.parse(log(COLLECTION, 6, "0x" + word(BigInteger.ZERO), TokenEvents.APPROVAL_FOR_ALL, topic(WALLET), topic(SPENDER))));
    }

    @Test
    void permit2ApprovalAndPermitCarryAmountExpirationAndNonce() {
        BigInteger max160 = BigInteger.ONE.shiftLeft(160).subtract(BigInteger.ONE);
        assertEquals(Optional.of(new TokenEvent.Permit2Approval(AllowancePhase.PERMIT2, 20, WALLET, TOKEN, SPENDER, max160, 1_900_000_000L)),
                TokenEvents.parse(log(AllowancePhase.PERMIT2, 20, "0x" + word(max160) + word(BigInteger.valueOf(1_900_000_000L)),
                        TokenEvents.PERMIT2_APPROVAL, topic(WALLET), topic(TOKEN), topic(SPENDER))));
        assertEquals(Optional.of(new TokenEvent.Permit2Permit(AllowancePhase.PERMIT2, 21, WALLET, TOKEN, SPENDER, BigInteger.valueOf(1000), 77, 3)),
                TokenEvents.parse(log(AllowancePhase.PERMIT2, 21, "0x" + word(BigInteger.valueOf(1000)) + word(BigInteger.valueOf(77)) + word(BigInteger.valueOf(3)),
                        TokenEvents.PERMIT2_PERMIT, topic(WALLET), topic(TOKEN), topic(SPENDER))));
    }

    @Test
    void aTransferNamesSenderAndReceiver() {
        assertEquals(Optional.of(new TokenEvent.Transfer(TOKEN, 3, SPENDER, WALLET)),
                TokenEvents.parse(log(TOKEN, 3, "0x" + word(BigInteger.TWO), TokenEvents.TRANSFER, topic(SPENDER), topic(WALLET))));
    }

    @Test
    void malformedOrOtherLogsAreNoEvent() {
        String one = "0x" + word(BigInteger.ONE);
        BigInteger max160 = BigInteger.ONE.shiftLeft(160).subtract(BigInteger.ONE);
        List<JsonNode> bad = List.of(
                log(TOKEN, 1, one, TokenEvents.APPROVAL, topic(WALLET)),                                              // no spender topic
                log(TOKEN, 1, one, TokenEvents.APPROVAL, topic(WALLET), "0x1" + topic(SPENDER).substring(3)),          // not an address word
                log("0x1234", 1, one, TokenEvents.APPROVAL, topic(WALLET), topic(SPENDER)),                            // not an address
                log(COLLECTION, 1, "0x" + word(BigInteger.TWO), TokenEvents.APPROVAL_FOR_ALL, topic(WALLET), topic(SPENDER)), // a bool of 2
                log(COLLECTION, 1, "0x", TokenEvents.APPROVAL_FOR_ALL, topic(WALLET), topic(SPENDER)),                 // no data
                log(COLLECTION, 1, one + word(BigInteger.ONE), TokenEvents.APPROVAL_FOR_ALL, topic(WALLET), topic(SPENDER)), // two words
                log(AllowancePhase.PERMIT2, 1, "0x" + word(max160.add(BigInteger.ONE)) + word(BigInteger.ONE),      // amount over uint160
                        TokenEvents.PERMIT2_APPROVAL, topic(WALLET), topic(TOKEN), topic(SPENDER)),
                log(AllowancePhase.PERMIT2, 1, "0x" + word(BigInteger.ONE) + word(BigInteger.ONE.shiftLeft(48)),    // expiration over uint48
                        TokenEvents.PERMIT2_APPROVAL, topic(WALLET), topic(TOKEN), topic(SPENDER)),
                log(AllowancePhase.PERMIT2, 1, "0x" + word(BigInteger.ONE) + word(BigInteger.ONE),                  // a Permit without nonce
                        TokenEvents.PERMIT2_PERMIT, topic(WALLET), topic(TOKEN), topic(SPENDER)),
                log(AllowancePhase.PERMIT2, 1, "0x" + word(BigInteger.ONE) + word(BigInteger.ONE),                  // spender topic missing
                        TokenEvents.PERMIT2_APPROVAL, topic(WALLET), topic(TOKEN)),
                // Lockdown(owner indexed, token, spender): not read (it only zeroes an amount the read at the scan's block shows)
                log(AllowancePhase.PERMIT2, 1, "0x" + word(new BigInteger(TOKEN.substring(2), 16)) + word(new BigInteger(SPENDER.substring(2), 16)),
                        Abi.topic("Lockdown(address,address,address)"), topic(WALLET)),
                log(TOKEN, 1, one, "0x" + "ab".repeat(32), topic(WALLET), topic(SPENDER)));                          // another event
        for (JsonNode l : bad) assertEquals(Optional.empty(), TokenEvents.parse(l), l.toString());
    }
}
