package dev.perimeter.web;

import dev.perimeter.TestApp;
import dev.perimeter.testchain.Anvil;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Rate limits behind a load balancer: X-Forwarded-For names the client only when the socket peer is a trusted proxy.
 * One scan per minute per client; the only chain's RPC refuses connections, so each scan is quick (and still charged).
 */
class TrustedProxyIT {
    static Map<String, String> env(String trusted) {
        return Map.of("PERIMETER_CHAINS", "ethereum", "PERIMETER_RPC_ETHEREUM", "http://127.0.0.1:" + Anvil.freePort(),
                "PERIMETER_CHAIN_TIMEOUT_MS", "500", "PERIMETER_SCAN_RATE_PER_MINUTE", "1", "PERIMETER_TRUSTED_PROXIES", trusted);
    }

    static int scan(TestApp app, int n, String forwardedFor) {
        return app.get("/api/v1/wallets/" + String.format("0x%040x", 0xbeef00 + n) + "/exposure", Map.of("X-Forwarded-For", forwardedFor))
                .statusCode();
    }

    @Test
    void forwardedForCountsOnlyFromATrustedProxy() {
        try (TestApp app = new TestApp(env("127.0.0.0/8"))) {
            assertEquals(200, scan(app, 1, "203.0.113.1"));
            assertEquals(429, scan(app, 2, "203.0.113.1"), "the same client behind the proxy: its budget is spent");
            assertEquals(200, scan(app, 3, "203.0.113.2"), "another client behind the same proxy has its own budget");
        }
        try (TestApp app = new TestApp(env(""))) {
            assertEquals(200, scan(app, 1, "203.0.113.1"));
            assertEquals(429, scan(app, 2, "203.0.113.2"), "an untrusted peer's X-Forwarded-For is ignored: one client");
        }
    }
}
