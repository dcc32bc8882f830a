package dev.hookline.processor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeliveryBatchesTest {

    @Test
    void packsAtMostTenEntriesPerBatch() {
        List<String> items = IntStream.range(0, 23).mapToObj(i -> "m" + i).toList();
        List<List<String>> batches = DeliveryBatches.pack(items, Function.identity(), 1_000_000);
        assertEquals(List.of(10, 10, 3), batches.stream().map(List::size).toList());
        assertEquals(items, batches.stream().flatMap(List::stream).toList());
    }

    @Test
    void startsANewBatchBeforeTheBodiesExceedTheByteLimit() {
        List<String> items = List.of("a".repeat(400), "b".repeat(400), "c".repeat(400), "d".repeat(100));
        List<List<String>> batches = DeliveryBatches.pack(items, Function.identity(), 1000);
        assertEquals(List.of(2, 2), batches.stream().map(List::size).toList());
    }

    @Test
    void countsUtf8BytesNotCharacters() {
        List<String> items = List.of("é".repeat(300), "é".repeat(300));
        assertEquals(2, DeliveryBatches.pack(items, Function.identity(), 1000).size());
    }

    @Test
    void anOversizedMessageTravelsAloneSoOnlyItIsRefused() {
        List<String> items = List.of("small", "x".repeat(5000), "small2");
        List<List<String>> batches = DeliveryBatches.pack(items, Function.identity(), 1000);
        assertEquals(List.of(List.of("small"), List.of("x".repeat(5000)), List.of("small2")), batches);
    }

    @Test
    void nothingToSendMakesNoBatch() {
        assertEquals(List.of(), DeliveryBatches.pack(List.<String>of(), Function.identity(), 1000));
    }
}
