// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title TestEnsResolver
/// @notice Minimal test-only ENS resolver: forward addr() records (EIP-137) and reverse
///         name() records (EIP-181), with ERC-165 discovery.
/// @dev    Setters are open to anyone: never deploy this anywhere real.
contract TestEnsResolver {
    bytes4 private constant INTERFACE_ERC165 = 0x01ffc9a7; // supportsInterface(bytes4)
    bytes4 private constant INTERFACE_ADDR = 0x3b3b57de; // addr(bytes32)
    bytes4 private constant INTERFACE_NAME = 0x691f3431; // name(bytes32)

    mapping(bytes32 node => address addrRecord) private _addrs;
    mapping(bytes32 node => string nameRecord) private _names;

    event AddrChanged(bytes32 indexed node, address a);
    event NameChanged(bytes32 indexed node, string name);

    function addr(bytes32 node) external view returns (address) {
        return _addrs[node];
    }

    /// @notice Test setter for addr(node).
    function setAddr(bytes32 node, address a) external {
        _addrs[node] = a;
        emit AddrChanged(node, a);
    }

    function name(bytes32 node) external view returns (string memory) {
        return _names[node];
    }

    /// @notice Test setter for name(node) (reverse records).
    function setName(bytes32 node, string calldata newName) external {
        _names[node] = newName;
        emit NameChanged(node, newName);
    }

    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == INTERFACE_ERC165 || interfaceId == INTERFACE_ADDR || interfaceId == INTERFACE_NAME;
    }
}
