package dev.perimeter.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Who controls a set of contracts on one chain, read in steps ("levels"), each one request: every level reads what the
 * answers so far point to, and no address is read twice.
 * <ol>
 * <li>each contract's EIP-1967 implementation, admin and beacon slots, EIP-1822's slot and OpenZeppelin's older
 * (ZeppelinOS) implementation and admin slots ({@code eth_getStorageAt}, plain calls of the same JSON-RPC batch), and
 * through aggregate3 its {@code owner()}, {@code getRoleMember(DEFAULT_ADMIN_ROLE, 0)} and each messaging reader's first
 * reads ({@link LayerZeroV2Reads}: {@code endpoint()}, {@code peers(eid)});</li>
 * <li>the implementation's {@code proxiableUUID()} (UUPS), and the first hop: the admin slot's address, else the beacon,
 * else {@code owner()}, else the admin role's member. An address on the path is read once for all:
 * {@code eth_getCode} (no code: an EOA; an EIP-7702 delegation designator: an EOA, said so), Safe's
 * {@code getThreshold()}/{@code getOwners()}, TimelockController's {@code getMinDelay()} and first proposer,
 * {@code owner()} and {@code implementation()};</li>
 * <li>and later: the hop its answers point to (a ProxyAdmin's or beacon's {@code owner()}, a timelock's proposer), up to
 * {@link #MAX_HOPS} hops, never an address already on the path (a loop is said and not followed).</li>
 * </ol>
 * A contract whose level-1 reads did not arrive is not read ({@link ControlReading#notRead}); a hop whose code could not be
 * read is of kind {@code not_read}; an answer that is not what the function returns (a Safe stand-in answering garbage)
 * is no answer, with a note. So the levels are bounded ({@link #MAX_HOPS} + 1, the messaging readers' within them) and no
 * answer can make the reads loop.
 */
final class ControlReads {
    /** Hops followed from a contract to whoever controls it. */
    static final int MAX_HOPS = 3;
    /** Safe owners read at most (a larger list is not a Safe's answer we take). */
    static final int MAX_OWNERS = 100;
    /** The largest getMinDelay() taken as a delay (about 31.7 years); a larger answer is garbage. */
    static final BigInteger MAX_DELAY = BigInteger.valueOf(1_000_000_000L);

    /** Where a level's reads go: plain calls of the request's batch and aggregate3 reads, at the request's block tag. */
    interface Sink {
        <T> Batch.Handle<T> call(JsonRpcClient.Call call, Function<JsonRpcClient.Result, T> decoder);

        <T> Aggregate.Read<T> read(String target, String callData, Function<Abi.Call3Result, T> decoder);

        String tag();

        /** A sink that puts plain calls in {@code calls} and contract reads in {@code aggregate}, at block {@code tag}. */
        static Sink of(Batch calls, Aggregate aggregate, String tag) {
            return new Sink() {
                @Override
                public <T> Batch.Handle<T> call(JsonRpcClient.Call call, Function<JsonRpcClient.Result, T> decoder) {
                    return calls.add(call, decoder);
                }

                @Override
                public <T> Aggregate.Read<T> read(String target, String callData, Function<Abi.Call3Result, T> decoder) {
                    return aggregate.add(target, callData, decoder);
                }

                @Override
                public String tag() {
                    return tag;
                }
            };
        }
    }

    /** A bridge or messaging protocol whose verification of a contract's routes can be read (LayerZero V2 now). */
    interface MessagingReader {
        /** A new probe of one contract; its {@link MessagingProbe#plan} is called at every level from the first. */
        MessagingProbe probe(String contract);
    }

    /** One contract's messaging reads, level by level. */
    interface MessagingProbe {
        /** Adds this level's reads (after reading the previous level's answers); false when it has nothing more to read. */
        boolean plan(Sink sink);

        /**
         * Level 2 when the rest goes in one {@link ControlPaths} call: the routes' reads go into the call (the reader
         * has nothing more to read after it). By default, the level's reads as {@link #plan} makes them.
         */
        default boolean plan(Sink sink, ControlPaths.Request call) {
            return plan(sink);
        }

        /** The routes found, after the last level. */
        List<ControlReading.Messaging> routes();
    }

    /** What one address answered, read once however many paths reach it. */
    private static final class Info {
        final String address;
        Answer<String> code;
        Answer<BigInteger> threshold;
        Answer<byte[]> owners;
        Answer<BigInteger> minDelay;
        Answer<String> owner;
        Answer<String> proposer;
        Answer<BigInteger> proposers;
        Answer<String> implementation;
        boolean arrived;

        Info(String address) {
            this.address = address;
        }
    }

    /** One contract's reads and the path followed so far. */
    private final class Probe {
        final String contract;
        Batch.Handle<String> implSlot, adminSlot, beaconSlot, proxiableSlot, zosImplSlot, zosAdminSlot;
        Aggregate.Read<String> owner, adminRoleMember;
        Aggregate.Read<String> proxiableUuid;
        Batch.Handle<String> ownCode;
        final List<MessagingProbe> messaging = new ArrayList<>();
        boolean failed;
        String problem;
        Boolean upgradeable;
        String proxy, implementation, beacon, adminFromSlot, adminSlotName;
        Boolean uups;
        final List<ControlReading.Hop> hops = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        /** The next address to classify and how it was reached, or null when the path has ended. */
        String pending, pendingHow;
        boolean started, ended;

        Probe(String contract) {
            this.contract = contract;
        }
    }

    private final List<MessagingReader> messagingReaders;
    private final Map<String, Probe> probes = new LinkedHashMap<>();
    private final Map<String, Info> infos = new HashMap<>();
    /** The ControlPaths call of level 2, when the reads went that way (its answers are looked up as the paths go on). */
    private ControlPaths.Request paths;
    private int level;
    /** The last level whose request ran (its answers can be read). */
    private int readUpTo;

    ControlReads(List<String> contracts, List<MessagingReader> messagingReaders) {
        this.messagingReaders = List.copyOf(messagingReaders);
        for (String c : contracts) probes.putIfAbsent(c, new Probe(c));
    }

    int level() {
        return level;
    }

    /**
     * Adds the next level's reads to the sink (after {@link #read} of the level before). False, adding nothing, when
     * every path and route has ended.
     */
    boolean plan(Sink sink) {
        level++;
        boolean any = false;
        if (level == 1) {
            for (Probe p : probes.values()) {
                planFirst(p, sink);
                for (MessagingReader m : messagingReaders) p.messaging.add(m.probe(p.contract));
                for (MessagingProbe m : p.messaging) m.plan(sink);
            }
            return !probes.isEmpty();
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (Probe p : probes.values()) {
            if (p.failed) continue;
            if (level == 2) {
                start(p, sink);
                if (p.failed) continue;
                if (p.proxiableUuid != null || p.ownCode != null) any = true;
            }
            advance(p);
            if (!p.ended && p.pending != null) wanted.add(p.pending);
            for (MessagingProbe m : p.messaging) any |= m.plan(sink);
        }
        for (String a : wanted) {
            if (!infos.containsKey(a)) {
                infos.put(a, scheduleInfo(a, sink));
                any = true;
            }
        }
        return any;
    }

    /**
     * Level 2 with everything after it in one {@link ControlPaths} call: this level's own reads (proxiableUUID, the
     * contract's code) go to the sink as in {@link #plan}, the first hops become the call's roots (it reads them and every
     * address their answers name, {@link #MAX_HOPS} levels deep) and the messaging readers put their routes in it. After
     * the request ran, {@link #plan} of the next level walks the paths through the call's answers and reads step by step
     * only what it did not answer. Call after level 1 was read.
     * @return whether anything was added to the sink or the call
     */
    boolean planWithPaths(Sink sink, ControlPaths.Request call) {
        if (level != 1) throw new IllegalStateException("the paths call is level 2");
        level++;
        paths = call;
        boolean any = false;
        for (Probe p : probes.values()) {
            if (p.failed) continue;
            start(p, sink);
            if (p.failed) continue;
            if (p.proxiableUuid != null || p.ownCode != null) any = true;
            if (!p.ended && p.pending != null && !infos.containsKey(p.pending)) {
                call.root(p.pending);
                any = true;
            }
            for (MessagingProbe m : p.messaging) any |= m.plan(sink, call);
        }
        return any;
    }

    /** After the level's request ran and its aggregates settled. */
    void read() {
        readUpTo = level;
        for (Info i : infos.values()) i.arrived = true;
    }

    /** A level's request failed: what it was to read is said, and no more is read. */
    void failed(RpcException e) {
        for (Probe p : probes.values()) {
            if (level == 1) {
                p.failed = true;
                p.problem = "control not read: " + e.publicMessage();
            } else if (!p.ended) {
                p.notes.add("the reads of level " + level + " failed (" + e.publicMessage() + "): what they were to find is not known");
            }
        }
    }

    // ---- level 1 ----

    private void planFirst(Probe p, Sink sink) {
        p.implSlot = storage(sink, p.contract, ControlAbi.EIP1967_IMPLEMENTATION);
        p.adminSlot = storage(sink, p.contract, ControlAbi.EIP1967_ADMIN);
        p.beaconSlot = storage(sink, p.contract, ControlAbi.EIP1967_BEACON);
        p.proxiableSlot = storage(sink, p.contract, ControlAbi.EIP1822_PROXIABLE);
        p.zosImplSlot = storage(sink, p.contract, ControlAbi.ZOS_IMPLEMENTATION);
        p.zosAdminSlot = storage(sink, p.contract, ControlAbi.ZOS_ADMIN);
        p.owner = sink.read(p.contract, ControlAbi.OWNER, r -> ControlAbi.addressWord(r.returnData()));
        p.adminRoleMember = sink.read(p.contract, ControlAbi.ADMIN_ROLE_MEMBER, r -> ControlAbi.addressWord(r.returnData()));
    }

    private static Batch.Handle<String> storage(Sink sink, String contract, String slot) {
        return sink.call(new JsonRpcClient.Call("eth_getStorageAt", List.of(contract, slot, sink.tag())), r -> r.ok() ? r.text() : null);
    }

    /** Level 2: what the slots say, the first hop, and the implementation's proxiableUUID(). */
    private void start(Probe p, Sink sink) {
        String impl = slot(p, p.implSlot, "EIP-1967 implementation");
        String admin = slot(p, p.adminSlot, "EIP-1967 admin");
        String beacon = slot(p, p.beaconSlot, "EIP-1967 beacon");
        String proxiable = slot(p, p.proxiableSlot, "EIP-1822 (PROXIABLE)");
        String zosImpl = slot(p, p.zosImplSlot, "ZeppelinOS implementation");
        String zosAdmin = slot(p, p.zosAdminSlot, "ZeppelinOS admin");
        if (!p.implSlot.ok() || !p.adminSlot.ok() || !p.beaconSlot.ok() || p.implSlot.get() == null || p.adminSlot.get() == null
                || p.beaconSlot.get() == null) {
            // The EIP-1967 slots decide everything after them: without them the contract's control is not read.
            p.failed = true;
            p.problem = "control not read: the node did not answer the contract's EIP-1967 storage slots";
            return;
        }
        if (impl != null) {
            p.proxy = "eip-1967";
            p.implementation = impl;
        } else if (beacon != null) {
            p.proxy = "eip-1967-beacon";
            p.beacon = beacon;
        } else if (proxiable != null) {
            p.proxy = "eip-1822";
            p.implementation = proxiable;
        } else if (zosImpl != null) {
            p.proxy = "zeppelinos";
            p.implementation = zosImpl;
        }
        p.upgradeable = p.proxy != null;
        if (admin != null) {
            p.adminFromSlot = admin;
            p.adminSlotName = "EIP-1967 admin slot";
        } else if (zosAdmin != null) {
            p.adminFromSlot = zosAdmin;
            p.adminSlotName = "ZeppelinOS admin slot";
        }
        if (p.implementation != null) {
            p.proxiableUuid = sink.read(p.implementation, ControlAbi.PROXIABLE_UUID, r -> ControlAbi.bytes32(r.returnData()));
        }
        String owner = p.owner.get();
        String member = p.adminRoleMember.get();
        if (p.adminFromSlot != null) {
            pend(p, p.adminFromSlot, p.adminSlotName);
        } else if (p.beacon != null) {
            pend(p, p.beacon, "EIP-1967 beacon slot");
        } else if (owner != null) {
            if (ControlAbi.isZero(owner)) {
                p.hops.add(new ControlReading.Hop(owner, "owner()", ControlReading.NONE, null, null, List.of(), null, null,
                        "owner() answers the zero address: ownership renounced"));
                p.ended = true;
            } else {
                pend(p, owner, "owner()");
            }
        } else if (member != null && !ControlAbi.isZero(member)) {
            pend(p, member, "DEFAULT_ADMIN_ROLE member (getRoleMember)");
        } else {
            p.ended = true;
            if (p.owner.raw() == null || p.adminRoleMember.raw() == null) {
                p.notes.add("owner() and getRoleMember could not be read: who controls it is not known");
            } else if (p.proxy == null && p.owner.noContract() && p.adminRoleMember.noContract()) {
                // Every call answered with no data: no code there (an EOA), or a contract that answers nothing. Its code says which.
                p.ownCode = sink.call(new JsonRpcClient.Call("eth_getCode", List.of(p.contract, sink.tag())), r -> r.ok() ? r.text() : null);
            }
        }
        p.started = true;
    }

    /** A slot's address, null when zero or unread; a value that is no address is noted and taken as none. */
    private static String slot(Probe p, Batch.Handle<String> h, String name) {
        String v = h.ok() ? h.get() : null;
        if (v == null) return null;
        String a = ControlAbi.slotAddress(v);
        if (a == null) {
            p.notes.add("the " + name + " slot holds a value that is not an address: taken as empty");
            return null;
        }
        return ControlAbi.isZero(a) ? null : a;
    }

    private void pend(Probe p, String address, String how) {
        if (address.equals(p.contract) || p.hops.stream().anyMatch(h -> h.address().equals(address))) {
            p.notes.add(how + " points back to " + address + ", already on the path (a loop): not followed");
            p.ended = true;
            return;
        }
        if (p.hops.size() >= MAX_HOPS) {
            p.notes.add(how + " of the last hop names " + address + ": not followed (more than " + MAX_HOPS + " hops)");
            p.ended = true;
            return;
        }
        p.pending = address;
        p.pendingHow = how;
    }

    // ---- the path ----

    private Info scheduleInfo(String a, Sink sink) {
        Info i = new Info(a);
        Batch.Handle<String> code = sink.call(new JsonRpcClient.Call("eth_getCode", List.of(a, sink.tag())), r -> r.ok() ? r.text() : null);
        i.code = new Answer<>() {
            @Override
            public String get() {
                return code.get();
            }

            @Override
            public Abi.Call3Result raw() {
                return null;
            }
        };
        i.threshold = sink.read(a, ControlAbi.GET_THRESHOLD, THRESHOLD);
        i.owners = sink.read(a, ControlAbi.GET_OWNERS, OWNERS);
        i.minDelay = sink.read(a, ControlAbi.GET_MIN_DELAY, UINT);
        i.owner = sink.read(a, ControlAbi.OWNER, ADDRESS);
        i.proposer = sink.read(a, ControlAbi.PROPOSER, ADDRESS);
        i.proposers = sink.read(a, ControlAbi.PROPOSER_COUNT, UINT);
        i.implementation = sink.read(a, ControlAbi.IMPLEMENTATION, ADDRESS);
        return i;
    }

    private static final Function<Abi.Call3Result, BigInteger> THRESHOLD = r -> Abi.uint(r.returnData());
    private static final Function<Abi.Call3Result, byte[]> OWNERS = Abi.Call3Result::returnData;
    private static final Function<Abi.Call3Result, BigInteger> UINT = r -> Abi.uint(r.returnData());
    private static final Function<Abi.Call3Result, String> ADDRESS = r -> ControlAbi.addressWord(r.returnData());

    /**
     * The calls {@link ControlPaths} makes at every address, in order: the same as a step read's (besides eth_getCode,
     * which ControlPaths answers with the code's size), and which of them it follows (owner(), a timelock's first
     * proposer: every address the path can go on to).
     */
    static final List<String> PATH_CALLS = List.of(ControlAbi.GET_THRESHOLD, ControlAbi.GET_OWNERS, ControlAbi.GET_MIN_DELAY,
            ControlAbi.OWNER, ControlAbi.PROPOSER, ControlAbi.PROPOSER_COUNT, ControlAbi.IMPLEMENTATION);
    static final int PATH_FOLLOW = (1 << 3) | (1 << 4);

    /** An address's answers from the ControlPaths call, when it read that address; null otherwise. */
    private Info fromPaths(String a) {
        if (paths == null) return null;
        ControlPaths.Node n = paths.node(a);
        if (n == null) return null;
        Info i = new Info(a);
        String code = n.code();
        i.code = new Answer<>() {
            @Override
            public String get() {
                return code;
            }

            @Override
            public Abi.Call3Result raw() {
                return null;
            }
        };
        i.threshold = n.answer(0, THRESHOLD);
        i.owners = n.answer(1, OWNERS);
        i.minDelay = n.answer(2, UINT);
        i.owner = n.answer(3, ADDRESS);
        i.proposer = n.answer(4, ADDRESS);
        i.proposers = n.answer(5, UINT);
        i.implementation = n.answer(6, ADDRESS);
        i.arrived = true;
        infos.put(a, i);
        return i;
    }

    /** Classifies every pending address whose answers arrived, and moves the path on while it can. */
    private void advance(Probe p) {
        while (!p.ended && p.pending != null) {
            Info i = infos.get(p.pending);
            if (i == null) i = fromPaths(p.pending);
            if (i == null || !i.arrived) return; // read at this level
            String how = p.pendingHow;
            p.pending = null;
            p.pendingHow = null;
            ControlReading.Hop hop = classify(i, how);
            p.hops.add(hop);
            if (p.beacon != null && p.hops.size() == 1) {
                String impl = i.implementation.get();
                if (impl != null && !ControlAbi.isZero(impl)) {
                    p.implementation = impl;
                } else {
                    p.notes.add("the beacon's implementation() could not be read");
                }
            }
            String next = null, nextHow = null;
            switch (hop.kind()) {
                case ControlReading.CONTRACT -> {
                    if (hop.owner() != null) {
                        next = hop.owner();
                        nextHow = "owner() of " + describe(how);
                    }
                }
                case ControlReading.TIMELOCK -> {
                    String proposer = i.proposer.get();
                    if (proposer != null && !ControlAbi.isZero(proposer)) {
                        next = proposer;
                        nextHow = "proposer of the timelock (getRoleMember(PROPOSER_ROLE, 0))";
                        BigInteger count = i.proposers.get();
                        if (count != null && count.compareTo(BigInteger.ONE) > 0) {
                            p.notes.add("the timelock has " + count + " proposers; the first is followed");
                        }
                    } else {
                        p.notes.add("the timelock's proposers cannot be listed (getRoleMember does not answer): the path ends at the timelock");
                    }
                }
                default -> { }
            }
            if (next == null) {
                p.ended = true;
            } else {
                pend(p, next, nextHow);
            }
        }
    }

    private static String describe(String how) {
        return switch (how) {
            case "EIP-1967 admin slot", "ZeppelinOS admin slot" -> "the proxy admin";
            case "EIP-1967 beacon slot" -> "the beacon";
            default -> "the previous hop";
        };
    }

    /**
     * What an address is, from what it answered: no code → eoa; an EIP-7702 designator → eoa (delegated); a Safe's
     * threshold and owners that make sense → safe; a timelock's delay → timelock; owner() zero → none (renounced);
     * anything else with code → contract.
     */
    static ControlReading.Hop classify(String address, String how, String code, BigInteger threshold, byte[] ownersData,
                                       boolean ownersAnswered, BigInteger minDelay, String owner) {
        ControlAbi.Code c = ControlAbi.codeKind(code);
        if (c == null) {
            return new ControlReading.Hop(address, how, ControlReading.NOT_READ_KIND, null, null, List.of(), null, null,
                    "its code could not be read: what it is is not known");
        }
        if (c == ControlAbi.Code.NONE) {
            return new ControlReading.Hop(address, how, ControlReading.EOA, null, null, List.of(), null, null, "no code: an externally owned account (one key)");
        }
        if (c == ControlAbi.Code.DELEGATED) {
            String d = ControlAbi.delegate(code);
            return new ControlReading.Hop(address, how, ControlReading.EOA, d, null, List.of(), null, null,
                    "an externally owned account with EIP-7702 delegated code (to " + d + "): one key still controls it");
        }
        List<String> owners = ControlAbi.addressArray(ownersData, MAX_OWNERS);
        if (threshold != null && owners != null && threshold.signum() > 0 && threshold.compareTo(BigInteger.valueOf(owners.size())) <= 0) {
            return new ControlReading.Hop(address, how, ControlReading.SAFE, null, threshold.intValue(), owners, null, null,
                    threshold + "-of-" + owners.size() + " Safe (getThreshold, getOwners)");
        }
        String odd = threshold != null || ownersAnswered
                ? "answers getThreshold()/getOwners() with values that are not a Safe's (" + (threshold == null ? "no threshold" : "threshold " + threshold)
                + ", " + (owners == null ? "owners not a list of addresses" : owners.size() + " owners") + "): not taken as a Safe"
                : null;
        if (minDelay != null && minDelay.compareTo(MAX_DELAY) <= 0) {
            return new ControlReading.Hop(address, how, ControlReading.TIMELOCK, null, null, List.of(), minDelay, owner,
                    join("timelock: getMinDelay() = " + minDelay + " s", odd));
        }
        if (minDelay != null) odd = join(odd, "getMinDelay() answers " + minDelay + ", not a delay: not taken as a timelock");
        if (owner != null && ControlAbi.isZero(owner)) {
            return new ControlReading.Hop(address, how, ControlReading.NONE, null, null, List.of(), null, owner,
                    join("a contract whose owner() is the zero address: ownership renounced, nobody can act through it", odd));
        }
        return new ControlReading.Hop(address, how, ControlReading.CONTRACT, null, null, List.of(), null, owner,
                join(owner != null ? "a contract with owner() " + owner : "a contract of a kind not recognised (no Safe, timelock or owner() answer)", odd));
    }

    private ControlReading.Hop classify(Info i, String how) {
        Abi.Call3Result owners = i.owners.raw();
        boolean ownersAnswered = owners != null && owners.success() && owners.returnData().length > 0;
        return classify(i.address, how, i.code.get(), i.threshold.get(), i.owners.get(), ownersAnswered,
                i.minDelay.get(), i.owner.get());
    }

    private static String join(String a, String b) {
        if (a == null) return b;
        if (b == null) return a;
        return a + "; " + b;
    }

    // ---- results ----

    /** Every contract's reading, in the order given, at the block the levels read. */
    List<ControlReading> readings(String chain, long block) {
        List<ControlReading> out = new ArrayList<>();
        for (Probe p : probes.values()) {
            if (p.failed) {
                out.add(ControlReading.notRead(chain, p.contract, block, p.problem));
                continue;
            }
            List<String> notes = new ArrayList<>(p.notes);
            if (p.pending != null) {
                notes.add("the path was not followed past " + (p.hops.isEmpty() ? p.contract : p.hops.get(p.hops.size() - 1).address())
                        + ": " + p.pending + " (" + p.pendingHow + ") was not read");
            }
            if (p.proxiableUuid != null && readUpTo >= 2) {
                String uuid = p.proxiableUuid.get();
                if (uuid != null) p.uups = uuid.equals(ControlAbi.EIP1967_IMPLEMENTATION) || uuid.equals(ControlAbi.EIP1822_PROXIABLE);
                else if (p.proxiableUuid.raw() != null) p.uups = false;
            }
            Boolean hasCode = null;
            if (p.ownCode != null && readUpTo >= 2) {
                ControlAbi.Code c = ControlAbi.codeKind(p.ownCode.ok() ? p.ownCode.get() : null);
                if (c == ControlAbi.Code.NONE || c == ControlAbi.Code.DELEGATED) {
                    hasCode = false;
                    notes.add(c == ControlAbi.Code.NONE ? "no code at this address: an externally owned account (one key), not a contract"
                            : "an externally owned account with EIP-7702 delegated code (to " + ControlAbi.delegate(p.ownCode.get()) + "), not a contract");
                } else if (c == ControlAbi.Code.CONTRACT) {
                    hasCode = true;
                }
            }
            ControlReading.Controller controller = null;
            if (!p.hops.isEmpty()) {
                BigInteger delay = null;
                for (ControlReading.Hop h : p.hops) {
                    if (h.delaySeconds() != null && (delay == null || h.delaySeconds().compareTo(delay) > 0)) delay = h.delaySeconds();
                }
                controller = new ControlReading.Controller(p.hops, delay);
            }
            List<ControlReading.Messaging> routes = new ArrayList<>();
            for (MessagingProbe m : p.messaging) routes.addAll(m.routes());
            out.add(new ControlReading(chain, p.contract, block, ControlReading.Status.READ, null, hasCode, p.upgradeable, p.proxy,
                    p.implementation, p.beacon, p.uups, controller, routes, notes));
        }
        return out;
    }
}
