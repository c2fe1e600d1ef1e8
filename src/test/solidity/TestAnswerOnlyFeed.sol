// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title TestAnswerOnlyFeed
/// @notice Test-only price source shaped like Aave's CAPO / synchronicity adapters: latestAnswer(),
///         decimals() and description() only. It has no latestRoundData(), so a call to it reverts,
///         and its answer carries no update time. Works from empty storage (answer 0 until set()).
/// @dev    set() is open to anyone: never deploy this anywhere real.
contract TestAnswerOnlyFeed {
    int256 private _answer;
    uint8 private _decimals;

    /// @notice Test setter.
    function set(int256 answer, uint8 decimals_) external {
        _answer = answer;
        _decimals = decimals_;
    }

    function latestAnswer() external view returns (int256) {
        return _answer;
    }

    function decimals() external view returns (uint8) {
        return _decimals;
    }

    function description() external pure returns (string memory) {
        return "Test answer-only adapter / USD";
    }
}
