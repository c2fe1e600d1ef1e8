// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title TestNftCollection
/// @notice A minimal ERC-721-style collection for the approval-for-all tests, written for Perimeter. Placed with
///         anvil_setCode, so it works from empty storage: `initialize(name, symbol)` once. `setApprovalForAll` as
///         ERC-721/1155 define it (msg.sender is the owner), and an open `setApprovalForAllFrom(owner, operator, approved)`
///         that sets any owner's approval without its key, with the same standard event.
contract TestNftCollection {
    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);
    event ApprovalForAll(address indexed owner, address indexed operator, bool approved);

    error AlreadyInitialized();

    string private _name;
    string private _symbol;
    bool private _initialized;
    mapping(uint256 => address) private _owners;
    mapping(address => uint256) private _balances;
    mapping(address => mapping(address => bool)) private _operators;

    function initialize(string calldata name_, string calldata symbol_) external {
        if (_initialized) revert AlreadyInitialized();
        _initialized = true;
        _name = name_;
        _symbol = symbol_;
    }

    function name() external view returns (string memory) {
        return _name;
    }

    function symbol() external view returns (string memory) {
        return _symbol;
    }

    function balanceOf(address owner) external view returns (uint256) {
        return _balances[owner];
    }

    function ownerOf(uint256 tokenId) external view returns (address) {
        address owner = _owners[tokenId];
        require(owner != address(0), "TestNftCollection: no such token");
        return owner;
    }

    function mint(address to, uint256 tokenId) external {
        require(_owners[tokenId] == address(0), "TestNftCollection: minted already");
        _owners[tokenId] = to;
        _balances[to] += 1;
        emit Transfer(address(0), to, tokenId);
    }

    function setApprovalForAll(address operator, bool approved) external {
        _setApprovalForAll(msg.sender, operator, approved);
    }

    function setApprovalForAllFrom(address owner, address operator, bool approved) external {
        _setApprovalForAll(owner, operator, approved);
    }

    function isApprovedForAll(address owner, address operator) external view returns (bool) {
        return _operators[owner][operator];
    }

    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == 0x01ffc9a7 || interfaceId == 0x80ac58cd; // ERC-165, ERC-721
    }

    function _setApprovalForAll(address owner, address operator, bool approved) private {
        _operators[owner][operator] = approved;
        emit ApprovalForAll(owner, operator, approved);
    }
}
