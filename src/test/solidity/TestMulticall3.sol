// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title TestMulticall3
/// @notice Test-only batching contract, ABI-compatible with the subset of canonical
///         Multicall3 (0xcA11bde05977b3631167028862bE2a173976CA11) that Perimeter uses.
///         Written from scratch for Perimeter's tests; only the public ABI (function
///         names, struct layouts, revert string) mirrors Multicall3.
/// @dev    Placed on a node with anvil_setCode: no constructor, no immutables, no storage.
///         Like the canonical contract, calls use a plain low-level CALL, so a call to an
///         address without code "succeeds" with empty returnData.
contract TestMulticall3 {
    struct Call {
        address target;
        bytes callData;
    }

    struct Call3 {
        address target;
        bool allowFailure;
        bytes callData;
    }

    struct Result {
        bool success;
        bytes returnData;
    }

    string private constant CALL_FAILED = "Multicall3: call failed";

    /// @notice Runs every call; reverts if any call fails.
    function aggregate(Call[] calldata calls)
        external
        payable
        returns (uint256 blockNumber, bytes[] memory returnData)
    {
        blockNumber = block.number;
        uint256 count = calls.length;
        returnData = new bytes[](count);
        for (uint256 i = 0; i < count; ++i) {
            (bool ok, bytes memory out) = calls[i].target.call(calls[i].callData);
            require(ok, CALL_FAILED);
            returnData[i] = out;
        }
    }

    /// @notice Runs every call; reverts on a failed call only when requireSuccess is true.
    function tryAggregate(bool requireSuccess, Call[] calldata calls)
        external
        payable
        returns (Result[] memory returnData)
    {
        uint256 count = calls.length;
        returnData = new Result[](count);
        for (uint256 i = 0; i < count; ++i) {
            (bool ok, bytes memory out) = calls[i].target.call(calls[i].callData);
            if (requireSuccess) {
                require(ok, CALL_FAILED);
            }
            returnData[i] = Result({success: ok, returnData: out});
        }
    }

    /// @notice Runs every call; reverts when a call that does not allow failure fails.
    function aggregate3(Call3[] calldata calls) external payable returns (Result[] memory returnData) {
        uint256 count = calls.length;
        returnData = new Result[](count);
        for (uint256 i = 0; i < count; ++i) {
            Call3 calldata c = calls[i];
            (bool ok, bytes memory out) = c.target.call(c.callData);
            if (!c.allowFailure) {
                require(ok, CALL_FAILED);
            }
            returnData[i] = Result({success: ok, returnData: out});
        }
    }

    /// @notice Native balance of addr.
    function getEthBalance(address addr) external view returns (uint256 balance) {
        balance = addr.balance;
    }

    /// @notice Current block number.
    function getBlockNumber() external view returns (uint256 blockNumber) {
        blockNumber = block.number;
    }

    /// @notice Current chain id.
    function getChainId() external view returns (uint256 chainid) {
        chainid = block.chainid;
    }

    /// @notice Current block timestamp.
    function getCurrentBlockTimestamp() external view returns (uint256 timestamp) {
        timestamp = block.timestamp;
    }
}
