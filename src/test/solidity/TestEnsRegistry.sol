// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title TestEnsRegistry
/// @notice Minimal test-only ENS registry: only the resolver lookup that name resolution
///         needs. Meant to sit at the mainnet registry address
///         0x00000000000C2E074eC69A0dFb2997BA6C7d2e1e via anvil_setCode.
/// @dev    setResolver() is open to anyone: never deploy this anywhere real.
contract TestEnsRegistry {
    mapping(bytes32 node => address resolverAddress) private _resolvers;

    event NewResolver(bytes32 indexed node, address resolver);

    /// @notice Resolver for node, or address(0) when none is set.
    function resolver(bytes32 node) external view returns (address) {
        return _resolvers[node];
    }

    /// @notice Test setter: sets the resolver for node.
    function setResolver(bytes32 node, address resolverAddress) external {
        _resolvers[node] = resolverAddress;
        emit NewResolver(node, resolverAddress);
    }

    /// @notice True when a resolver is set for node.
    function recordExists(bytes32 node) external view returns (bool) {
        return _resolvers[node] != address(0);
    }
}
