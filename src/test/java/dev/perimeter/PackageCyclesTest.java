package dev.perimeter;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data flows one way (request → scan → holdings → match → report → view): no two packages of src/main may depend on each
 * other, directly or through others. Dependencies are every {@code dev.perimeter.x.} name in a source file (imports and
 * fully qualified uses), so a cycle shows up here before jdeps finds it in the jar.
 */
class PackageCyclesTest {
    private static final Path MAIN = Path.of("src/main/java/dev/perimeter");
    private static final Pattern REF = Pattern.compile("\\bdev\\.perimeter\\.([a-z][a-z0-9]*)\\.[A-Za-z]");
    private static final Pattern ROOT_REF = Pattern.compile("\\bdev\\.perimeter\\.([A-Z][A-Za-z0-9]*)\\b");

    @Test
    void noPackageDependsOnItself() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        assertTrue(deps.size() >= 10, "packages found: " + deps.keySet());
        List<Set<String>> cycles = cycles(deps);
        assertEquals(List.of(), cycles, "package cycles (each set depends on itself through its members)");
    }

    @Test
    void theCheckFindsACycle() {
        Map<String, Set<String>> deps = new TreeMap<>();
        deps.put("a", Set.of("b"));
        deps.put("b", Set.of("c"));
        deps.put("c", Set.of("a"));
        deps.put("d", Set.of("a"));
        assertEquals(List.of(Set.of("a", "b", "c")), cycles(deps));
    }

    /** package → the packages its sources name; the root package (App, AppConfig, Wiring) is "(root)". */
    static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Path rel = MAIN.relativize(f.getParent());
                String pkg = rel.toString().isEmpty() ? "(root)" : rel.toString().replace('/', '.');
                Set<String> out = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                String src = Files.readString(f).replaceAll("(?m)^package .*$", "");
                Matcher m = REF.matcher(src);
                while (m.find()) if (!m.group(1).equals(pkg)) out.add(m.group(1));
                Matcher r = ROOT_REF.matcher(src);
                while (r.find()) if (!pkg.equals("(root)")) out.add("(root)");
            }
        }
        return deps;
    }

    /** Strongly connected components of more than one package (Tarjan). */
    static List<Set<String>> cycles(Map<String, Set<String>> deps) {
        Map<String, Integer> index = new HashMap<>(), low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] next = {0};
        for (String v : deps.keySet()) if (!index.containsKey(v)) connect(v, deps, index, low, stack, onStack, out, next);
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> deps, Map<String, Integer> index, Map<String, Integer> low,
                                Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] next) {
        index.put(v, next[0]);
        low.put(v, next[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : deps.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, deps, index, low, stack, onStack, out, next);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> scc = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                scc.add(w);
            } while (!w.equals(v));
            if (scc.size() > 1) out.add(scc);
        }
    }
}
