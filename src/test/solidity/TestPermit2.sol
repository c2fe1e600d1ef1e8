// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title TestPermit2
/// @notice A stand-in for Uniswap's Permit2 allowances, written for Perimeter from Permit2's published interface
///         (Uniswap/permit2 src/interfaces/IAllowanceTransfer.sol at cc56ad0f3439c502c246fc5cfcc3db92bb8b7219): the
///         public `allowance(owner, token, spender)` returning (uint160 amount, uint48 expiration, uint48 nonce), `approve`
///         with the Approval event, and an expiration of 0 stored as the block's timestamp (src/libraries/Allowance.sol).
///         Placed at Permit2's address with anvil_setCode. Open test helpers set any owner's allowance without its key, with
///         the events Permit2 emits: `approveFrom` (Approval, as approve), `permitFrom` (Permit, as a signed permit: nonce
///         + 1) and `lockdownFrom` (Lockdown: amount 0). No transfers, no signatures.
contract TestPermit2 {
    struct PackedAllowance {
        uint160 amount;
        uint48 expiration;
        uint48 nonce;
    }

    event Approval(address indexed owner, address indexed token, address indexed spender, uint160 amount, uint48 expiration);
    event Permit(address indexed owner, address indexed token, address indexed spender, uint160 amount, uint48 expiration, uint48 nonce);
    event Lockdown(address indexed owner, address token, address spender);

    mapping(address => mapping(address => mapping(address => PackedAllowance))) public allowance;

    function approve(address token, address spender, uint160 amount, uint48 expiration) external {
        _approve(msg.sender, token, spender, amount, expiration);
    }

    function approveFrom(address owner, address token, address spender, uint160 amount, uint48 expiration) external {
        _approve(owner, token, spender, amount, expiration);
    }

    function permitFrom(address owner, address token, address spender, uint160 amount, uint48 expiration) external {
        PackedAllowance storage a = allowance[owner][token][spender];
        uint48 nonce = a.nonce;
        a.amount = amount;
        a.expiration = expiration == 0 ? uint48(block.timestamp) : expiration;
        a.nonce = nonce + 1;
        emit Permit(owner, token, spender, amount, expiration, nonce);
    }

    function lockdownFrom(address owner, address token, address spender) external {
        allowance[owner][token][spender].amount = 0;
        emit Lockdown(owner, token, spender);
    }

    function _approve(address owner, address token, address spender, uint160 amount, uint48 expiration) private {
        PackedAllowance storage a = allowance[owner][token][spender];
        a.expiration = expiration == 0 ? uint48(block.timestamp) : expiration;
        a.amount = amount;
        emit Approval(owner, token, spender, amount, expiration);
    }
}
