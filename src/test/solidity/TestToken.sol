// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestToken
/// @notice Test-only ERC-20 that works at any address after anvil_setCode.
///         The constructor never runs in that setup, so name/symbol/decimals live in
///         this contract's own storage and are set once through initialize().
/// @dev    mint() and approveFrom() are open to anyone: never deploy this anywhere real.
contract TestToken is ERC20 {
    // Storage after ERC20's slots (0 _balances, 1 _allowances, 2 _totalSupply, 3 _name, 4 _symbol).
    string private _tokenName;
    string private _tokenSymbol;
    uint8 private _tokenDecimals;
    bool private _initialized;

    error AlreadyInitialized();

    constructor() ERC20("", "") {}

    /// @notice Sets name, symbol and decimals. Callable once.
    function initialize(string calldata name_, string calldata symbol_, uint8 decimals_) external {
        if (_initialized) {
            revert AlreadyInitialized();
        }
        _initialized = true;
        _tokenName = name_;
        _tokenSymbol = symbol_;
        _tokenDecimals = decimals_;
    }

    /// @notice Whether initialize() has been called.
    function initialized() external view returns (bool) {
        return _initialized;
    }

    function name() public view override returns (string memory) {
        return _tokenName;
    }

    function symbol() public view override returns (string memory) {
        return _tokenSymbol;
    }

    function decimals() public view override returns (uint8) {
        return _tokenDecimals;
    }

    /// @notice Test helper: creates amount tokens for to (emits Transfer(0, to, amount)).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Test helper: sets owner's allowance for spender without owner's signature
    ///         (emits Approval(owner, spender, amount)).
    function approveFrom(address owner, address spender, uint256 amount) external {
        _approve(owner, spender, amount);
    }
}
