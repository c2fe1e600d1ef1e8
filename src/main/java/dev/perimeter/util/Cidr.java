package dev.perimeter.util;

/**
 * An IPv4 or IPv6 network in CIDR notation (a bare address is a /32 or /128): a trusted proxy's network
 * ({@code PERIMETER_TRUSTED_PROXIES}), matched against a request's peer address.
 */
public record Cidr(byte[] network, int prefix, String text) {
    public static Cidr parse(String s) {
        String t = s.trim();
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) throw new IllegalArgumentException("not an IP address: '" + host + "'");
        byte[] addr;
        try {
            addr = java.net.InetAddress.getByName(host).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + host + "'");
        }
        int prefix = addr.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in '" + t + "'");
            }
            if (prefix < 0 || prefix > addr.length * 8) throw new IllegalArgumentException("bad prefix length in '" + t + "'");
        }
        return new Cidr(addr, prefix, t);
    }

    /** Does this network contain the address (a literal IP; anything else is not contained)? */
    public boolean contains(String ip) {
        if (ip == null || !ip.matches("[0-9.]+|[0-9a-fA-F:]+")) return false;
        byte[] a;
        try {
            a = java.net.InetAddress.getByName(ip).getAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
        if (a.length != network.length) return false;
        int full = prefix / 8, rest = prefix % 8;
        for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
        if (rest == 0) return true;
        int mask = 0xff << (8 - rest) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        return text;
    }
}
