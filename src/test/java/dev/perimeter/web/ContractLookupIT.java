package dev.perimeter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perimeter.TestAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

class ContractLookupIT {
    @RegisterExtension
    static final TestAppExtension app = new TestAppExtension();

    @Test
    void everyContractOfAnIncidentAnswersWithThatIncidentAndItsRole() throws Exception {
        JsonNode bybit = app.getJson("/api/v1/incidents/2025-02-21-bybit");
        assertFalse(bybit.get("contracts").isEmpty(), "the incident names contracts");
        for (JsonNode c : bybit.get("contracts")) {
            HttpResponse<String> r = app.get("/api/v1/contracts/" + c.get("chain").asText() + "/" + c.get("address").asText());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode body = app.json(r);
            assertEquals(c.get("address").asText(), body.get("address").asText(), "checksummed");
            boolean named = false;
            for (JsonNode i : body.get("incidents")) {
                if (i.get("id").asText().equals("2025-02-21-bybit") && i.get("role").asText().equals(c.get("role").asText())) named = true;
            }
            assertTrue(named, body.toString());
            // Advice follows evidence: revoke where users' approvals were abused, never approve an attacker's address; a
            // dataset's mere mention (vulnerable, victim) gives none, unless the contract belongs to an infrastructure row.
            boolean attacker = false;
            for (JsonNode i : body.get("incidents")) attacker |= i.get("role").asText().equals("attacker");
            if (body.get("approvalsAbused").asBoolean() || attacker) {
                assertFalse(body.get("advice").isEmpty(), "says what to do: " + body);
            } else if (body.get("infrastructure").isNull()) {
                assertTrue(body.get("advice").isEmpty(), "a mention gives no advice: " + body);
            }
        }
        // the same address in lowercase answers the same
        String addr = bybit.get("contracts").get(0).get("address").asText();
        assertEquals(200, app.get("/api/v1/contracts/" + bybit.get("contracts").get(0).get("chain").asText() + "/"
                + addr.toLowerCase(Locale.ROOT)).statusCode());
        HttpResponse<String> page = app.get("/contracts/" + bybit.get("contracts").get(0).get("chain").asText() + "/" + addr);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("href=\"/incidents/2025-02-21-bybit\""));
    }

    @Test
    void anInfrastructureContractNamesItsRow() throws Exception {
        // contracts.csv's first Ronin escrow, read from the data file rather than typed here.
        String line = new String(dev.perimeter.util.DataFiles.bundled().read("infrastructure/contracts.csv"),
                java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("ronin-bridge,ethereum,")).findFirst().orElseThrow();
        String address = line.split(",")[2];
        JsonNode body = app.getJson("/api/v1/contracts/ethereum/" + address);
        assertEquals("ronin-bridge", body.get("infrastructure").get("slug").asText());
        assertTrue(body.get("advice").toString().contains("Ronin"), body.toString());
    }

    @Test
    void everyBridgeDeploymentContractIsAttributedToItsBridge() throws Exception {
        int checked = 0;
        for (String line : new String(dev.perimeter.util.DataFiles.bundled().read("infrastructure/contracts.csv"),
                java.nio.charset.StandardCharsets.UTF_8).lines().skip(1).toList()) {
            String[] f = line.split(",");
            if (!f[4].contains("shared/data/bridge_contracts.csv") && !f[3].startsWith("contract (")) continue;
            if (checked++ % 10 != 0) continue; // a sample of every tenth row keeps this quick
            JsonNode body = app.getJson("/api/v1/contracts/" + f[1] + "/" + f[2]);
            assertEquals(f[0], body.get("infrastructure").get("slug").asText(), line);
        }
        assertTrue(checked > 100, "the deployment rows are in contracts.csv: " + checked);
    }

    @Test
    void unknownIsNotSafeAndBadInputIsRefused() throws Exception {
        // Any address answers (its control is read on-chain, issue 21); the data's silence is said, not taken for safety.
        HttpResponse<String> unknown = app.get("/api/v1/contracts/ethereum/0x000000000000000000000000000000000000dEaD");
        assertEquals(200, unknown.statusCode());
        JsonNode u = app.json(unknown);
        assertFalse(u.get("known").asBoolean());
        assertEquals("not in Perimeter's data — unknown is not the same as safe", u.get("note").asText());
        assertEquals(0, u.get("incidents").size());
        assertEquals("not_read", u.get("control").get("status").asText(), "this test app's RPC answers nothing: " + u);
        assertTrue(u.get("control").get("problem").asText().startsWith("control not read"), u.toString());
        HttpResponse<String> chain = app.get("/api/v1/contracts/dogechain/0x000000000000000000000000000000000000dEaD");
        assertEquals(400, chain.statusCode());
        assertEquals("chain", app.json(chain).get("field").asText());
        // solana is a chain, but of the other family: an EVM address there is a bad address
        HttpResponse<String> family = app.get("/api/v1/contracts/solana/0x000000000000000000000000000000000000dEaD");
        assertEquals(400, family.statusCode());
        assertEquals("address", app.json(family).get("field").asText());
        HttpResponse<String> addr = app.get("/api/v1/contracts/ethereum/0x1234");
        assertEquals(400, addr.statusCode());
        assertEquals("address", app.json(addr).get("field").asText());
        HttpResponse<String> checksum = app.get("/api/v1/contracts/ethereum/0x000000000000000000000000000000000000DeAD");
        assertEquals(400, checksum.statusCode(), "mixed case with a wrong checksum");
        HttpResponse<String> page = app.get("/contracts/ethereum/0x000000000000000000000000000000000000dead");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("unknown is not the same as safe") && page.body().contains("control not read"), page.body());
    }

    /**
     * Issue 13's target: of Revoke.cash's exploited contract addresses on Perimeter's seven chains (every row of the shipped
     * list, read from the file), at least 95% answer 200 naming an incident with the role the list's exploit gives them.
     */
    @Test
    void revokeListAddressesOnTheSevenChainsAnswerWithTheirExploit() throws Exception {
        java.util.Map<Long, String> chains = new java.util.HashMap<>();
        for (dev.perimeter.util.Chains.Chain c : dev.perimeter.util.Chains.ALL) chains.put(c.chainId(), c.slug());
        java.util.Map<String, String> drainerRule = new java.util.HashMap<>();
        for (dev.perimeter.util.Csv.Row r : dev.perimeter.util.Csv.read(dev.perimeter.util.DataFiles.bundled().read("incidents/revoke_exploits.csv"),
                "e", java.util.List.of())) {
            drainerRule.put(r.get("slug"), dev.perimeter.incident.RevokeRoles.roleOf(r.get("name"), r.get("description")));
        }
        int rows = 0, answered = 0;
        for (dev.perimeter.util.Csv.Row r : dev.perimeter.util.Csv.read(dev.perimeter.util.DataFiles.bundled()
                .read("incidents/revoke_approval_exploits.csv"), "a", java.util.List.of())) {
            String chain = chains.get(Long.parseLong(r.get("chain_id")));
            if (chain == null) continue;
            rows++;
            HttpResponse<String> resp = app.get("/api/v1/contracts/" + chain + "/" + r.get("address").toLowerCase(Locale.ROOT));
            if (resp.statusCode() != 200) continue;
            JsonNode body = app.json(resp);
            for (JsonNode m : body.get("incidents")) {
                if (m.get("source").asText().startsWith("revoke:") && m.get("role").asText().equals(drainerRule.get(r.get("slug")))) {
                    answered++;
                    break;
                }
            }
        }
        assertTrue(rows > 250, "rows on the seven chains: " + rows);
        assertTrue(answered * 100 >= rows * 95, answered + " of " + rows + " answer 200 naming their exploit");
    }

    @Test
    void aDrainerAddressSaysItIsTheAttackersAndWhatToDo() throws Exception {
        String line = new String(dev.perimeter.util.DataFiles.bundled().read("incidents/revoke_approval_exploits.csv"),
                java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("ledger-connect-kit,")).filter(l -> l.split(",")[3].equals("1"))
                .findFirst().orElseThrow();
        String address = line.split(",")[4];
        JsonNode body = app.getJson("/api/v1/contracts/ethereum/" + address);
        JsonNode m = body.get("incidents").get(0);
        assertEquals("drainer", m.get("role").asText());
        assertTrue(m.get("roleMeaning").asText().contains("attackers' own address"), m.toString());
        assertTrue(body.get("advice").get(0).asText().startsWith("Revoke every approval to this address now"), body.toString());
        String page = app.get("/contracts/ethereum/" + address).body();
        assertTrue(page.contains("drainer") && page.contains("attackers&#39; own address"), "the page explains the role");
    }
}
