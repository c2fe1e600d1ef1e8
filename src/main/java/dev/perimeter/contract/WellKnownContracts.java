package dev.perimeter.contract;

import dev.perimeter.util.Addresses;
import dev.perimeter.util.ChainAddress;
import dev.perimeter.util.Chains;
import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The contracts most wallets approve on each chain (DEX routers, Permit2, aggregators, settlement contracts, NFT
 * marketplaces, lending pools, bridges' deposit contracts), each with the project's own source: data/contracts/well-known.csv.
 * check-data fails when one of them has an approval role that no reviewed row of approval-evidence.csv confirms, and the
 * contract page says what a well-known contract is.
 */
public final class WellKnownContracts {
    public static final String FILE = "contracts/well-known.csv";
    public static final List<String> CATEGORIES = List.of("dex-router", "permit", "aggregator", "settlement", "nft-marketplace",
            "lending-pool", "bridge-deposit", "vault", "staking", "other");

    /** One row: what the contract is and where its address was read. */
    public record Contract(int line, String chain, String address, String name, String project, String category, String source) {
        public ChainAddress at() {
            return new ChainAddress(chain, address);
        }
    }

    private final Map<ChainAddress, Contract> byKey;
    private final List<Contract> all;

    private WellKnownContracts(List<Contract> all) {
        Map<ChainAddress, Contract> m = new HashMap<>();
        for (Contract c : all) m.put(c.at(), c);
        this.byKey = Map.copyOf(m);
        this.all = List.copyOf(all);
    }

    public static WellKnownContracts empty() {
        return new WellKnownContracts(List.of());
    }

    /** The shipped list, or an empty one when a data folder has no such file. */
    public static WellKnownContracts load(DataFiles files) {
        return files.exists(FILE) ? parse(files.read(FILE), FILE) : empty();
    }

    public static WellKnownContracts parse(byte[] csv, String file) {
        List<Contract> out = new java.util.ArrayList<>();
        java.util.Set<ChainAddress> seen = new java.util.HashSet<>();
        for (Csv.Row r : Csv.read(csv, file, List.of("chain", "address", "name", "project", "category", "source"))) {
            String at = file + ": line " + r.line() + ": ";
            String chain = r.get("chain").toLowerCase(Locale.ROOT);
            if (Chains.bySlug(chain).isEmpty()) throw new Csv.CsvException(at + "unknown chain '" + r.get("chain") + "'", null);
            String address = Addresses.lower(r.get("address")).orElseThrow(() -> new Csv.CsvException(at + "address is not 0x + 40 hex", null));
            if (!CATEGORIES.contains(r.get("category"))) throw new Csv.CsvException(at + "unknown category '" + r.get("category") + "' " + CATEGORIES, null);
            if (r.get("name").isBlank() || r.get("project").isBlank() || r.get("source").isBlank()) {
                throw new Csv.CsvException(at + "name, project and source are required", null);
            }
            if (!seen.add(new ChainAddress(chain, address))) throw new Csv.CsvException(at + "a second row for " + chain + ":" + address, null);
            out.add(new Contract(r.line(), chain, address, r.get("name"), r.get("project"), r.get("category"), r.get("source")));
        }
        return new WellKnownContracts(out);
    }

    public Optional<Contract> find(String chain, String address) {
        return Optional.ofNullable(byKey.get(new ChainAddress(chain, address)));
    }

    public List<Contract> all() {
        return all;
    }
}
