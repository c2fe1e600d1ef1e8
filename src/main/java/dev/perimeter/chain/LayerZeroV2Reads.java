package dev.perimeter.chain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verification of a LayerZero V2 OApp's (an OFT's) routes, as its chain's EndpointV2 holds it (see {@link LayerZeroV2}
 * for the sources):
 * <ol>
 * <li>level 1: the contract's {@code endpoint()} and {@code peers(eid)} for every other chain Perimeter knows;</li>
 * <li>level 2, for a contract whose endpoint() is LayerZero's EndpointV2 on this chain: {@code getReceiveLibrary(contract,
 * eid)} of each chain with a nonzero peer;</li>
 * <li>level 3: {@code getConfig(contract, library, eid, 2)}, the ULN configuration that library applies to messages from
 * that chain: confirmations, required verifiers (DVNs) and optional ones with their threshold.</li>
 * </ol>
 * A contract whose endpoint() names another address gets its routes listed as not read (its configuration would come from
 * a contract that is not LayerZero's). A read that fails leaves its route "not read", with the reason.
 */
final class LayerZeroV2Reads implements ControlReads.MessagingReader {
    static final String PROTOCOL = "layerzero-v2";

    private final String chain;

    LayerZeroV2Reads(String chain) {
        this.chain = chain;
    }

    /** Reads for a chain Perimeter knows LayerZero V2 on; null otherwise. */
    static LayerZeroV2Reads forChain(String chain) {
        return LayerZeroV2.eid(chain).isPresent() ? new LayerZeroV2Reads(chain) : null;
    }

    @Override
    public ControlReads.MessagingProbe probe(String contract) {
        return new Probe(contract);
    }

    private final class Route {
        final String remoteChain;
        final long eid;
        final Aggregate.Read<String> peer;
        String peerAddress;
        Answer<ControlAbi.ReceiveLibrary> library;
        ControlAbi.ReceiveLibrary lib;
        Answer<ControlAbi.UlnConfig> config;
        String problem;

        Route(String remoteChain, long eid, Aggregate.Read<String> peer) {
            this.remoteChain = remoteChain;
            this.eid = eid;
            this.peer = peer;
        }
    }

    private final class Probe implements ControlReads.MessagingProbe {
        final String contract;
        int level;
        Aggregate.Read<String> endpoint;
        String endpointAddress;
        final Map<Long, Route> routes = new LinkedHashMap<>();

        Probe(String contract) {
            this.contract = contract;
        }

        /** Level 2 went into a ControlPaths call: getReceiveLibrary and getConfig were both read there. */
        boolean viaPaths;

        @Override
        public boolean plan(ControlReads.Sink sink, ControlPaths.Request call) {
            if (level != 1) return plan(sink);
            level++;
            if (!routesToRead()) return false;
            viaPaths = true;
            for (Route r : routes.values()) {
                ControlPaths.RouteAnswers a = call.route(endpointAddress, contract, r.eid);
                r.library = a.library(x -> ControlAbi.receiveLibrary(x.returnData()));
                r.config = a.config(x -> ControlAbi.ulnConfig(x.returnData()));
            }
            return true;
        }

        /**
         * After level 1: keeps the routes with a peer, and says whether their configuration is to be read (the contract's
         * endpoint() is LayerZero's EndpointV2 here); routes of another endpoint get their problem.
         */
        private boolean routesToRead() {
            String e = endpoint.get();
            routes.values().removeIf(r -> {
                String p = r.peer.get();
                if (p == null || p.equals(ControlAbi.ZERO) || p.equals("0x" + "0".repeat(64))) return true;
                r.peerAddress = p;
                return false;
            });
            if (e == null || ControlAbi.isZero(e) || routes.isEmpty()) {
                routes.clear(); // no OApp: no endpoint, or no peer on a chain Perimeter knows
                return false;
            }
            endpointAddress = e;
            if (!e.equals(LayerZeroV2.endpoint(chain).orElse(null))) {
                for (Route r : routes.values()) {
                    r.problem = "endpoint() names " + e + ", which is not LayerZero's EndpointV2 on " + chain + ": its configuration is not read";
                }
                return false;
            }
            return true;
        }

        @Override
        public boolean plan(ControlReads.Sink sink) {
            level++;
            switch (level) {
                case 1 -> {
                    endpoint = sink.read(contract, ControlAbi.ENDPOINT, r -> ControlAbi.addressWord(r.returnData()));
                    for (dev.perimeter.util.Chains.Chain c : dev.perimeter.util.Chains.ALL) {
                        if (c.slug().equals(chain)) continue;
                        LayerZeroV2.eid(c.slug()).ifPresent(eid -> routes.put(eid, new Route(c.slug(), eid,
                                sink.read(contract, ControlAbi.peers(eid), r -> ControlAbi.peer(r.returnData())))));
                    }
                    return true;
                }
                case 2 -> {
                    if (!routesToRead()) return false;
                    for (Route r : routes.values()) {
                        r.library = sink.read(endpointAddress, ControlAbi.getReceiveLibrary(contract, r.eid), x -> ControlAbi.receiveLibrary(x.returnData()));
                    }
                    return true;
                }
                case 3 -> {
                    if (viaPaths) {
                        for (Route r : routes.values()) {
                            if (r.problem != null) continue;
                            r.lib = r.library.get();
                            if (r.lib == null) r.problem = "getReceiveLibrary did not answer: the route's verification is not known";
                        }
                        return false;
                    }
                    boolean any = false;
                    for (Route r : routes.values()) {
                        if (r.problem != null) continue;
                        r.lib = r.library.get();
                        if (r.lib == null) {
                            r.problem = "getReceiveLibrary did not answer: the route's verification is not known";
                            continue;
                        }
                        r.config = sink.read(endpointAddress, ControlAbi.getConfig(contract, r.lib.library(), r.eid, LayerZeroV2.CONFIG_TYPE_ULN),
                                x -> ControlAbi.ulnConfig(x.returnData()));
                        any = true;
                    }
                    return any;
                }
                default -> {
                    return false;
                }
            }
        }

        @Override
        public List<ControlReading.Messaging> routes() {
            List<ControlReading.Messaging> out = new ArrayList<>();
            if (level < 2) return out; // the peers were never looked at: whether it is an OApp is not known
            for (Route r : routes.values()) {
                String problem = r.problem;
                ControlAbi.UlnConfig cfg = null;
                if (problem == null) {
                    cfg = r.config == null ? null : r.config.get();
                    if (cfg == null) {
                        problem = r.config == null || r.config.raw() == null ? "the route's configuration was not read"
                                : "getConfig did not answer a ULN configuration: the route's verification is not known";
                    }
                }
                out.add(new ControlReading.Messaging(PROTOCOL, r.remoteChain, r.eid, r.peerAddress, endpointAddress,
                        r.lib == null ? null : r.lib.library(), r.lib == null ? null : r.lib.isDefault(),
                        cfg == null ? null : cfg.confirmations(), cfg == null ? List.of() : cfg.required(),
                        cfg == null ? List.of() : cfg.optional(), cfg == null ? null : cfg.optionalThreshold(), problem));
            }
            return out;
        }
    }
}
