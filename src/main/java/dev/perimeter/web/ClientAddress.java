package dev.perimeter.web;

import dev.perimeter.util.Cidr;
import io.javalin.http.Context;

import java.util.List;

/**
 * The client address a rate limit counts: the socket's peer, unless that peer is a trusted proxy (PERIMETER_TRUSTED_PROXIES);
 * then X-Forwarded-For is read from the right, skipping trusted proxies, and the first address that is not one counts.
 * A client can put anything in X-Forwarded-For; only what the trusted proxies appended is believed.
 */
public final class ClientAddress {
    private final List<Cidr> trusted;

    public ClientAddress(List<Cidr> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    public String of(Context ctx) {
        return of(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
    }

    /** The same rule on plain values (for tests and for callers without a request). */
    public String of(String socketPeer, String forwardedFor) {
        if (!isTrusted(socketPeer) || forwardedFor == null || forwardedFor.isBlank()) return socketPeer;
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (hop.isEmpty()) continue;
            if (!hop.matches("[0-9.]+|[0-9a-fA-F:]+")) return socketPeer; // not an address: believe nothing further left
            if (!isTrusted(hop)) return hop;
        }
        return socketPeer;
    }

    private boolean isTrusted(String ip) {
        for (Cidr c : trusted) if (c.contains(ip)) return true;
        return false;
    }
}
