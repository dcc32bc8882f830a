package dev.hookline.bench.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PayloadRetentionCostTest {
    @Test
    void aOneKilobytePayloadCostsOneWriteUnitAndAGigabyteMonthPerMillion() {
        // 250 + 1024 bytes: 2 WRU instead of 1; 1.024 GB for a month.
        assertEquals(0.625 + 1.024 * 0.25, PayloadRetentionCost.dynamoDbPerMillion(1024), 1e-9);
        assertEquals(5.0 + 1.024 * 0.023, PayloadRetentionCost.s3PerMillion(1024), 1e-9);
    }

    @Test
    void dynamoDbIsCheaperForSmallPayloadsAndS3ForLargeOnes() {
        assertTrue(PayloadRetentionCost.dynamoDbPerMillion(4 * 1024) < PayloadRetentionCost.s3PerMillion(4 * 1024));
        assertTrue(PayloadRetentionCost.dynamoDbPerMillion(8 * 1024) > PayloadRetentionCost.s3PerMillion(8 * 1024));
    }
}
