package dev.perimeter.exposure;

import dev.perimeter.util.SolanaAddress;
import dev.perimeter.util.Chains;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shapes of finding keys, as {@link ExposureMatcher#key} builds them: {@code kind:chain:asset:target}. A dismissal
 * names one of these or is refused, so nobody can store arbitrary text under a viewer id.
 * <ul>
 *   <li>kind: a {@link FindingKind} code; chain: a chain Perimeter knows;</li>
 *   <li>asset: a lowercase 0x address, {@code native}, a position id ({@code uniswap-v3#<token id>},
 *       {@code morpho-blue#0x<market id>}, {@code eigenlayer#0x<strategy>}, {@code eigenlayer#beacon-eth},
 *       {@code compound-v3#0x<comet>}), or {@code *}
 *       for the findings grouped per chain ({@code protocol_history}, {@code infrastructure_risk}); on solana a base58 mint
 *       as written, {@code native} or {@code native-stake#<stake account>};</li>
 *   <li>target: the spender address of an ERC-20 approval ({@code all-nfts:} or {@code permit2:} and the spender address for
 *       an NFT collection's approval for all or a Permit2 allowance); a protocol slug (or {@code via:} a protocol slug or token address, for
 *       a layer a holding rests on) for a hacked protocol; an infrastructure slug for a bridge or infrastructure finding, a
 *       protocol slug for its history; nothing for an unlisted token; for a control risk {@code upgrade} or {@code bridge}
 *       (the holding itself) or the spender's address (an approval's spender).</li>
 * </ul>
 */
public final class FindingKeys {
    private FindingKeys() {}

    /** Longest key stored (the database column is 300 characters). */
    public static final int MAX_LENGTH = 300;
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern POSITION = Pattern.compile("uniswap-v3#[0-9]{1,78}|morpho-blue#0x[0-9a-f]{64}|eigenlayer#0x[0-9a-f]{40}"
            + "|eigenlayer#beacon-eth|compound-v3#0x[0-9a-f]{40}|pancakeswap-v3#[0-9]{1,78}");

    /** Why the text is not a finding key's shape (a sentence for the client), or empty when it is one. */
    public static Optional<String> problem(String key) {
        if (key == null || key.isBlank()) return Optional.of("A finding key is required.");
        if (key.length() > MAX_LENGTH) return Optional.of("A finding key is at most " + MAX_LENGTH + " characters.");
        String[] p = key.split(":", 4);
        if (p.length < 4) return Optional.of("A finding key looks like kind:chain:asset:target (as the report's \"key\" gives it).");
        FindingKind kind = FindingKind.of(p[0]).orElse(null);
        if (kind == null) return Optional.of("Unknown finding kind in the key.");
        if (Chains.bySlug(p[1]).isEmpty()) return Optional.of("Unknown chain in the key.");
        String chain = p[1], asset = p[2], target = p[3];
        boolean solana = Chains.SOLANA.equals(chain);
        boolean grouped = kind == FindingKind.PROTOCOL_HISTORY || kind == FindingKind.INFRASTRUCTURE_RISK;
        boolean position = solana ? asset.startsWith(STAKE) && SolanaAddress.isValid(asset.substring(STAKE.length()))
                : POSITION.matcher(asset).matches();
        if (grouped ? !asset.equals("*") : !(address(chain, asset) || asset.equals("native") || position)) {
            return Optional.of(grouped ? "A " + kind.code() + " key names no asset (*)."
                    : solana ? "The key's asset must be a base58 mint (32 bytes), native, or a native-stake# stake account."
                    : "The key's asset must be a lowercase 0x address of 40 hex digits, native, or a position id.");
        }
        boolean ok = switch (kind) {
            case APPROVAL_TO_EXPLOITED_CONTRACT -> address(chain, solana ? target : target.replaceFirst("^(all-nfts|permit2):", ""));
            case HOLDS_ASSET_OF_HACKED_PROTOCOL -> SLUG.matcher(target).matches()
                    || target.startsWith("via:") && (SLUG.matcher(target.substring(4)).matches() || address(chain, target.substring(4)));
            case BRIDGED_VIA_COMPROMISED_BRIDGE, INFRASTRUCTURE_RISK, PROTOCOL_HISTORY -> SLUG.matcher(target).matches();
            case UNLISTED_TOKEN -> target.isEmpty();
            case CONTROL_RISK -> target.equals("upgrade") || target.equals("bridge") || address(chain, target);
        };
        if (!ok) {
            return Optional.of(switch (kind) {
                case APPROVAL_TO_EXPLOITED_CONTRACT -> "An approval's key ends with the spender's lowercase 0x address (after all-nfts: or"
                        + " permit2: for those kinds).";
                case HOLDS_ASSET_OF_HACKED_PROTOCOL -> "The key ends with a protocol slug, or via: and a protocol slug or token address.";
                case BRIDGED_VIA_COMPROMISED_BRIDGE, INFRASTRUCTURE_RISK -> "The key ends with an infrastructure slug.";
                case PROTOCOL_HISTORY -> "The key ends with a protocol slug.";
                case UNLISTED_TOKEN -> "An unlisted token's key ends after the token's address (kind:chain:address:).";
                case CONTROL_RISK -> "A control risk's key ends with upgrade, bridge or the spender's lowercase 0x address.";
            });
        }
        return Optional.empty();
    }

    /** The position id of a Solana native stake account: this prefix and the stake account's address. */
    private static final String STAKE = "native-stake#";

    /** An address as a key stores it on that chain: base58 of 32 bytes on solana (as written), lowercase 0x + 40 hex elsewhere. */
    private static boolean address(String chain, String s) {
        return Chains.SOLANA.equals(chain) ? SolanaAddress.isValid(s) : ADDRESS.matcher(s).matches();
    }

    public static boolean valid(String key) {
        return problem(key).isEmpty();
    }
}
