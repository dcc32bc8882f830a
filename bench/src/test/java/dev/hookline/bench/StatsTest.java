package dev.hookline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertEquals(5, Stats.median(List.of(9, 1, 5, 7, 2)));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertEquals(4.5, Stats.median(List.of(8L, 1L, 4L, 5L)));
    }

    @Test
    void anOutlierMovesTheMeanButNotTheMedian() {
        List<Integer> runs = List.of(100, 101, 102, 5000);
        assertEquals(101.5, Stats.median(runs));
        assertEquals(1325.75, Stats.mean(runs));
    }

    @Test
    void refusesAnEmptySample() {
        assertThrows(IllegalArgumentException.class, () -> Stats.median(List.of()));
    }
}
