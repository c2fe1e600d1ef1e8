// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {TestToken} from "./TestToken.sol";

/// @title TestAavePool
/// @notice The views Perimeter reads of an Aave V3 Pool (aave-v3-core IPool): getReservesList(), getConfiguration(asset)
///         as the real ReserveConfigurationMap (one uint256 bitmap: LTV bits 0-15, liquidation threshold 16-31, bonus
///         32-47, decimals 48-55, active 56, frozen 57, borrowing 58, paused 60) and getReserveData(asset) with the real
///         15-word ReserveDataLegacy layout (configuration first, aTokenAddress the 9th word). Written for tests: placed
///         with anvil_setCode, works from empty storage; setReserve is open.
contract TestAavePool {
    struct Reserve {
        uint256 configuration;
        address aToken;
        address variableDebtToken;
        uint16 id;
        bool listed;
    }

    address[] private _list;
    mapping(address => Reserve) private _reserves;

    /// Lists (or updates) a reserve: the bitmap is built from its parts as Aave's ReserveConfiguration does.
    function setReserve(address asset, address aToken, address variableDebtToken, uint16 ltvBps, uint16 liquidationThresholdBps,
        uint8 decimals, bool active, bool frozen, bool paused) external {
        uint256 c = uint256(ltvBps) | (uint256(liquidationThresholdBps) << 16) | (uint256(10500) << 32) | (uint256(decimals) << 48);
        if (active) c |= uint256(1) << 56;
        if (frozen) c |= uint256(1) << 57;
        c |= uint256(1) << 58; // borrowing enabled
        if (paused) c |= uint256(1) << 60;
        Reserve storage r = _reserves[asset];
        if (!r.listed) {
            r.listed = true;
            r.id = uint16(_list.length);
            _list.push(asset);
        }
        r.configuration = c;
        r.aToken = aToken;
        r.variableDebtToken = variableDebtToken;
    }

    function getReservesList() external view returns (address[] memory) {
        return _list;
    }

    function getConfiguration(address asset) external view returns (uint256) {
        return _reserves[asset].configuration;
    }

    /// aave-v3-core DataTypes.ReserveDataLegacy: 15 static words, encoded as the real Pool returns it.
    struct ReserveDataLegacy {
        uint256 configuration;
        uint128 liquidityIndex;
        uint128 currentLiquidityRate;
        uint128 variableBorrowIndex;
        uint128 currentVariableBorrowRate;
        uint128 currentStableBorrowRate;
        uint40 lastUpdateTimestamp;
        uint16 id;
        address aTokenAddress;
        address stableDebtTokenAddress;
        address variableDebtTokenAddress;
        address interestRateStrategyAddress;
        uint128 accruedToTreasury;
        uint128 unbacked;
        uint128 isolationModeTotalDebt;
    }

    function getReserveData(address asset) external view returns (ReserveDataLegacy memory d) {
        Reserve storage r = _reserves[asset];
        d.configuration = r.configuration;
        d.liquidityIndex = 1e27;
        d.variableBorrowIndex = 1e27;
        d.lastUpdateTimestamp = uint40(block.timestamp);
        d.id = r.id;
        d.aTokenAddress = r.aToken;
        d.variableDebtTokenAddress = r.variableDebtToken;
    }
}

/// @title TestAToken
/// @notice An Aave V3 aToken as Perimeter reads it (IAToken.UNDERLYING_ASSET_ADDRESS(), POOL()): an ERC-20 (TestToken)
///         whose underlying and pool are set through the open setAave.
contract TestAToken is TestToken {
    address private _underlying;
    address private _pool;

    function setAave(address underlying_, address pool_) external {
        _underlying = underlying_;
        _pool = pool_;
    }

    function UNDERLYING_ASSET_ADDRESS() external view returns (address) {
        return _underlying;
    }

    function POOL() external view returns (address) {
        return _pool;
    }
}

/// @title TestComet
/// @notice Compound v3's Comet views as Perimeter reads them (CometMainInterface/CometCore): baseToken(), numAssets(),
///         getAssetInfo(i) with the real AssetInfo struct (offset, asset, priceFeed, scale, borrowCollateralFactor,
///         liquidateCollateralFactor, liquidationFactor, supplyCap), balanceOf(account) (the base supplied),
///         collateralBalanceOf(account, asset), userBasic(account) and isWithdrawPaused(). Open setters; no transfers.
contract TestComet {
    struct AssetInfo {
        uint8 offset;
        address asset;
        address priceFeed;
        uint64 scale;
        uint64 borrowCollateralFactor;
        uint64 liquidateCollateralFactor;
        uint64 liquidationFactor;
        uint128 supplyCap;
    }

    address public baseToken;
    AssetInfo[] private _assets;
    mapping(address => uint256) private _base;
    mapping(address => mapping(address => uint128)) private _collateral;
    bool private _withdrawPaused;

    function setBase(address base) external {
        baseToken = base;
    }

    function addAsset(address asset, uint64 borrowCollateralFactor, uint64 liquidateCollateralFactor) external {
        _assets.push(AssetInfo(uint8(_assets.length), asset, address(0), 1e18, borrowCollateralFactor, liquidateCollateralFactor, 0.9e18,
            type(uint128).max));
    }

    function setBalance(address account, uint256 amount) external {
        _base[account] = amount;
    }

    function setCollateral(address account, address asset, uint128 amount) external {
        _collateral[account][asset] = amount;
    }

    function setWithdrawPaused(bool paused) external {
        _withdrawPaused = paused;
    }

    function numAssets() external view returns (uint8) {
        return uint8(_assets.length);
    }

    function getAssetInfo(uint8 i) external view returns (AssetInfo memory) {
        require(i < _assets.length, "BadAsset");
        return _assets[i];
    }

    function balanceOf(address account) external view returns (uint256) {
        return _base[account];
    }

    function collateralBalanceOf(address account, address asset) external view returns (uint128) {
        return _collateral[account][asset];
    }

    /// CometStorage.UserBasic: principal (the base supplied, positive) and assetsIn (bit i: collateral in asset i).
    function userBasic(address account) external view returns (int104 principal, uint64 baseTrackingIndex, uint64 baseTrackingAccrued,
        uint16 assetsIn, uint8 _reserved) {
        uint16 bits = 0;
        for (uint256 i = 0; i < _assets.length; i++) {
            if (_collateral[account][_assets[i].asset] > 0) bits |= uint16(1 << i);
        }
        return (int104(int256(_base[account])), 0, 0, bits, 0);
    }

    function isWithdrawPaused() external view returns (bool) {
        return _withdrawPaused;
    }
}

/// @title TestMetaMorpho
/// @notice A MetaMorpho vault as Perimeter reads it (metamorpho IMetaMorpho): an ERC-20 (TestToken) with ERC-4626
///         asset() and totalAssets(), MORPHO(), withdrawQueueLength(), withdrawQueue(i) and config(id) (cap, enabled,
///         removableAt). setVault and addMarket are open.
contract TestMetaMorpho is TestToken {
    struct MarketConfig {
        uint184 cap;
        bool enabled;
        uint64 removableAt;
    }

    address private _asset;
    address private _morpho;
    bytes32[] private _queue;
    mapping(bytes32 => MarketConfig) private _config;

    function setVault(address asset_, address morpho_) external {
        _asset = asset_;
        _morpho = morpho_;
    }

    function addMarket(bytes32 id, uint184 cap) external {
        _queue.push(id);
        _config[id] = MarketConfig(cap, true, 0);
    }

    function asset() external view returns (address) {
        return _asset;
    }

    function totalAssets() external view returns (uint256) {
        return totalSupply();
    }

    function MORPHO() external view returns (address) {
        return _morpho;
    }

    function withdrawQueueLength() external view returns (uint256) {
        return _queue.length;
    }

    function withdrawQueue(uint256 i) external view returns (bytes32) {
        return _queue[i];
    }

    function config(bytes32 id) external view returns (MarketConfig memory) {
        return _config[id];
    }
}

/// @title TestCurveGauge
/// @notice A Curve liquidity gauge as Perimeter reads it (LiquidityGauge lp_token()): an ERC-20 (TestToken) of staked LP.
contract TestCurveGauge is TestToken {
    address private _lp;

    function setLpToken(address lp) external {
        _lp = lp;
    }

    function lp_token() external view returns (address) {
        return _lp;
    }
}

/// @title TestConvexRewardPool
/// @notice A Convex BaseRewardPool as Perimeter reads it (stakingToken(), balanceOf): an ERC-20 (TestToken).
contract TestConvexRewardPool is TestToken {
    address private _staking;

    function setStakingToken(address t) external {
        _staking = t;
    }

    function stakingToken() external view returns (address) {
        return _staking;
    }
}

/// @title TestBalancerPool
/// @notice A Balancer V2 pool token as Perimeter reads it (BasePool getPoolId(), getVault()): an ERC-20 (TestToken).
contract TestBalancerPool is TestToken {
    bytes32 private _id;
    address private _vault;

    function setPool(bytes32 id, address vault) external {
        _id = id;
        _vault = vault;
    }

    function getPoolId() external view returns (bytes32) {
        return _id;
    }

    function getVault() external view returns (address) {
        return _vault;
    }
}

/// @title TestBalancerVault
/// @notice Balancer V2 Vault getPoolTokens(poolId) -> (tokens, balances, lastChangeBlock). setPoolTokens is open.
contract TestBalancerVault {
    mapping(bytes32 => address[]) private _tokens;

    function setPoolTokens(bytes32 id, address[] calldata tokens) external {
        _tokens[id] = tokens;
    }

    function getPoolTokens(bytes32 id) external view returns (address[] memory tokens, uint256[] memory balances, uint256 lastChangeBlock) {
        tokens = _tokens[id];
        balances = new uint256[](tokens.length);
        for (uint256 i = 0; i < tokens.length; i++) balances[i] = 1e18;
        lastChangeBlock = block.number;
    }
}

/// @title TestPendleToken
/// @notice A Pendle PT or YT as Perimeter reads it (IPPrincipalToken/IPYieldToken SY()): an ERC-20 (TestToken).
contract TestPendleToken is TestToken {
    address private _sy;

    function setSY(address sy) external {
        _sy = sy;
    }

    function SY() external view returns (address) {
        return _sy;
    }
}

/// @title TestPendleSY
/// @notice A Pendle SY as Perimeter reads it (IStandardizedYield yieldToken()): an ERC-20 (TestToken).
contract TestPendleSY is TestToken {
    address private _yield;

    function setYieldToken(address t) external {
        _yield = t;
    }

    function yieldToken() external view returns (address) {
        return _yield;
    }
}
