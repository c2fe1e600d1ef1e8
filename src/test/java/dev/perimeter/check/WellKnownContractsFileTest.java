package dev.perimeter.check;

import dev.perimeter.util.Chains;
import dev.perimeter.util.Csv;
import dev.perimeter.util.DataFiles;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * data/contracts/well-known.csv (issue 19): the contracts most wallets approve, each with the source its address was read
 * from. The file's own rules are checked here — the loader and check-data's rule (no approval role without a reviewed
 * override) are the application's.
 */
class WellKnownContractsFileTest {
    static final String FILE = "contracts/well-known.csv";
    static final List<String> COLUMNS = List.of("chain", "address", "name", "project", "category", "source");
    static final Set<String> CATEGORIES = Set.of("dex-router", "permit", "aggregator", "settlement", "nft-marketplace",
            "lending-pool", "bridge-deposit", "vault", "staking", "other");
    static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    /** owner/repo:path@40-hex commit, or an https URL of the project's documentation. */
    static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+:[^@\\s]+@[0-9a-f]{40}|https://\\S+");

    /** Every broken rule of the rows, one line each, naming the file line. */
    static List<String> problems(List<Csv.Row> rows) {
        List<String> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Csv.Row r : rows) {
            String at = "line " + r.line() + ": ";
            if (Chains.bySlug(r.get("chain")).isEmpty()) out.add(at + "chain '" + r.get("chain") + "' is not a scanned chain");
            String a = r.get("address");
            if (!ADDRESS.matcher(a).matches()) out.add(at + "address '" + a + "' is not 0x + 40 lowercase hex");
            else if (a.chars().skip(2).allMatch(c -> c == '0')) out.add(at + "the zero address");
            if (r.get("name").isEmpty()) out.add(at + "no name");
            if (r.get("project").isEmpty()) out.add(at + "no project");
            if (!CATEGORIES.contains(r.get("category"))) out.add(at + "category '" + r.get("category") + "' is not one of " + CATEGORIES);
            if (!SOURCE.matcher(r.get("source")).matches()) out.add(at + "source '" + r.get("source") + "' is neither owner/repo:path@commit nor a URL");
            Integer first = seen.putIfAbsent(r.get("chain") + ":" + a, r.line());
            if (first != null) out.add(at + "duplicate of line " + first + " (" + r.get("chain") + " " + a + ")");
        }
        return out;
    }

    static List<Csv.Row> shipped() {
        return Csv.read(DataFiles.bundled().read(FILE), FILE, COLUMNS);
    }

    @Test
    void theShippedFileKeepsEveryRule() {
        byte[] raw = DataFiles.bundled().read(FILE);
        String header = new String(raw, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        assertEquals(String.join(",", COLUMNS), header, "the columns, exactly and in this order");
        List<Csv.Row> rows = shipped();
        assertEquals(List.of(), problems(rows));
        assertTrue(rows.size() >= 150, "issue 19 asks for 150+ rows, the file has " + rows.size());
    }

    @Test
    void everyScannedChainHasWellKnownContracts() {
        Map<String, Integer> perChain = new TreeMap<>();
        for (Csv.Row r : shipped()) perChain.merge(r.get("chain"), 1, Integer::sum);
        // The EVM chains: Solana's well-known programs are not in this file yet (issue 23 left them out).
        Set<String> missing = new HashSet<>(Chains.evm(Chains.slugs()));
        missing.removeAll(perChain.keySet());
        assertEquals(Set.of(), missing, "chains without a row: " + perChain);
    }

    @Test
    void aBrokenRowIsReportedWithItsLine() {
        String csv = String.join("\n", String.join(",", COLUMNS),
                "ethereum,0x000000000022d473030f116ddee9f6b43ac78ba3,Permit2,uniswap,permit,Uniswap/docs:a.md@" + "0".repeat(40),
                "ethereum,0x000000000022D473030F116dDEE9F6B43aC78BA3,Permit2,uniswap,permit,Uniswap/docs:a.md@" + "0".repeat(40),
                "fantom,0x000000000022d473030f116ddee9f6b43ac78ba3,Permit2,uniswap,permit,https://docs.example/x",
                "ethereum,0x000000000022d473030f116ddee9f6b43ac78ba3,Permit2,uniswap,permit,https://docs.example/x",
                "base,0x0000000000000000000000000000000000000000,Router,x,router,",
                "");
        List<String> p = problems(Csv.read(csv.getBytes(StandardCharsets.UTF_8), "t.csv", COLUMNS));
        assertEquals(List.of(
                "line 3: address '0x000000000022D473030F116dDEE9F6B43aC78BA3' is not 0x + 40 lowercase hex",
                "line 4: chain 'fantom' is not a scanned chain",
                "line 5: duplicate of line 2 (ethereum 0x000000000022d473030f116ddee9f6b43ac78ba3)",
                "line 6: the zero address",
                "line 6: category 'router' is not one of " + CATEGORIES,
                "line 6: source '' is neither owner/repo:path@commit nor a URL"), p);
    }
}
