// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title TestPriceFeed
/// @notice Test-only price feed exposing the Chainlink AggregatorV3Interface read ABI
///         (plus latestAnswer/latestTimestamp/latestRound). Works from empty storage:
///         until set() is called every value reads as zero.
/// @dev    set() is open to anyone: never deploy this anywhere real.
contract TestPriceFeed {
    int256 private _answer;
    uint256 private _updatedAt;
    uint80 private _roundId;
    uint8 private _decimals;
    string private _description;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    /// @notice Test setter: stores a new answer as the next round (roundId increments by 1).
    function set(int256 answer, uint8 decimals_, uint256 updatedAt) external {
        _answer = answer;
        _decimals = decimals_;
        _updatedAt = updatedAt;
        _roundId += 1;
        emit AnswerUpdated(answer, _roundId, updatedAt);
    }

    /// @notice Test setter for description().
    function setDescription(string calldata description_) external {
        _description = description_;
    }

    function decimals() external view returns (uint8) {
        return _decimals;
    }

    function description() external view returns (string memory) {
        return _description;
    }

    function version() external pure returns (uint256) {
        return 4;
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return (_roundId, _answer, _updatedAt, _updatedAt, _roundId);
    }

    /// @notice Only the latest round is kept; any other id reverts like Chainlink's "No data present".
    function getRoundData(uint80 roundId_)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        require(roundId_ != 0 && roundId_ == _roundId, "No data present");
        return (_roundId, _answer, _updatedAt, _updatedAt, _roundId);
    }

    function latestAnswer() external view returns (int256) {
        return _answer;
    }

    function latestTimestamp() external view returns (uint256) {
        return _updatedAt;
    }

    function latestRound() external view returns (uint256) {
        return _roundId;
    }
}
