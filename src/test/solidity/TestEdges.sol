// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {TestToken} from "./TestToken.sol";

/// @title TestVault4626
/// @notice An OpenZeppelin ERC-4626 vault over one asset. Unlike the other test contracts it is deployed with its
///         constructor (ERC4626 keeps its asset in an immutable), at whatever address anvil gives it.
contract TestVault4626 is ERC4626 {
    constructor(IERC20 asset_, string memory name_, string memory symbol_) ERC20(name_, symbol_) ERC4626(asset_) {}
}

/// @title TestCurvePool
/// @notice A Curve-style pool that is its own LP token (as stableswap-ng pools are): an ERC-20 (TestToken) with
///         coins(uint256), which reverts past the last coin as Curve's Vyper pools do. setCoins is open.
contract TestCurvePool is TestToken {
    address[] private _coins;

    function setCoins(address[] calldata coins_) external {
        _coins = coins_;
    }

    function coins(uint256 i) external view returns (address) {
        return _coins[i];
    }
}

/// @title TestCurveLpToken
/// @notice An older Curve LP token: an ERC-20 (TestToken) whose minter() is the pool; the coins live on the pool.
contract TestCurveLpToken is TestToken {
    address private _minter;

    function setMinter(address minter_) external {
        _minter = minter_;
    }

    function minter() external view returns (address) {
        return _minter;
    }
}

/// @title TestUniswapV2Pair
/// @notice A Uniswap V2-style pair: an ERC-20 (TestToken) with token0(), token1() and getReserves(). setTokens and
///         setReserves are open.
contract TestUniswapV2Pair is TestToken {
    address private _token0;
    address private _token1;
    uint112 private _reserve0;
    uint112 private _reserve1;
    uint32 private _blockTimestampLast;

    function setTokens(address token0_, address token1_) external {
        _token0 = token0_;
        _token1 = token1_;
    }

    function setReserves(uint112 reserve0_, uint112 reserve1_) external {
        _reserve0 = reserve0_;
        _reserve1 = reserve1_;
        _blockTimestampLast = uint32(block.timestamp);
    }

    function token0() external view returns (address) {
        return _token0;
    }

    function token1() external view returns (address) {
        return _token1;
    }

    function getReserves() external view returns (uint112, uint112, uint32) {
        return (_reserve0, _reserve1, _blockTimestampLast);
    }
}

/// @title FakeAssetToken
/// @notice An ERC-20 (TestToken) with an asset() that answers an address but none of ERC-4626's other functions: it
///         must not be taken for a vault.
contract FakeAssetToken is TestToken {
    address private _asset;

    function setAsset(address asset_) external {
        _asset = asset_;
    }

    function asset() external view returns (address) {
        return _asset;
    }
}
