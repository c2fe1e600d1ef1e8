package dev.perimeter.web;

import dev.perimeter.HandClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

class RateLimiterTest {
    @Test
    void aClientGetsItsBudgetThenWaitsAndOthersAreUnaffected() {
        HandClock clock = new HandClock();
        RateLimiter l = new RateLimiter(3, clock);
        for (int i = 0; i < 3; i++) assertEquals(0, l.acquire("a"));
        assertEquals(20, l.acquire("a"), "one token comes back every 20 s");
        assertEquals(0, l.acquire("b"), "another client has its own budget");
        clock.advance(Duration.ofSeconds(20));
        assertEquals(0, l.acquire("a"));
        assertTrue(l.acquire("a") > 0);
    }

    @Test
    void aDailyQuotaRefillsOverItsPeriod() {
        HandClock clock = new HandClock();
        RateLimiter l = new RateLimiter(2, Duration.ofDays(1), clock);
        assertEquals(0, l.acquire("a"));
        assertEquals(0, l.acquire("a"));
        assertEquals(Duration.ofHours(12).toSeconds(), l.acquire("a"), "one of two per day: the next in 12 hours");
        clock.advance(Duration.ofHours(12));
        assertEquals(0, l.acquire("a"));
    }

    @Test
    void idleBucketsAreDroppedAndTheWorkPerRequestStaysConstant() {
        HandClock clock = new HandClock();
        int maxKeys = 1_000;
        RateLimiter l = new RateLimiter(5, Duration.ofMinutes(1), clock, maxKeys);
        int requests = 0;
        // Ten waves of maxKeys distinct clients, a second apart within a wave, a period apart between waves: the old
        // sweep-everything-past-the-cap looked at every bucket on every request once the cap was passed.
        for (int wave = 0; wave < 10; wave++) {
            for (int k = 0; k < maxKeys; k++) {
                assertEquals(0, l.acquire("w" + wave + "-" + k));
                requests++;
                if (k % 100 == 0) clock.advance(Duration.ofSeconds(1));
            }
            assertTrue(l.size() <= maxKeys, "bounded: " + l.size());
            clock.advance(Duration.ofMinutes(1));
        }
        assertTrue(l.examined() <= 2L * requests, "each bucket is looked at a constant number of times: " + l.examined() + " for " + requests);
        // After a full period without requests, a new request drops every idle bucket (each once).
        clock.advance(Duration.ofMinutes(1));
        l.acquire("late");
        assertEquals(1, l.size());
    }

    @Test
    void aClientStillLimitedKeepsItsBucketWhileIdleOnesGo() {
        HandClock clock = new HandClock();
        RateLimiter l = new RateLimiter(1, Duration.ofMinutes(1), clock, 100);
        for (int k = 0; k < 99; k++) l.acquire("idle-" + k);
        clock.advance(Duration.ofSeconds(30));
        assertEquals(0, l.acquire("busy"));
        clock.advance(Duration.ofSeconds(31)); // the 99 are idle for a whole period now; busy used 31 s ago
        assertTrue(l.acquire("busy") > 0, "busy's budget is still spent: its bucket was not dropped with the idle ones");
        assertEquals(1, l.size());
    }

    @Test
    void pastTheCapTheLeastRecentlyUsedBucketGoes() {
        HandClock clock = new HandClock();
        RateLimiter l = new RateLimiter(1, Duration.ofMinutes(1), clock, 3);
        assertEquals(0, l.acquire("a"));
        assertEquals(0, l.acquire("b"));
        assertEquals(0, l.acquire("c"));
        assertTrue(l.acquire("a") > 0, "a is limited and now the most recently used");
        assertEquals(0, l.acquire("d")); // b, least recently used, makes room
        assertEquals(3, l.size());
        assertTrue(l.acquire("a") > 0, "a kept its bucket");
        assertTrue(l.acquire("c") > 0, "c kept its bucket");
        assertEquals(0, l.acquire("b"), "b starts over: the price of the bound");
    }
}
