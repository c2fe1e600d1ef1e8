package dev.perimeter.chain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The benchmark timer wraps the scan's phases and its total only when one is given; the phases run as they would. */
class ScanTimingTest {
    /** A phase that notes what was called on it. */
    static final class Noting implements ScanPhase {
        final List<String> calls = new ArrayList<>();

        @Override
        public String name() {
            return "noting";
        }

        @Override
        public void plan(Round round) {
            calls.add("plan " + round.number());
        }

        @Override
        public void read(Round round) {
            calls.add("read " + round.number());
        }

        @Override
        public void finish(long block) {
            calls.add("finish " + block);
        }
    }

    @Test
    void withoutATimerNothingIsWrapped() {
        List<ScanPhase> phases = List.of(new Noting());
        ScanTiming t = ScanTiming.of(ScanTimer.NONE);
        assertSame(phases, t.phases(phases));
        Round.Sender s = (round, session) -> { };
        assertSame(s, t.sender(s));
        assertEquals("x", t.total(() -> "x"));
    }

    @Test
    void aTimerHearsEveryStepUnderItsRequestAndPhase() {
        List<String> steps = new ArrayList<>();
        java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
        ScanTiming t = ScanTiming.of(new ScanTimer() {
            @Override
            public void add(String step, long nanos) {
                assertTrue(nanos >= 0);
                steps.add(step);
            }

            @Override
            public void bytes(String what, long n) {
                counts.put(what, n);
            }
        });
        Noting inner = new Noting();
        ScanPhase timed = t.phases(List.of(inner)).get(0);
        assertEquals("noting", timed.name());
        Round first = Round.first(400, 1);
        timed.plan(first);
        timed.read(first);
        timed.finish(42);
        assertEquals(List.of("plan 1", "read 1", "finish 42"), inner.calls, "the wrapped phase does what the phase does");
        List<Round> sent = new ArrayList<>();
        t.sender((round, session) -> sent.add(round)).send(first, null);
        assertEquals(List.of(first), sent);
        assertEquals(java.util.Map.of("request 1: aggregate3 reads", 0L, "request 1: plain calls", 0L), counts);
        assertEquals("done", t.total(() -> "done"));
        assertEquals(List.of("request 1: noting: plan", "request 1: noting: read", "after the requests: noting", "request 1: send",
                "chain reader total"), steps);
    }
}
