package dev.perimeter.position;

/**
 * One edge of the dependency graph: the thing at (chain, from) rests on the token at (toChain, to). A node may have
 * several edges (an LP token one per pool coin, a position one per underlying token). Every edge says how it relates and
 * which source says so: a data file's row for edges from the registry, what was read and at which block for edges read
 * on-chain ("on-chain: asset() at block 123").
 * @param from     lowercase address of the token (or a position's key) the edge leaves
 * @param toChain  chain of the token it reaches (another chain for a bridged token's origin)
 * @param to       lowercase address of the token it reaches
 * @param relation how the two relate, in words ("receipt for deposited", "vault asset (ERC-4626)", "pool coin", …)
 * @param layer    whether a loss behind the edge reaches the holder whole or shared with other assets
 * @param toNode   what {@code to} is: {@link #TOKEN} (an address), or {@link #MARKET} (a lending market's node, e.g.
 *                 "aave-v3-pool#0x…": the market a deposit is lent in, whose own edges name the collateral it accepts)
 * @param toName   the name shown for {@code to} when it is no token ("Aave V3 Core"); null for tokens
 */
public record Edge(String chain, String from, String toChain, String to, String relation, String source, Layer layer, String toNode,
                   String toName) {
    public static final String TOKEN = "token";
    public static final String MARKET = "market";

    /** What a layer does to a loss further down. */
    public enum Layer {
        /** Receipt, debt, vault, wrapper, bridged token: a loss of what backs it passes through whole. */
        WHOLE,
        /** A pool or position of several assets: a loss of one is shared with the others, so it is rated one level lower. */
        SHARED
    }

    public Edge {
        if (chain == null || from == null || toChain == null || to == null || relation == null || layer == null) {
            throw new IllegalArgumentException("an edge needs chain, from, toChain, to, relation and layer");
        }
        toNode = toNode == null ? TOKEN : toNode;
    }

    /** An edge to a token. */
    public Edge(String chain, String from, String toChain, String to, String relation, String source, Layer layer) {
        this(chain, from, toChain, to, relation, source, layer, TOKEN, null);
    }

    /** An edge into a lending market's node. */
    public boolean toMarket() {
        return MARKET.equals(toNode);
    }
}
