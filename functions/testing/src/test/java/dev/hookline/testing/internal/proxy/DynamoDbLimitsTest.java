package dev.hookline.testing.internal.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each DynamoDB rule: refused just past the limit, accepted at it. */
class DynamoDbLimitsTest {
    private final DynamoDbLimits limits = new DynamoDbLimits();

    private static AwsRequest request(String action, ObjectNode body) {
        return AwsRequest.parse("AWS4-HMAC-SHA256 Credential=receiver/20261124/us-east-1/dynamodb/aws4_request",
                "DynamoDB_20120810." + action, "application/x-amz-json-1.0",
                Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void tableWithPartitionAndSortKey() {
        ObjectNode create = Json.object().put("TableName", "t1-events");
        create.putArray("KeySchema").add(Json.object().put("AttributeName", "pk").put("KeyType", "HASH"))
                .add(Json.object().put("AttributeName", "sk").put("KeyType", "RANGE"));
        limits.learn(request("CreateTable", create));
    }

    private static ObjectNode s(String value) {
        return Json.object().put("S", value);
    }

    private static ObjectNode put(ObjectNode item) {
        ObjectNode body = Json.object().put("TableName", "t1-events");
        body.set("Item", item);
        return body;
    }

    @Test
    void sizesAreCountedAsDynamoDbDocumentsThem() {
        assertEquals(2 + 3, DynamoDbLimits.itemSize(Json.object().set("pk", s("abc"))));
        assertEquals(4, DynamoDbLimits.numberSize("123.45"), "5 significant digits: 3 bytes, plus 1");
        assertEquals(2, DynamoDbLimits.numberSize("1000"), "trailing zeros trimmed");
        ObjectNode map = Json.object();
        map.putObject("M").set("ab", s("xyz"));
        assertEquals(3 + 1 + 2 + 3, DynamoDbLimits.valueSize(map));
        ObjectNode list = Json.object();
        list.putArray("L").add(s("a")).add(Json.object().put("BOOL", true));
        assertEquals(3 + (1 + 1) + (1 + 1), DynamoDbLimits.valueSize(list));
        assertEquals(3, DynamoDbLimits.valueSize(Json.object().put("B", "AAEC")), "raw bytes, not base64");
    }

    @Test
    void itemOfExactly400KbIsAcceptedAndOneByteMoreRefused() {
        // pk: 2 + 1, sk: 2 + 1, body: 4 + n
        int n = DynamoDbLimits.MAX_ITEM_BYTES - 3 - 3 - 4;
        ObjectNode item = Json.object();
        item.set("pk", s("a"));
        item.set("sk", s("b"));
        item.set("body", s("x".repeat(n)));
        assertNull(limits.check(request("PutItem", put(item))));
        item.set("body", s("x".repeat(n + 1)));
        AwsError error = limits.check(request("PutItem", put(item)));
        assertEquals("ValidationException", error.code());
        assertEquals(400, error.status());
        assertEquals("Item size has exceeded the maximum allowed size", error.message());
    }

    @Test
    void partitionKeyOf2048BytesIsAcceptedAnd2049Refused() {
        ObjectNode item = Json.object();
        item.set("pk", s("k".repeat(2048)));
        item.set("sk", s("s"));
        assertNull(limits.check(request("PutItem", put(item))));
        item.set("pk", s("k".repeat(2049)));
        assertTrue(limits.check(request("PutItem", put(item))).message().contains("2048"));
        ObjectNode get = Json.object().put("TableName", "t1-events");
        get.putObject("Key").set("pk", s("k".repeat(2049)));
        assertEquals("ValidationException", limits.check(request("GetItem", get)).code());
    }

    @Test
    void sortKeyOf1024BytesIsAcceptedAnd1025Refused() {
        ObjectNode item = Json.object();
        item.set("pk", s("k"));
        item.set("sk", s("s".repeat(1024)));
        assertNull(limits.check(request("PutItem", put(item))));
        item.set("sk", s("s".repeat(1025)));
        assertEquals("ValidationException", limits.check(request("PutItem", put(item))).code());
    }

    @Test
    void expressionOf4KbIsAcceptedAndOneByteMoreRefused() {
        ObjectNode update = Json.object().put("TableName", "t1-events");
        update.putObject("Key").set("pk", s("k"));
        String prefix = "SET a = :v";
        update.put("UpdateExpression", prefix + " ".repeat(4096 - prefix.length()));
        assertNull(limits.check(request("UpdateItem", update)));
        update.put("UpdateExpression", prefix + " ".repeat(4097 - prefix.length()));
        assertTrue(limits.check(request("UpdateItem", update)).message().contains("Expression size has exceeded"));
        update.put("UpdateExpression", "SET a = :v").put("ConditionExpression", "x".repeat(4097));
        assertEquals("ValidationException", limits.check(request("UpdateItem", update)).code());
    }

    @Test
    void placeholderOf255BytesIsAcceptedAnd256Refused() {
        ObjectNode update = Json.object().put("TableName", "t1-events").put("UpdateExpression", "SET a = :v");
        update.putObject("Key").set("pk", s("k"));
        update.putObject("ExpressionAttributeValues").set(":" + "v".repeat(254), s("1"));
        assertNull(limits.check(request("UpdateItem", update)));
        update.putObject("ExpressionAttributeValues").set(":" + "v".repeat(255), s("1"));
        assertEquals("ValidationException", limits.check(request("UpdateItem", update)).code());
    }

    @Test
    void expressionValueOver400KbIsRefused() {
        ObjectNode update = Json.object().put("TableName", "t1-events").put("UpdateExpression", "SET a = :v");
        update.putObject("Key").set("pk", s("k"));
        update.putObject("ExpressionAttributeValues").set(":v", s("x".repeat(DynamoDbLimits.MAX_ITEM_BYTES + 1)));
        assertTrue(limits.check(request("UpdateItem", update)).message().contains("Item size has exceeded"));
    }

    @Test
    void batchWriteOf25IsAcceptedAnd26Refused() {
        ObjectNode body = Json.object();
        ArrayNode writes = body.putObject("RequestItems").putArray("t1-events");
        for (int i = 0; i < 25; i++) {
            ObjectNode item = writes.addObject().putObject("PutRequest").putObject("Item");
            item.set("pk", s("k" + i));
            item.set("sk", s("s"));
        }
        assertNull(limits.check(request("BatchWriteItem", body)));
        writes.addObject().putObject("DeleteRequest").putObject("Key").set("pk", s("k"));
        assertEquals("ValidationException", limits.check(request("BatchWriteItem", body)).code());
    }

    @Test
    void transactionOf100IsAcceptedAnd101Refused() {
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("TransactItems");
        for (int i = 0; i < 100; i++) {
            ObjectNode check = items.addObject().putObject("ConditionCheck").put("TableName", "t1-events")
                    .put("ConditionExpression", "attribute_exists(pk)");
            check.putObject("Key").set("pk", s("k" + i));
        }
        assertNull(limits.check(request("TransactWriteItems", body)));
        items.addObject().putObject("Delete").put("TableName", "t1-events").putObject("Key").set("pk", s("k"));
        assertEquals("ValidationException", limits.check(request("TransactWriteItems", body)).code());
    }

    @Test
    void anItemOver400KbInsideATransactionIsRefused() {
        ObjectNode body = Json.object();
        ObjectNode item = body.putArray("TransactItems").addObject().putObject("Put").put("TableName", "t1-events")
                .putObject("Item");
        item.set("pk", s("k"));
        item.set("big", s("x".repeat(DynamoDbLimits.MAX_ITEM_BYTES)));
        assertEquals("Item size has exceeded the maximum allowed size",
                limits.check(request("TransactWriteItems", body)).message());
    }
}
