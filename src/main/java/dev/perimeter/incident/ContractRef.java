package dev.perimeter.incident;

/** A contract named by an incident source: chain slug, lowercase address, role (victim | vulnerable | attacker). */
public record ContractRef(String chain, String address, String role, String source) {
    /** Its chain and address, as a key. */
    public dev.perimeter.util.ChainAddress at() {
        return new dev.perimeter.util.ChainAddress(chain, address);
    }

    /** Its chain, address and role, as a key: an incident lists a contract once per role, whatever the sources naming it. */
    public RoleAt roleAt() {
        return new RoleAt(at(), role);
    }

    /** A contract with one role. */
    public record RoleAt(dev.perimeter.util.ChainAddress contract, String role) {}
}
