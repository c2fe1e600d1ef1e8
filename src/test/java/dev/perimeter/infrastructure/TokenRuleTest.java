package dev.perimeter.infrastructure;

import dev.perimeter.token.Token;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Address rules on Solana: a base58 mint, matched as written (base58 is case-sensitive), never a 0x address. */
class TokenRuleTest {
    static final String JITOSOL = "J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn";

    static Token token(String chain, String address) {
        return new Token(chain, address, "X", "X", 9, "lst", null, null, null, null, null, "test", true);
    }

    @Test
    void aSolanaMintRuleMatchesTheMintAsWrittenOnly() {
        String csv = "rule,match_field,match_value,chain,infrastructure,reason,source\n"
                + "jitosol,address," + JITOSOL + ",solana,jito-stake-pool;spl-stake-pool,r,s\n";
        List<TokenRule> rules = InfrastructureData.parseRules(csv.getBytes(StandardCharsets.UTF_8), "token-rules.csv",
                Set.of("jito-stake-pool", "spl-stake-pool"));
        TokenRule r = rules.get(0);
        assertEquals(List.of("jito-stake-pool", "spl-stake-pool"), r.infrastructure());
        assertTrue(r.matches(token("solana", JITOSOL)));
        assertFalse(r.matches(token("solana", JITOSOL.toLowerCase())), "another base58 string, another account");
        assertFalse(r.matches(token("ethereum", JITOSOL)));
    }

    @Test
    void aSolanaRuleNeedsBase58AndAnEvmRuleNeeds0x() {
        String head = "rule,match_field,match_value,chain,infrastructure,reason,source\n";
        assertThrows(RuntimeException.class, () -> InfrastructureData.parseRules(
                (head + "a,address,0x0000000000000000000000000000000000000001,solana,x,r,s\n").getBytes(StandardCharsets.UTF_8), "f", Set.of("x")));
        assertThrows(RuntimeException.class, () -> InfrastructureData.parseRules(
                (head + "a,address," + JITOSOL + ",ethereum,x,r,s\n").getBytes(StandardCharsets.UTF_8), "f", Set.of("x")));
    }
}
