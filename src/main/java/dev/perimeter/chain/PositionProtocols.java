package dev.perimeter.chain;

import java.util.ArrayList;
import java.util.List;

/**
 * The position protocols every scan runs, in one place, in the order they fill each request. A test adds its own
 * through {@link EvmChainReader}'s constructor.
 */
final class PositionProtocols {
    static final List<PositionProtocol.Factory> REGISTERED = List.of(
            UniswapV3Protocol::create,
            UniswapV3Protocol::pancakeswap,
            MorphoBlueProtocol::create,
            EigenLayerProtocol::create,
            AaveV3Markets::create,
            CometMarkets::create,
            MetaMorphoMarkets::create);

    private PositionProtocols() {}

    /** The protocols with something to read in this scan. */
    static List<PositionProtocol> make(List<PositionProtocol.Factory> factories, PositionProtocol.Context ctx) {
        List<PositionProtocol> out = new ArrayList<>();
        for (PositionProtocol.Factory f : factories) {
            PositionProtocol p = f.create(ctx);
            if (p != null) out.add(p);
        }
        return out;
    }
}
