package dev.hookline.bench.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostModelTest {
    private static final CostModel.Usage NONE = new CostModel.Usage(0, 0, 0, 0, 0);

    /** 1,000 unique events, 1,250 requests; every figure chosen so the dollars can be checked by hand. */
    private static CostModel model() {
        return new CostModel(
                Map.of("receiver", Map.of("DynamoDb", new CostModel.Usage(2_250, 250, 2_250, 0, 0),
                                "Sqs", new CostModel.Usage(1_000, 0, 0, 0, 1_000)),
                        "processor ESM", Map.of("Sqs", new CostModel.Usage(200, 0, 0, 0, 200)),
                        "sender", Map.of("DynamoDb", new CostModel.Usage(1_000, 0, 1_000, 500, 0),
                                "SecretsManager", new CostModel.Usage(10, 0, 0, 0, 0)),
                        "not billed (local runtime: sinks, bookkeeping)",
                        Map.of("DynamoDb", new CostModel.Usage(99_999, 0, 99_999, 99_999, 0))),
                Map.of(),
                Map.of("receiver", new CostModel.Invocations(1_250, 99.2, 80, 1_250),
                        "processor", new CostModel.Invocations(100, 1000, 900, 1_000),
                        "sender", new CostModel.Invocations(1_000, 50, 40, 1_000)),
                Map.of("receiver", 500_000L, "processor", 0L, "sender", 0L),
                1_250, 1_000, Map.of("receiver", 1024, "processor", 2048, "sender", 512));
    }

    @Test
    void pricesEachServiceFromTheCountsPerUniqueEvent() {
        Map<String, Double> cost = model().costPerMillion();
        assertEquals(1.25, cost.get("API Gateway HTTP API"), 1e-9);
        // (1.25 + 0.1 + 1) invocations per event at $0.20 per million.
        assertEquals(0.47, cost.get("Lambda requests"), 1e-9);
        // 1.25 × 0.100 s × 1 GB + 0.1 × 1 s × 2 GB + 1 × 0.05 s × 0.5 GB = 0.35 GB-s per event (99.2 ms billed as 100).
        assertEquals(0.35 * 0.0000133334 * 1e6, cost.get("Lambda duration (GB-s)"), 1e-6);
        // (1 + 0.2) billed SQS requests per event; the unbilled group is left out.
        assertEquals(1.2 * 0.40, cost.get("SQS requests"), 1e-9);
        assertEquals(3.25 * 0.625, cost.get("DynamoDB writes"), 1e-9);
        assertEquals(0.5 * 0.125, cost.get("DynamoDB reads"), 1e-9);
        assertEquals(0.01 * 0.05 / 10_000 * 1e6, cost.get("Secrets Manager"), 1e-9);
        // 500 B of receiver lines + 2.35 invocations × 260 B platform lines + 1.25 × 350 B access log, per event.
        double bytes = 500 + 2.35 * 260 + 1.25 * 350;
        assertEquals(bytes / 1e9 * 0.50 * 1e6, cost.get("CloudWatch Logs ingestion"), 1e-9);
        assertEquals(cost.values().stream().mapToDouble(Double::doubleValue).sum(), model().total(), 1e-9);
    }

    @Test
    void unbilledCallersAreNotCharged() {
        assertEquals(NONE, model().perEvent("processor", "DynamoDb"));
        assertTrue(model().costPerMillion().get("DynamoDB reads") < 1);
    }

    @Test
    void rewritesOnlyTheGeneratedBlockOfCostMd(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("COST.md");
        Files.writeString(md, "# Cost\nprose before\n" + CostModel.BEGIN + "\nold figures\n" + CostModel.END
                + "\nprose after\n");
        model().writeInto(md);
        String text = Files.readString(md);
        assertTrue(text.startsWith("# Cost\nprose before\n" + CostModel.BEGIN + "\n"));
        assertTrue(text.endsWith(CostModel.END + "\nprose after\n"));
        assertTrue(!text.contains("old figures") && text.contains("| **total** |"));
    }
}
