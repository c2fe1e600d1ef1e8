package dev.perimeter.token;

import dev.perimeter.util.ChainAddress;

/**
 * What a token is: where it lives, its symbol, name and decimals, what kind of token it is and what it depends on (its
 * protocol, underlying, bridge and origin), whether the registry lists it, and the source of its registry row.
 * @param address   lowercase contract address (base58 on solana), or {@link #NATIVE} for the chain's own coin
 * @param decimals  -1 when unknown (an unlisted token that does not answer decimals())
 * @param source    the registry row's source; null for the native coin and unlisted tokens
 * @param listed    the token is in the registry (or is the chain's native coin); unlisted tokens are shown as unknown,
 *                  never as safe or spam
 */
public record Token(String chain, String address, String symbol, String name, int decimals, String kind, String protocol,
                    String underlying, String bridge, String originChain, String originAddress, String source, boolean listed) {
    /** The address of the chain's own coin. */
    public static final String NATIVE = "native";
    /** The kind of an unlisted token. */
    public static final String UNLISTED = "unlisted";

    /** A registry row (listed). */
    public Token(String chain, String address, String symbol, String name, int decimals, String kind, String protocol,
                 String underlying, String bridge, String originChain, String originAddress, String source) {
        this(chain, address, symbol, name, decimals, kind, protocol, underlying, bridge, originChain, originAddress, source, true);
    }

    /** The chain's own coin (ETH, POL, SOL, …): listed, of kind {@code native}, resting on nothing. */
    public static Token nativeCoin(String chain, String symbol, String name, int decimals) {
        return new Token(chain, NATIVE, symbol, name, decimals, "native", null, null, null, null, null, null, true);
    }

    /** A token the registry does not list, as it describes itself on-chain (symbol, name, decimals may be null / -1). */
    public static Token unlisted(String chain, String address, String symbol, String name, int decimals) {
        return new Token(chain, address, symbol, name, decimals, UNLISTED, null, null, null, null, null, null, false);
    }

    /** The same token with the decimals read on-chain for it. */
    public Token withDecimals(int d) {
        return new Token(chain, address, symbol, name, d, kind, protocol, underlying, bridge, originChain, originAddress, source, listed);
    }

    /** The chain and address the registry and the exposure walk key this token by. */
    public ChainAddress at() {
        return new ChainAddress(chain, address);
    }

    public boolean isNative() {
        return NATIVE.equals(address);
    }

    public String display() {
        if (symbol != null && !symbol.isBlank()) return symbol;
        return name != null && !name.isBlank() ? name : address;
    }
}
