// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {TestToken} from "./TestToken.sol";

// Stand-ins for the contracts that control tokens, for the control reads' tests (issue 21). Written for Perimeter: only
// the functions the reads call follow the real contracts' interfaces (OpenZeppelin's ProxyAdmin, UpgradeableBeacon and
// TimelockController, Safe's OwnerManager, LayerZero V2's OAppCore and EndpointV2). Placed with anvil_setCode, so no
// constructor runs; every setter is open to anyone.

/// @title TestOwned
/// @notice An Ownable-like contract (a ProxyAdmin stand-in): owner() answers what setOwner stored.
contract TestOwned {
    address private _owner;

    function setOwner(address owner_) external {
        _owner = owner_;
    }

    function owner() external view returns (address) {
        return _owner;
    }
}

/// @title TestBeacon
/// @notice An UpgradeableBeacon stand-in: implementation() and owner().
contract TestBeacon is TestOwned {
    address private _implementation;

    function setImplementation(address implementation_) external {
        _implementation = implementation_;
    }

    function implementation() external view returns (address) {
        return _implementation;
    }
}

/// @title TestSafe
/// @notice A Safe stand-in: getThreshold() and getOwners() as Safe's OwnerManager answers them.
contract TestSafe {
    address[] private _owners;
    uint256 private _threshold;

    function setup(address[] calldata owners_, uint256 threshold_) external {
        _owners = owners_;
        _threshold = threshold_;
    }

    function getThreshold() external view returns (uint256) {
        return _threshold;
    }

    function getOwners() external view returns (address[] memory) {
        return _owners;
    }
}

/// @title TestTimelock
/// @notice A TimelockController stand-in: getMinDelay(), and its proposers through AccessControlEnumerable's
///         getRoleMember / getRoleMemberCount (PROPOSER_ROLE only; other roles have no member).
contract TestTimelock {
    bytes32 public constant PROPOSER_ROLE = keccak256("PROPOSER_ROLE");
    uint256 private _minDelay;
    address[] private _proposers;

    function setMinDelay(uint256 delay_) external {
        _minDelay = delay_;
    }

    function setProposers(address[] calldata proposers_) external {
        _proposers = proposers_;
    }

    function getMinDelay() external view returns (uint256) {
        return _minDelay;
    }

    function getRoleMember(bytes32 role, uint256 index) external view returns (address) {
        require(role == PROPOSER_ROLE, "no member");
        return _proposers[index];
    }

    function getRoleMemberCount(bytes32 role) external view returns (uint256) {
        return role == PROPOSER_ROLE ? _proposers.length : 0;
    }
}

/// @title GarbageSafe
/// @notice Answers the Safe's and Ownable's functions with data that does not decode: getThreshold() returns one byte,
///         getOwners() a length of 2^64 with no elements, owner() a word whose upper bytes are set.
contract GarbageSafe {
    function getThreshold() external pure returns (uint256) {
        assembly {
            mstore(0, 0x0200000000000000000000000000000000000000000000000000000000000000)
            return(0, 1)
        }
    }

    function getOwners() external pure returns (address[] memory) {
        assembly {
            mstore(0, 0x20)
            mstore(0x20, 0x10000000000000000)
            return(0, 0x40)
        }
    }

    function owner() external pure returns (address) {
        assembly {
            mstore(0, 0xffffffffffffffffffffffff00000000000000000000000000000000000000a1)
            return(0, 0x20)
        }
    }
}

/// @title RevertingOwnerToken
/// @notice A token whose owner() and getRoleMember() revert (a TestToken otherwise).
contract RevertingOwnerToken is TestToken {
    function owner() external pure returns (address) {
        revert("RevertingOwnerToken: owner() always reverts");
    }

    function getRoleMember(bytes32, uint256) external pure returns (address) {
        revert("RevertingOwnerToken: getRoleMember always reverts");
    }
}

/// @title OwnedToken
/// @notice A token with owner() (an Ownable TestToken).
contract OwnedToken is TestToken {
    address private _owner;

    function setOwner(address owner_) external {
        _owner = owner_;
    }

    function owner() external view returns (address) {
        return _owner;
    }
}

/// @title TestOFT
/// @notice A LayerZero V2 OFT stand-in: a TestToken with OAppCore's endpoint() and peers(eid), and owner().
contract TestOFT is TestToken {
    address private _endpoint;
    address private _owner;
    mapping(uint32 => bytes32) public peers;

    function setEndpoint(address endpoint_) external {
        _endpoint = endpoint_;
    }

    function setPeer(uint32 eid, bytes32 peer) external {
        peers[eid] = peer;
    }

    function setOwner(address owner_) external {
        _owner = owner_;
    }

    function endpoint() external view returns (address) {
        return _endpoint;
    }

    function owner() external view returns (address) {
        return _owner;
    }
}

/// @title TestEndpointV2
/// @notice An EndpointV2 stand-in: getReceiveLibrary(oapp, srcEid) and getConfig(oapp, lib, eid, 2), which answers
///         abi.encode(UlnConfig) as ReceiveUln302 does, from what setRoute stored. Other config types and unknown
///         libraries revert, as the real endpoint's onlyRegistered and the ULN's config-type check do.
contract TestEndpointV2 {
    struct UlnConfig {
        uint64 confirmations;
        uint8 requiredDVNCount;
        uint8 optionalDVNCount;
        uint8 optionalDVNThreshold;
        address[] requiredDVNs;
        address[] optionalDVNs;
    }

    struct Route {
        address lib;
        bool isDefault;
        UlnConfig config;
    }

    mapping(address => mapping(uint32 => Route)) private _routes;

    function setRoute(address oapp, uint32 eid, address lib, bool isDefault, uint64 confirmations, address[] calldata required,
                      address[] calldata optional, uint8 optionalThreshold) external {
        Route storage r = _routes[oapp][eid];
        r.lib = lib;
        r.isDefault = isDefault;
        r.config.confirmations = confirmations;
        r.config.requiredDVNCount = uint8(required.length);
        r.config.optionalDVNCount = uint8(optional.length);
        r.config.optionalDVNThreshold = optionalThreshold;
        r.config.requiredDVNs = required;
        r.config.optionalDVNs = optional;
    }

    function getReceiveLibrary(address receiver, uint32 srcEid) external view returns (address lib, bool isDefault) {
        Route storage r = _routes[receiver][srcEid];
        require(r.lib != address(0), "LZ_DefaultReceiveLibUnavailable");
        return (r.lib, r.isDefault);
    }

    function getConfig(address oapp, address lib, uint32 eid, uint32 configType) external view returns (bytes memory config) {
        Route storage r = _routes[oapp][eid];
        require(lib != address(0) && lib == r.lib, "LZ_OnlyRegisteredLib");
        require(configType == 2, "LZ_ULN_InvalidConfigType");
        return abi.encode(r.config);
    }
}
