package dev.hookline.bench.cost;

/**
 * What keeping each event's payload for the delivery log's 30 days costs per million events, as a
 * DynamoDB attribute or as an S3 object (core's EventPayloads chose the attribute). Both keep the
 * same small item for the events list; this is the payload's own share: for DynamoDB the write units
 * it adds to that item and its storage, for S3 a PUT and its storage. A month's events stay stored
 * for about a month, so storage is one GB-month per GB written in a month. Reads (replays, retries)
 * are rare and left out.
 */
public final class PayloadRetentionCost {
    /** The item's other attributes and their names (pk, tenant, ids, type, times): about 220 bytes for a 26-character id and a 15-character type, counted from EventPayloads.put, rounded up. */
    static final int ITEM_WITHOUT_PAYLOAD_BYTES = 250;
    /** Storage overhead DynamoDB bills per item. */
    static final int DYNAMODB_ITEM_OVERHEAD_BYTES = 100;

    private PayloadRetentionCost() {
    }

    /** Dollars per million events whose payload is {@code payloadBytes}, kept in the DynamoDB item. */
    public static double dynamoDbPerMillion(int payloadBytes) {
        long withPayload = wru(ITEM_WITHOUT_PAYLOAD_BYTES + payloadBytes);
        long without = wru(ITEM_WITHOUT_PAYLOAD_BYTES);
        double writes = (withPayload - without) * Prices.DYNAMODB_PER_MILLION_WRU;
        return writes + gigabytes(payloadBytes) * Prices.DYNAMODB_PER_GB_MONTH;
    }

    /** Dollars per million events whose payload is {@code payloadBytes}, kept as an S3 Standard object. */
    public static double s3PerMillion(int payloadBytes) {
        return 1_000 * Prices.S3_PER_1K_PUT + gigabytes(payloadBytes) * Prices.S3_STANDARD_PER_GB_MONTH;
    }

    /** One write request unit per started KB (1,024 bytes) of the item, as on-demand bills a PutItem. */
    static long wru(int itemBytes) {
        return (itemBytes + 1023) / 1024;
    }

    private static double gigabytes(int payloadBytes) {
        return payloadBytes * 1e6 / 1e9;
    }

    public static void main(String[] args) {
        System.out.println("| payload | DynamoDB attribute | S3 object |");
        System.out.println("|---|---|---|");
        for (int kb : new int[] {1, 2, 4, 6, 8, 16, 64}) {
            System.out.printf(java.util.Locale.ROOT, "| %d KB | $%.2f | $%.2f |%n", kb,
                    dynamoDbPerMillion(kb * 1024), s3PerMillion(kb * 1024));
        }
    }
}
