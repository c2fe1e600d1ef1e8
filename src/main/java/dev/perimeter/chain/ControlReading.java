package dev.perimeter.chain;

import java.math.BigInteger;
import java.util.List;

/**
 * Who controls one contract, as read on-chain at one block: whether it is a proxy and what it delegates to, who can
 * upgrade it (followed up to {@link ControlReads#MAX_HOPS} hops and classified), and what verifies its bridge messages.
 * Addresses are lowercase. A read that failed is said ({@link Status#NOT_READ}, a hop of kind {@code not_read}), never
 * guessed.
 *
 * @param status         whether the contract's first reads (its proxy slots and owner) arrived
 * @param problem        why it was not read, in Perimeter's words (null when read)
 * @param hasCode        false when the address has no code (an EOA, not a contract: checked only when every call answered
 *                       with no data); null when not checked
 * @param upgradeable    a proxy slot names an implementation or a beacon (null when not read)
 * @param proxy          which slots did: {@code eip-1967}, {@code eip-1967-beacon}, {@code eip-1822},
 *                       {@code zeppelinos} (OpenZeppelin's older slots); null for no proxy
 * @param implementation the implementation the proxy delegates to (the beacon's implementation() for a beacon proxy)
 * @param uups           the implementation answers proxiableUUID() with the EIP-1967 slot (the upgrade is done by the
 *                       implementation's own code, allowed to its owner or admin role); null when not asked or not read
 * @param controller     who can upgrade or administer it, after following the hops; null when no admin slot, owner(),
 *                       beacon or DEFAULT_ADMIN_ROLE member answered
 * @param messaging      the verification of its bridge routes (LayerZero V2 OApps/OFTs), one entry per remote chain
 * @param notes          what a reader should know (a loop, an answer that made no sense, a read that failed)
 */
public record ControlReading(String chain, String contract, long block, Status status, String problem, Boolean hasCode,
                             Boolean upgradeable,
                             String proxy, String implementation, String beacon, Boolean uups, Controller controller,
                             List<Messaging> messaging, List<String> notes) {
    public ControlReading {
        messaging = messaging == null ? List.of() : List.copyOf(messaging);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public enum Status {
        READ, NOT_READ;

        public String code() {
            return this == READ ? "read" : "not_read";
        }
    }

    /** The contract's control could not be read at all (its first request failed): "control not read". */
    public static ControlReading notRead(String chain, String contract, long block, String problem) {
        return new ControlReading(chain, contract, block, Status.NOT_READ, problem, null, null, null, null, null, null, null, List.of(),
                List.of());
    }

    public boolean read() {
        return status == Status.READ;
    }

    /** Kinds of an address that controls something. */
    public static final String EOA = "eoa", SAFE = "safe", TIMELOCK = "timelock", CONTRACT = "contract", NONE = "none",
            NOT_READ_KIND = "not_read";

    /**
     * One address on the way from the contract to whoever controls it.
     * @param how       how it was reached from the step before, e.g. "EIP-1967 admin slot", "owner()", "beacon slot",
     *                  "DEFAULT_ADMIN_ROLE member", "TimelockController proposer"
     * @param kind      eoa | safe | timelock | contract | none | not_read
     * @param delegate  for an EOA with EIP-7702 delegated code: the address its code delegates to; else null
     * @param threshold a Safe's getThreshold() (null otherwise)
     * @param owners    a Safe's getOwners() (empty otherwise)
     * @param delaySeconds a timelock's getMinDelay() (null otherwise)
     * @param owner     what the contract's owner() answered (null when it has none or did not answer; the zero address
     *                  when renounced)
     */
    public record Hop(String address, String how, String kind, String delegate, Integer threshold, List<String> owners,
                      BigInteger delaySeconds, String owner, String note) {
        public Hop {
            owners = owners == null ? List.of() : List.copyOf(owners);
        }
    }

    /**
     * Who controls the contract: the last hop reached, the hops before it, and the longest timelock delay on the way.
     * @param path         every hop from the contract's own pointer (hop 1) to the last, in order
     * @param delaySeconds the largest getMinDelay() of a timelock on the path (an upgrade waits at least that long), or null
     *                     when no timelock is on it
     */
    public record Controller(List<Hop> path, BigInteger delaySeconds) {
        public Controller {
            path = List.copyOf(path);
        }

        public Hop last() {
            return path.get(path.size() - 1);
        }

        /** The hops before the last, in order. */
        public List<Hop> via() {
            return path.subList(0, path.size() - 1);
        }
    }

    /**
     * One bridge route's verification as configured on this chain: what a message from {@code remoteChain} needs before
     * this contract acts on it.
     * @param protocol          "layerzero-v2"
     * @param peer              the remote contract the route trusts (the peer's bytes32 as an address when it is one)
     * @param endpoint          the messaging endpoint the contract names
     * @param library           the receive library that verifies messages from the remote chain
     * @param defaultLibrary    the library is the endpoint's default (the contract set none of its own)
     * @param confirmations     block confirmations the verifiers wait for on the remote chain
     * @param requiredVerifiers verifiers that must all attest (LayerZero: required DVNs)
     * @param optionalVerifiers verifiers of which {@code optionalThreshold} must attest
     * @param problem           why the route's configuration was not read (null when it was)
     */
    public record Messaging(String protocol, String remoteChain, long remoteId, String peer, String endpoint, String library,
                            Boolean defaultLibrary, BigInteger confirmations, List<String> requiredVerifiers,
                            List<String> optionalVerifiers, Integer optionalThreshold, String problem) {
        public Messaging {
            requiredVerifiers = requiredVerifiers == null ? List.of() : List.copyOf(requiredVerifiers);
            optionalVerifiers = optionalVerifiers == null ? List.of() : List.copyOf(optionalVerifiers);
        }

        public boolean read() {
            return problem == null;
        }

        /** How many verifiers must attest a message: every required one plus the optional threshold (null when not read). */
        public Integer needed() {
            return read() ? requiredVerifiers.size() + (optionalThreshold == null ? 0 : optionalThreshold) : null;
        }

        /** How many verifiers are configured in all (null when not read). */
        public Integer configured() {
            return read() ? requiredVerifiers.size() + optionalVerifiers.size() : null;
        }
    }
}
