package dev.perimeter.token;

/** A registry token: what it is and what it depends on, with the source of the row. */
public record Token(String chain, String address, String symbol, String name, int decimals, String kind, String protocol,
                    String underlying, String bridge, String originChain, String originAddress, String source) {
    public String display() {
        if (symbol != null && !symbol.isBlank()) return symbol;
        return name != null && !name.isBlank() ? name : address;
    }
}
