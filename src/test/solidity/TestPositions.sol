// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title TestPositionManager
/// @notice The reads Perimeter makes of Uniswap V3's NonfungiblePositionManager, with its ABI (v3-periphery
///         INonfungiblePositionManager.positions, IERC721Enumerable balanceOf/tokenOfOwnerByIndex). Written from scratch
///         for tests: placed with anvil_setCode, works from empty storage; mint is open and sets a position directly.
contract TestPositionManager {
    struct Pos {
        address token0;
        address token1;
        uint24 fee;
        int24 tickLower;
        int24 tickUpper;
        uint128 liquidity;
        uint128 tokensOwed0;
        uint128 tokensOwed1;
        bool exists;
    }

    mapping(uint256 => Pos) private _positions;
    mapping(address => uint256[]) private _owned;

    function mint(address owner, uint256 tokenId, address token0, address token1, uint24 fee, uint128 liquidity) external {
        require(!_positions[tokenId].exists, "exists");
        _positions[tokenId] = Pos(token0, token1, fee, -887220, 887220, liquidity, 0, 0, true);
        _owned[owner].push(tokenId);
    }

    function balanceOf(address owner) external view returns (uint256) {
        require(owner != address(0), "ERC721: address zero is not a valid owner");
        return _owned[owner].length;
    }

    function tokenOfOwnerByIndex(address owner, uint256 index) external view returns (uint256) {
        require(index < _owned[owner].length, "ERC721Enumerable: owner index out of bounds");
        return _owned[owner][index];
    }

    function positions(uint256 tokenId) external view returns (uint96 nonce, address operator, address token0, address token1,
        uint24 fee, int24 tickLower, int24 tickUpper, uint128 liquidity, uint256 feeGrowthInside0LastX128,
        uint256 feeGrowthInside1LastX128, uint128 tokensOwed0, uint128 tokensOwed1) {
        Pos memory p = _positions[tokenId];
        require(p.exists, "Invalid token ID");
        return (0, address(0), p.token0, p.token1, p.fee, p.tickLower, p.tickUpper, p.liquidity, 0, 0, p.tokensOwed0, p.tokensOwed1);
    }
}

/// @title TestMorpho
/// @notice Morpho Blue's views and events as Perimeter reads them (morpho-blue IMorpho.position/market/idToMarketParams,
///         EventsLib Supply/SupplyCollateral/Borrow/Withdraw with the same indexed parameters). The market id is
///         keccak256(abi.encode(marketParams)) as MarketParamsLib computes it. No checks, no token transfers: supply,
///         supplyCollateral, borrow and withdraw only book shares and emit the events.
contract TestMorpho {
    struct MarketParams {
        address loanToken;
        address collateralToken;
        address oracle;
        address irm;
        uint256 lltv;
    }

    struct Position {
        uint256 supplyShares;
        uint128 borrowShares;
        uint128 collateral;
    }

    struct Market {
        uint128 totalSupplyAssets;
        uint128 totalSupplyShares;
        uint128 totalBorrowAssets;
        uint128 totalBorrowShares;
        uint128 lastUpdate;
        uint128 fee;
    }

    event Supply(bytes32 indexed id, address indexed caller, address indexed onBehalf, uint256 assets, uint256 shares);
    event SupplyCollateral(bytes32 indexed id, address indexed caller, address indexed onBehalf, uint256 assets);
    event Borrow(bytes32 indexed id, address caller, address indexed onBehalf, address indexed receiver, uint256 assets, uint256 shares);
    event Withdraw(bytes32 indexed id, address caller, address indexed onBehalf, address indexed receiver, uint256 assets, uint256 shares);

    mapping(bytes32 => mapping(address => Position)) public position;
    mapping(bytes32 => Market) public market;
    mapping(bytes32 => MarketParams) public idToMarketParams;

    function id(MarketParams memory p) public pure returns (bytes32) {
        return keccak256(abi.encode(p));
    }

    function createMarket(MarketParams memory p) public returns (bytes32 i) {
        i = id(p);
        idToMarketParams[i] = p;
        market[i].lastUpdate = uint128(block.timestamp);
    }

    function supply(MarketParams memory p, uint256 assets, uint256 shares, address onBehalf) external {
        bytes32 i = id(p);
        position[i][onBehalf].supplyShares += shares;
        market[i].totalSupplyShares += uint128(shares);
        market[i].totalSupplyAssets += uint128(assets);
        emit Supply(i, msg.sender, onBehalf, assets, shares);
    }

    function supplyCollateral(MarketParams memory p, uint256 assets, address onBehalf) external {
        bytes32 i = id(p);
        position[i][onBehalf].collateral += uint128(assets);
        emit SupplyCollateral(i, msg.sender, onBehalf, assets);
    }

    function borrow(MarketParams memory p, uint256 assets, uint256 shares, address onBehalf) external {
        bytes32 i = id(p);
        position[i][onBehalf].borrowShares += uint128(shares);
        market[i].totalBorrowShares += uint128(shares);
        market[i].totalBorrowAssets += uint128(assets);
        emit Borrow(i, msg.sender, onBehalf, msg.sender, assets, shares);
    }

    /// Withdraws all of onBehalf's supply shares (and the assets they are worth).
    function withdrawAll(MarketParams memory p, address onBehalf) external {
        bytes32 i = id(p);
        uint256 shares = position[i][onBehalf].supplyShares;
        uint256 assets = market[i].totalSupplyShares == 0 ? 0 : shares * market[i].totalSupplyAssets / market[i].totalSupplyShares;
        position[i][onBehalf].supplyShares = 0;
        market[i].totalSupplyShares -= uint128(shares);
        market[i].totalSupplyAssets -= uint128(assets);
        emit Withdraw(i, msg.sender, onBehalf, msg.sender, assets, shares);
    }
}

/// @title TestStrategyManager
/// @notice EigenLayer StrategyManager.getDeposits(staker) (IStrategyManager): the staker's strategies and deposit shares.
///         setDeposit is open.
contract TestStrategyManager {
    mapping(address => address[]) private _strategies;
    mapping(address => mapping(address => uint256)) private _shares;

    function setDeposit(address staker, address strategy, uint256 shares) external {
        if (_shares[staker][strategy] == 0) _strategies[staker].push(strategy);
        _shares[staker][strategy] = shares;
    }

    function getDeposits(address staker) external view returns (address[] memory, uint256[] memory) {
        address[] memory s = _strategies[staker];
        uint256[] memory v = new uint256[](s.length);
        for (uint256 k = 0; k < s.length; k++) v[k] = _shares[staker][s[k]];
        return (s, v);
    }
}

/// @title TestEigenPodManager
/// @notice EigenLayer EigenPodManager.podOwnerDepositShares(podOwner), an int256 (negative when the pod owes shares).
contract TestEigenPodManager {
    mapping(address => int256) public podOwnerDepositShares;

    function setShares(address podOwner, int256 shares) external {
        podOwnerDepositShares[podOwner] = shares;
    }
}

/// @title TestStrategy
/// @notice An EigenLayer strategy's underlyingToken() and sharesToUnderlyingView(shares) (IStrategy); the rate is
///         num/den (1:1 until set).
contract TestStrategy {
    address private _underlying;
    uint256 private _num;
    uint256 private _den;

    function set(address underlying_, uint256 num, uint256 den) external {
        _underlying = underlying_;
        _num = num;
        _den = den;
    }

    function underlyingToken() external view returns (address) {
        return _underlying;
    }

    function sharesToUnderlyingView(uint256 amountShares) external view returns (uint256) {
        return _den == 0 ? amountShares : amountShares * _num / _den;
    }
}
