// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title AllowanceSweep
/// @notice Perimeter's exploited-contract check, run by eth_call through the state-override parameter: its runtime code
///         is placed at an address for that one call and never deployed. For one owner it reads
///         allowance(owner, spender) of every token for every spender and returns only the nonzero answers.
///         Written for Perimeter (dev.perimeter.chain.AllowanceSweep reads its answer).
/// @dev    Call data (no selector), 32-byte words:
///             owner, T, S, token[0..T), spender[0..S)
///         Answer, 32-byte words:
///             T * S (the pairs checked; a node that ignored the override answers "0x" instead),
///             then for each nonzero allowance, in token-major order: the pair index i * S + j, the allowance.
///         Each token is called as Multicall3's aggregate3 calls it: a plain CALL with all remaining gas. A pair counts
///         only when the call succeeds and returns exactly one word, as Perimeter decodes an aggregate3 result; a token
///         that reverts, has no code or returns other data is skipped. When a call leaves less than 1/32 of the gas
///         the sweep started with (a token ate it), the sweep reverts rather than skip the pairs after it.
contract AllowanceSweep {
    fallback() external {
        assembly {
            let floor := div(gas(), 32)
            let owner := calldataload(0)
            let nt := calldataload(32)
            let ns := calldataload(64)
            let tokens := 96
            let spenders := add(tokens, mul(nt, 32))
            let end := add(spenders, mul(ns, 32))
            if or(or(gt(nt, 0xffffffff), gt(ns, 0xffffffff)), lt(calldatasize(), end)) { revert(0, 0) }
            // allowance(address,address) call data at 0x00..0x44; the answer word at 0x60
            mstore(0x00, shl(224, 0xdd62ed3e))
            mstore(0x04, owner)
            let out := 0x80
            let p := add(out, 32)
            let pair := 0
            for { let t := tokens } lt(t, spenders) { t := add(t, 32) } {
                let token := calldataload(t)
                for { let s := spenders } lt(s, end) { s := add(s, 32) } {
                    mstore(0x24, calldataload(s))
                    let ok := call(gas(), token, 0, 0x00, 0x44, 0x60, 0x20)
                    if lt(gas(), floor) { revert(0, 0) }
                    if and(ok, eq(returndatasize(), 32)) {
                        let v := mload(0x60)
                        if v {
                            mstore(p, pair)
                            mstore(add(p, 32), v)
                            p := add(p, 64)
                        }
                    }
                    pair := add(pair, 1)
                }
            }
            mstore(out, mul(nt, ns))
            return(out, sub(p, out))
        }
    }
}
