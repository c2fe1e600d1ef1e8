package dev.perimeter.chain;

import java.util.Map;
import java.util.Optional;

/**
 * LayerZero V2 as LayerZero itself publishes it, for the chains Perimeter knows: each chain's endpoint id (eid) and its
 * EndpointV2 address.
 * <ul>
 * <li>Endpoint ids: the {@code EndpointId} enum of LayerZero's npm package {@code @layerzerolabs/lz-definitions} 3.1.13
 * ({@code dist/index.d.ts}: ETHEREUM_V2_MAINNET = 30101, BSC_V2_MAINNET = 30102, AVALANCHE_V2_MAINNET = 30106,
 * POLYGON_V2_MAINNET = 30109, ARBITRUM_V2_MAINNET = 30110, OPTIMISM_V2_MAINNET = 30111, BASE_V2_MAINNET = 30184); the
 * first four also on LayerZero's "Deployed Endpoints" page (https://docs.layerzero.network/v2/deployments/deployed-contracts).</li>
 * <li>EndpointV2: {@code deployments/<chain>-mainnet/EndpointV2.json} of LayerZero's npm package
 * {@code @layerzerolabs/lz-evm-sdk-v2} 3.1.10, the same address on all seven chains.</li>
 * <li>The reads: {@code OAppCore.endpoint()} and {@code peers(uint32)} (LayerZero-Labs/LayerZero-v2@9c741e7f,
 * packages/layerzero-v2/evm/oapp/contracts/oapp/OAppCore.sol), {@code MessageLibManager.getReceiveLibrary(address,uint32)}
 * → (lib, isDefault) and {@code getConfig(address oapp, address lib, uint32 eid, uint32 configType)} → bytes
 * (protocol/contracts/MessageLibManager.sol), which ReceiveUln302 answers for configType 2 ({@code CONFIG_TYPE_ULN}) with
 * {@code abi.encode(UlnConfig)}: confirmations (uint64), requiredDVNCount, optionalDVNCount, optionalDVNThreshold (uint8),
 * requiredDVNs, optionalDVNs (address[]); the effective configuration, the default filled in where the OApp set none
 * (messagelib/contracts/uln/UlnBase.sol getUlnConfig, uln302/ReceiveUln302.sol).</li>
 * </ul>
 */
public final class LayerZeroV2 {
    /** EndpointV2 on every chain below (lowercase). */
    public static final String ENDPOINT_V2 = "0x1a44076050125825900e736c501f859c50fe728c";
    /** getConfig's config type of a ULN (ReceiveUln302's CONFIG_TYPE_ULN). */
    static final int CONFIG_TYPE_ULN = 2;
    /** UlnBase's MAX_COUNT: (type(uint8).max - 1) / 2 verifiers of each list at most. */
    static final int MAX_VERIFIERS = 127;

    private static final Map<String, Long> EIDS = Map.of(
            "ethereum", 30101L, "bsc", 30102L, "avalanche", 30106L, "polygon", 30109L, "arbitrum", 30110L, "optimism", 30111L,
            "base", 30184L);

    private LayerZeroV2() {}

    /** The endpoint id of a chain Perimeter knows. */
    public static Optional<Long> eid(String chain) {
        return Optional.ofNullable(EIDS.get(chain));
    }

    /** The chain of an endpoint id, among the chains Perimeter knows. */
    public static Optional<String> chainOf(long eid) {
        return EIDS.entrySet().stream().filter(e -> e.getValue() == eid).map(Map.Entry::getKey).findFirst();
    }

    /** The EndpointV2 address on a chain Perimeter knows. */
    public static Optional<String> endpoint(String chain) {
        return EIDS.containsKey(chain) ? Optional.of(ENDPOINT_V2) : Optional.empty();
    }
}
