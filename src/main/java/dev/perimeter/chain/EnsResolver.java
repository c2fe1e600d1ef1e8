package dev.perimeter.chain;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * ENS name → address on ethereum: the registry's {@code resolver(node)}, then that resolver's {@code addr(node)}, with
 * the name hashed after ENSIP-15 normalisation ({@link EnsName}). Two requests at "latest".
 */
final class EnsResolver {
    static final String REGISTRY = "0x00000000000c2e074ec69a0dfb2997ba6c7d2e1e";
    private static final String ZERO = Abi.ZERO_ADDRESS;

    private final Supplier<JsonRpcClient> client;

    /** @param client a fresh client for each look-up (its own request counters) */
    EnsResolver(Supplier<JsonRpcClient> client) {
        this.client = client;
    }

    /**
     * The lowercase address the name points at; empty when it has no resolver or no address.
     * @throws IllegalArgumentException when ENSIP-15 refuses the name
     * @throws RpcException when the registry cannot be read
     */
    Optional<String> resolve(String name, Deadline deadline) {
        byte[] node = EnsName.namehash(name);
        JsonRpcClient rpc = client.get();
        JsonRpcClient.Result r = rpc.call(Batch.ethCall(REGISTRY, Abi.resolver(node), "latest"), deadline);
        if (!r.ok()) throw RpcException.fromProvider(RpcException.Kind.RPC_ERROR, r.errorMessage());
        String resolver = Abi.address(r.text());
        if (resolver == null || resolver.equals(ZERO)) return Optional.empty();
        JsonRpcClient.Result a = rpc.call(Batch.ethCall(resolver, Abi.addr(node), "latest"), deadline);
        if (!a.ok()) return Optional.empty();
        String addr = Abi.address(a.text());
        return addr == null || addr.equals(ZERO) ? Optional.empty() : Optional.of(addr);
    }
}
