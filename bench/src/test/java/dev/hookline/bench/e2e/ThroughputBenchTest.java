package dev.hookline.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThroughputBenchTest {
    @Test
    void aFifthOfThePlanRepeatsEarlierEventsLongAfterTheirOriginals() {
        List<Integer> plan = ThroughputBench.plan(10_000);
        assertEquals(10_000, plan.size());
        assertEquals(8_000, plan.stream().distinct().count());
        Map<Integer, Integer> firstSeen = new HashMap<>();
        for (int i = 0; i < plan.size(); i++) {
            Integer first = firstSeen.putIfAbsent(plan.get(i), i);
            if (first != null) {
                assertTrue(i - first >= 200, "a repeat comes at least 200 sends after its original");
            }
        }
    }

    @Test
    void theSamePlanEveryRun() {
        assertEquals(ThroughputBench.plan(1_000), ThroughputBench.plan(1_000));
    }

    @Test
    void eventBodiesCarryTheirIdAndAreAboutOneKilobyte() {
        String body = ThroughputBench.body(1234);
        assertEquals("evt_1234", Json.parseOrNull(body).path("id").asText());
        assertTrue(body.length() > 800 && body.length() < 1200, body.length() + " bytes");
    }

    @Test
    void refusesRunsTooSmallToSpaceTheDuplicates() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ThroughputBench.plan(100));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("at least 250"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertEquals(ThroughputBench.MIN_EVENTS,
                ThroughputBench.plan(ThroughputBench.MIN_EVENTS).size());
    }
}
