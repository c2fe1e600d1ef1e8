package dev.perimeter.control;

import dev.perimeter.chain.ControlReader;
import dev.perimeter.chain.ControlReading;
import dev.perimeter.chain.Deadline;
import dev.perimeter.chain.RpcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who controls contracts, per chain: readings kept in the {@link ControlCache} are reused, the others are read in one go
 * ({@link ControlReader}) and kept. A chain whose endpoint fails gives readings "control not read" with the reason (never
 * a guess), which are not kept, so the next look tries again. Logs name the chain and the kind of error only.
 */
public final class ControlService {
    private static final Logger log = LoggerFactory.getLogger(ControlService.class);

    /** What a look-up found: a reading per contract (in the order asked), how many came from the cache, the requests sent. */
    public record Lookup(Map<String, ControlReading> readings, int fromCache, long httpRequests) {
        public ControlReading of(String contract) {
            return readings.get(contract);
        }
    }

    private final Map<String, ControlReader> readers;
    private final ControlCache cache;
    private final Duration timeout;

    public ControlService(Map<String, ControlReader> readers, ControlCache cache, Duration timeout) {
        this.readers = Map.copyOf(readers);
        this.cache = cache;
        this.timeout = timeout;
    }

    /** Whether the chain is configured (its endpoint can be read). */
    public boolean covers(String chain) {
        return readers.containsKey(chain);
    }

    public ControlCache cache() {
        return cache;
    }

    /** The kept reading of a contract, if one younger than the TTL is (nothing is read). */
    public Optional<ControlReading> cached(String chain, String contract) {
        return cache.get(chain, contract.toLowerCase(Locale.ROOT));
    }

    /** Whether every contract has a kept reading: then {@link #read} sends nothing. Counts no hit or miss. */
    public boolean allCached(String chain, Collection<String> contracts) {
        for (String c : contracts) if (!cache.contains(chain, c.toLowerCase(Locale.ROOT))) return false;
        return true;
    }

    /** Readings of the contracts on a chain: kept ones as they are, the others read now (one read for all of them). */
    public Lookup read(String chain, Collection<String> contracts) {
        LinkedHashSet<String> wanted = new LinkedHashSet<>();
        for (String c : contracts) wanted.add(c.toLowerCase(Locale.ROOT));
        Map<String, ControlReading> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        int hits = 0;
        for (String c : wanted) {
            Optional<ControlReading> kept = cache.get(chain, c);
            if (kept.isPresent()) {
                out.put(c, kept.get());
                hits++;
            } else {
                out.put(c, null);
                missing.add(c);
            }
        }
        long requests = 0;
        if (!missing.isEmpty()) {
            ControlReader reader = readers.get(chain);
            if (reader == null) throw new IllegalArgumentException("chain not configured: " + chain);
            try {
                ControlReader.Result r = reader.read(missing, Deadline.in(timeout));
                requests = r.httpRequests();
                for (ControlReading x : r.readings()) {
                    cache.put(x);
                    out.put(x.contract(), x);
                }
            } catch (RpcException e) {
                log.info("chain {}: control reads failed: {}", chain, e.kind());
                log.debug("chain {}: control reads failed", chain, e);
                for (String c : missing) out.put(c, ControlReading.notRead(chain, c, 0, "control not read: " + e.publicMessage()));
            }
        }
        return new Lookup(out, hits, requests);
    }
}
