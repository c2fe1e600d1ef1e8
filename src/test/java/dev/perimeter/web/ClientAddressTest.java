package dev.perimeter.web;

import dev.perimeter.util.Cidr;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClientAddressTest {
    static ClientAddress trusting(String... cidrs) {
        return new ClientAddress(java.util.Arrays.stream(cidrs).map(Cidr::parse).toList());
    }

    @Test
    void withoutTrustedProxiesTheSocketPeerCountsWhateverTheHeaderSays() {
        ClientAddress none = new ClientAddress(List.of());
        assertEquals("198.51.100.7", none.of("198.51.100.7", "203.0.113.1"));
        assertEquals("198.51.100.7", none.of("198.51.100.7", null));
    }

    @Test
    void behindTrustedProxiesTheRightmostUntrustedHopCounts() {
        ClientAddress lb = trusting("10.0.0.0/8", "192.0.2.10");
        assertEquals("203.0.113.1", lb.of("10.1.1.1", "203.0.113.1"));
        // A client-forged left part is ignored: only what the trusted proxies appended is believed.
        assertEquals("203.0.113.1", lb.of("10.1.1.1", "1.2.3.4, 203.0.113.1"));
        assertEquals("203.0.113.1", lb.of("10.1.1.1", "1.2.3.4, 203.0.113.1, 192.0.2.10"), "a chain of trusted proxies is skipped");
        assertEquals("10.1.1.1", lb.of("10.1.1.1", "10.2.2.2"), "only trusted hops: the socket peer");
        assertEquals("10.1.1.1", lb.of("10.1.1.1", "not-an-address"), "garbage in the header: the socket peer");
        assertEquals("10.1.1.1", lb.of("10.1.1.1", null));
        assertEquals("198.51.100.7", lb.of("198.51.100.7", "203.0.113.1"), "an untrusted peer cannot name another client");
        assertEquals("2001:db8::5", trusting("::1").of("::1", "2001:db8::5"), "IPv6");
    }
}
