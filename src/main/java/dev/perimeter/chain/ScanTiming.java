package dev.perimeter.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where a chain scan's time goes, for benchmarks: wraps the scan's phases and its request sender so that each step is
 * reported to a {@link ScanTimer} under a fixed name ("request 1: balances: plan", "request 2: send", "chain reader
 * total"); the JSON-RPC client reports its own steps ("rpc: …") inside the request they belong to. With
 * {@link ScanTimer#NONE} nothing is wrapped.
 */
final class ScanTiming {
    private final ScanTimer timer;

    private ScanTiming(ScanTimer timer) {
        this.timer = timer;
    }

    static ScanTiming of(ScanTimer timer) {
        return new ScanTiming(timer);
    }

    private boolean on() {
        return timer != ScanTimer.NONE;
    }

    List<ScanPhase> phases(List<ScanPhase> phases) {
        if (!on()) return phases;
        List<ScanPhase> out = new ArrayList<>(phases.size());
        for (ScanPhase p : phases) out.add(new Timed(p, timer));
        return out;
    }

    Round.Sender sender(Round.Sender sender) {
        if (!on()) return sender;
        return (round, session) -> {
            long t0 = System.nanoTime();
            try {
                sender.send(round, session);
            } finally {
                timer.add("request " + round.number() + ": send", System.nanoTime() - t0);
                timer.bytes("request " + round.number() + ": aggregate3 reads", round.reads());
                timer.bytes("request " + round.number() + ": plain calls", round.plainCalls());
            }
        };
    }

    <T> T total(Supplier<T> scan) {
        if (!on()) return scan.get();
        long t0 = System.nanoTime();
        try {
            return scan.get();
        } finally {
            timer.add("chain reader total", System.nanoTime() - t0);
        }
    }

    private record Timed(ScanPhase inner, ScanTimer timer) implements ScanPhase {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public void plan(Round round) {
            long t0 = System.nanoTime();
            inner.plan(round);
            timer.add("request " + round.number() + ": " + inner.name() + ": plan", System.nanoTime() - t0);
        }

        @Override
        public void read(Round round) {
            long t0 = System.nanoTime();
            inner.read(round);
            timer.add("request " + round.number() + ": " + inner.name() + ": read", System.nanoTime() - t0);
        }

        @Override
        public void finish(long block) {
            long t0 = System.nanoTime();
            inner.finish(block);
            timer.add("after the requests: " + inner.name(), System.nanoTime() - t0);
        }
    }
}
