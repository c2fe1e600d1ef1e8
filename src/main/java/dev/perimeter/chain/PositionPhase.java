package dev.perimeter.chain;

import java.util.ArrayList;
import java.util.List;

/**
 * The wallet's positions that are not tokens and what its deposits are lent against, riding in the scan's requests:
 * every registered {@link PositionProtocol} ({@link PositionProtocols}) in turn plans its reads into each request, reads
 * the answers and decodes them. A failed request 2 or 3 leaves positions out and says so; what could not be read is
 * said by each protocol.
 */
final class PositionPhase implements ScanPhase, ScanPhase.PositionSource {
    private final List<PositionProtocol> protocols;
    private List<ChainData.RawPosition> out = List.of();
    private List<ChainData.ReadEdge> edges = List.of();

    /** @param protocols the protocols with something to read on this chain (none: the phase does nothing) */
    PositionPhase(List<PositionProtocol> protocols) {
        this.protocols = List.copyOf(protocols);
    }

    @Override
    public String name() {
        return "positions";
    }

    @Override
    public void plan(Round round) {
        for (PositionProtocol p : protocols) p.plan(round);
    }

    @Override
    public void read(Round round) {
        for (PositionProtocol p : protocols) p.read(round);
    }

    @Override
    public void finish(long block) {
        List<ChainData.RawPosition> found = new ArrayList<>();
        List<ChainData.ReadEdge> read = new ArrayList<>();
        for (PositionProtocol p : protocols) {
            p.finish(block);
            found.addAll(p.positions());
            read.addAll(p.edges());
        }
        out = List.copyOf(found);
        edges = List.copyOf(read);
    }

    /** The non-empty positions, after the requests. */
    @Override
    public List<ChainData.RawPosition> positions() {
        return out;
    }

    /** Edges read for held tokens and the markets they are lent in, after the requests. */
    List<ChainData.ReadEdge> edges() {
        return edges;
    }
}
