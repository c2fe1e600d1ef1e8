package dev.perimeter.util;

/**
 * A contract or token on one chain: its chain slug and its address (lowercase 0x… for EVM chains, as stored). The key of
 * maps and sets that look contracts up by chain and address, instead of "chain|address" or "chain:address" strings.
 * Reads as {@code chain:address}.
 */
public record ChainAddress(String chain, String address) {
    @Override
    public String toString() {
        return chain + ":" + address;
    }
}
