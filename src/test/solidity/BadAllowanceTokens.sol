// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title RevertingAllowanceToken
/// @notice Fault-injection token for the allowance check: every account holds 1e18 (balanceOf works), allowance()
///         always reverts.
contract RevertingAllowanceToken {
    function decimals() external pure returns (uint8) {
        return 18;
    }

    function totalSupply() external pure returns (uint256) {
        return 1e24;
    }

    function balanceOf(address) external pure returns (uint256) {
        return 1e18;
    }

    function allowance(address, address) external pure returns (uint256) {
        revert("RevertingAllowanceToken: allowance always reverts");
    }
}

/// @title GarbageAllowanceToken
/// @notice Fault-injection token for the allowance check: every account holds 1e18, allowance() succeeds but returns
///         one byte (0xff) instead of a 32-byte word.
contract GarbageAllowanceToken {
    function decimals() external pure returns (uint8) {
        return 18;
    }

    function totalSupply() external pure returns (uint256) {
        return 1e24;
    }

    function balanceOf(address) external pure returns (uint256) {
        return 1e18;
    }

    function allowance(address, address) external pure returns (uint256) {
        assembly {
            mstore(0x00, shl(248, 0xff))
            return(0x00, 0x01)
        }
    }
}

/// @title GasBurningAllowanceToken
/// @notice Fault-injection token for the allowance check: every account holds 1e18, allowance() loops until it runs
///         out of gas (it takes all the gas its caller forwards).
contract GasBurningAllowanceToken {
    function decimals() external pure returns (uint8) {
        return 18;
    }

    function totalSupply() external pure returns (uint256) {
        return 1e24;
    }

    function balanceOf(address) external pure returns (uint256) {
        return 1e18;
    }

    function allowance(address, address) external view returns (uint256 n) {
        while (gasleft() > 0) {
            n++;
        }
    }
}
