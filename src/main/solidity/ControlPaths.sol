// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title ControlPaths
/// @notice The follow-up control reads of a wallet scan in one eth_call, run through the state-override parameter: its
///         runtime code is placed at an address for that one call and never deployed. Written for Perimeter
///         (dev.perimeter.chain.ControlPaths reads its answer; dev.perimeter.chain.ControlReads decides what it means).
///         A contract cannot read another contract's storage, so the proxy slots are read before (eth_getStorageAt);
///         everything after them is calls, which this contract makes on-chain instead of one request per step:
///         (1) from each first hop (a proxy admin, a beacon, an owner), the calls Perimeter classifies an address by
///         (Safe's getThreshold/getOwners, a timelock's getMinDelay and proposers, owner(), implementation()), and the
///         same for every address an answer names (owner(), a proposer), up to `depth` levels — a tree, since which
///         answer is followed is Perimeter's decision after the call, never this contract's; (2) for each LayerZero V2
///         route, the endpoint's getReceiveLibrary and then getConfig of the library it answered.
/// @dev    Call data (no selector), 32-byte words:
///             depth, K, followMask, R,
///             K calls of 4 words each (length <= 96, then the call data, left-aligned),
///             R roots (addresses),
///             L, then L routes of 3 words (endpoint, oapp, eid)
///         Answer, 32-byte words:
///             N (addresses read), then N records: address, code size, code (23 bytes, left-aligned, only when the code
///               is 23 bytes long: an EIP-7702 designator; else 0), then K answers;
///             L, then L records of 2 answers (getReceiveLibrary, then getConfig; getConfig not called — success 0,
///               length 0 — when getReceiveLibrary's answer is not two words starting with a clean nonzero address).
///         An answer is: success (0/1), length, the return data padded to whole words (at most 4,096 bytes: longer data
///         is cut there and its length says 4,096). Call k is followed from an address when bit k of followMask is set
///         and it answers exactly one word holding a nonzero address (upper 12 bytes zero). Every call gets at most
///         500,000 gas; when less than 1/32 of the gas the call started with is left, it reverts (Perimeter then reads
///         step by step).
contract ControlPaths {
    fallback() external {
        assembly {
            let floor := div(gas(), 32)
            let depth := calldataload(0)
            let k := calldataload(32)
            let follow := calldataload(64)
            let r := calldataload(96)
            let callsAt := 128
            let rootsAt := add(callsAt, mul(k, 128))
            let routesAt := add(rootsAt, mul(r, 32))
            if or(or(gt(depth, 8), gt(k, 16)), or(gt(r, 0xffff), lt(calldatasize(), add(routesAt, 32)))) { revert(0, 0) }
            let l := calldataload(routesAt)
            if or(gt(l, 0xffff), lt(calldatasize(), add(add(routesAt, 32), mul(l, 96)))) { revert(0, 0) }

            // The addresses to read, level by level: at most r * (2^depth - 1) when every answer names a new one (two
            // followed calls); capped by what the memory holds.
            let nodes := mload(0x40)
            let cap := mul(r, sub(shl(depth, 1), 1))
            if gt(cap, 0x10000) { cap := 0x10000 }
            let buf := add(nodes, mul(cap, 32)) // call data and one answer word
            let out := add(buf, 0x100)
            let count := 0
            for { let i := 0 } lt(i, r) { i := add(i, 1) } {
                if lt(count, cap) {
                    mstore(add(nodes, mul(count, 32)), calldataload(add(rootsAt, mul(i, 32))))
                    count := add(count, 1)
                }
            }
            let start := 0
            let upto := count
            for { let d := 1 } lt(d, depth) { d := add(d, 1) } {
                for { let n := start } lt(n, upto) { n := add(n, 1) } {
                    let a := mload(add(nodes, mul(n, 32)))
                    for { let c := 0 } lt(c, k) { c := add(c, 1) } {
                        if and(shr(c, follow), 1) {
                            let at := add(callsAt, mul(c, 128))
                            let len := calldataload(at)
                            calldatacopy(buf, add(at, 32), 96)
                            let ok := staticcall(500000, a, buf, len, add(buf, 0xc0), 0x20)
                            if lt(gas(), floor) { revert(0, 0) }
                            if and(ok, eq(returndatasize(), 32)) {
                                let v := mload(add(buf, 0xc0))
                                if and(iszero(shr(160, v)), iszero(iszero(v))) {
                                    if lt(count, cap) {
                                        mstore(add(nodes, mul(count, 32)), v)
                                        count := add(count, 1)
                                    }
                                }
                            }
                        }
                    }
                }
                start := upto
                upto := count
            }

            // Every address's answers.
            mstore(out, count)
            let p := add(out, 32)
            for { let n := 0 } lt(n, count) { n := add(n, 1) } {
                let a := mload(add(nodes, mul(n, 32)))
                mstore(p, a)
                let size := extcodesize(a)
                mstore(add(p, 32), size)
                mstore(add(p, 64), 0)
                if eq(size, 23) { extcodecopy(a, add(p, 64), 0, 23) }
                p := add(p, 96)
                for { let c := 0 } lt(c, k) { c := add(c, 1) } {
                    let at := add(callsAt, mul(c, 128))
                    calldatacopy(buf, add(at, 32), 96)
                    let ok := staticcall(500000, a, buf, calldataload(at), 0, 0)
                    if lt(gas(), floor) { revert(0, 0) }
                    let rs := returndatasize()
                    if gt(rs, 4096) { rs := 4096 }
                    mstore(p, ok)
                    mstore(add(p, 32), rs)
                    mstore(add(add(p, 64), and(rs, not(31))), 0) // zero the last word's padding
                    returndatacopy(add(p, 64), 0, rs)
                    p := add(add(p, 64), and(add(rs, 31), not(31)))
                }
            }

            // The LayerZero V2 routes: getReceiveLibrary(oapp, eid), then getConfig(oapp, lib, eid, 2).
            mstore(p, l)
            p := add(p, 32)
            for { let i := 0 } lt(i, l) { i := add(i, 1) } {
                let at := add(add(routesAt, 32), mul(i, 96))
                let endpoint := calldataload(at)
                let oapp := calldataload(add(at, 32))
                let eid := calldataload(add(at, 64))
                mstore(buf, shl(224, 0x402f8468)) // getReceiveLibrary(address,uint32)
                mstore(add(buf, 4), oapp)
                mstore(add(buf, 36), eid)
                let ok := staticcall(500000, endpoint, buf, 68, 0, 0)
                if lt(gas(), floor) { revert(0, 0) }
                let rs := returndatasize()
                if gt(rs, 4096) { rs := 4096 }
                mstore(p, ok)
                mstore(add(p, 32), rs)
                mstore(add(add(p, 64), and(rs, not(31))), 0)
                returndatacopy(add(p, 64), 0, rs)
                let lib := 0
                if and(ok, eq(rs, 64)) {
                    lib := mload(add(p, 64))
                    if shr(160, lib) { lib := 0 }
                }
                p := add(add(p, 64), and(add(rs, 31), not(31)))
                switch lib
                case 0 {
                    mstore(p, 0)
                    mstore(add(p, 32), 0)
                    p := add(p, 64)
                }
                default {
                    mstore(buf, shl(224, 0x2b3197b9)) // getConfig(address,address,uint32,uint32)
                    mstore(add(buf, 4), oapp)
                    mstore(add(buf, 36), lib)
                    mstore(add(buf, 68), eid)
                    mstore(add(buf, 100), 2)
                    ok := staticcall(500000, endpoint, buf, 132, 0, 0)
                    if lt(gas(), floor) { revert(0, 0) }
                    rs := returndatasize()
                    if gt(rs, 4096) { rs := 4096 }
                    mstore(p, ok)
                    mstore(add(p, 32), rs)
                    mstore(add(add(p, 64), and(rs, not(31))), 0)
                    returndatacopy(add(p, 64), 0, rs)
                    p := add(add(p, 64), and(add(rs, 31), not(31)))
                }
            }
            return(out, sub(p, out))
        }
    }
}
