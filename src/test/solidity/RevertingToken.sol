// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title RevertingToken
/// @notice Fault-injection token: metadata reads work, balanceOf() always reverts.
contract RevertingToken {
    function name() external pure returns (string memory) {
        return "Reverting Token";
    }

    function symbol() external pure returns (string memory) {
        return "REVERT";
    }

    function decimals() external pure returns (uint8) {
        return 18;
    }

    function totalSupply() external pure returns (uint256) {
        return 0;
    }

    function balanceOf(address) external pure returns (uint256) {
        revert("RevertingToken: balanceOf always reverts");
    }
}

/// @title LyingToken
/// @notice Fault-injection token whose metadata calls succeed but return data that does
///         not decode: decimals() returns a single byte (0x12) instead of a 32-byte word,
///         symbol() returns one word whose string offset points past the end, name()
///         returns no data at all. balanceOf() is well-formed and reads a balance set
///         with setBalance() (zero from empty storage).
/// @dev    setBalance() is open to anyone: never deploy this anywhere real.
contract LyingToken {
    mapping(address account => uint256 amount) private _balances;

    function decimals() external pure returns (uint8) {
        assembly {
            mstore(0x00, shl(248, 0x12))
            return(0x00, 0x01)
        }
    }

    function symbol() external pure returns (string memory) {
        assembly {
            mstore(0x00, 0xffff)
            return(0x00, 0x20)
        }
    }

    function name() external pure returns (string memory) {
        assembly {
            return(0x00, 0x00)
        }
    }

    function balanceOf(address account) external view returns (uint256) {
        return _balances[account];
    }

    /// @notice Test setter for balanceOf(account).
    function setBalance(address account, uint256 amount) external {
        _balances[account] = amount;
    }
}
