package dev.hookline.testing.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What DynamoDB refuses, checked in the proxy so the harness does not depend on one emulator's
 * strictness (DynamoDB Local 2.6.1 was found to refuse each of these itself; the SQS rules are
 * where ElasticMQ is lenient). Sources (DynamoDB developer guide,
 * "Constraints in Amazon DynamoDB" and "DynamoDB item sizes and formats"; API reference):
 * <ul>
 *   <li>an item is at most 400 KB (409,600 bytes), its size being "the sum of the lengths of its
 *       attribute names and values": strings and names as UTF-8 bytes, numbers about one byte per
 *       two significant digits plus one, binaries their raw bytes, booleans and nulls one byte,
 *       lists and maps 3 bytes plus one byte per element plus their elements;</li>
 *   <li>a partition key value is 1 to 2,048 bytes, a sort key value 1 to 1,024 bytes;</li>
 *   <li>an expression string is at most 4 KB; an expression attribute name or value placeholder
 *       at most 255 bytes; all substitution variables of a request together at most 2 MB;</li>
 *   <li>BatchWriteItem takes at most 25 put or delete requests, BatchGetItem at most 100 keys,
 *       TransactWriteItems and TransactGetItems at most 100 actions.</li>
 * </ul>
 * Every refusal is a ValidationException (HTTP 400). UpdateItem's resulting item size is not
 * checked here (it depends on the stored item): DynamoDB Local 2.6 refuses it itself, with
 * DynamoDB's "Item size to update has exceeded the maximum allowed size".
 */
public final class DynamoDbLimits {
    public static final int MAX_ITEM_BYTES = 400 * 1024;
    public static final int MAX_PARTITION_KEY_BYTES = 2048;
    public static final int MAX_SORT_KEY_BYTES = 1024;
    public static final int MAX_EXPRESSION_BYTES = 4 * 1024;
    public static final int MAX_PLACEHOLDER_BYTES = 255;
    public static final int MAX_SUBSTITUTION_BYTES = 2 * 1024 * 1024;
    public static final int MAX_BATCH_WRITE = 25;
    public static final int MAX_BATCH_GET = 100;
    public static final int MAX_TRANSACTION = 100;

    private static final List<String> EXPRESSIONS = List.of("ConditionExpression", "UpdateExpression",
            "KeyConditionExpression", "FilterExpression", "ProjectionExpression");

    /** Key attribute names by table, learnt from the CreateTable calls that pass through. */
    private final Map<String, KeyNames> keys = new ConcurrentHashMap<>();

    private record KeyNames(String partition, String sort) {
    }

    /** Remembers a table's key schema from a CreateTable request. */
    public void learn(AwsRequest request) {
        if (!"CreateTable".equals(request.action()) || request.json() == null) {
            return;
        }
        String partition = null;
        String sort = null;
        for (JsonNode key : request.json().path("KeySchema")) {
            if ("HASH".equals(key.path("KeyType").asText())) {
                partition = key.path("AttributeName").asText();
            } else {
                sort = key.path("AttributeName").asText();
            }
        }
        if (partition != null) {
            keys.put(request.json().path("TableName").asText(), new KeyNames(partition, sort));
        }
    }

    /** The error DynamoDB would answer to this request, or null when it would accept it. */
    public AwsError check(AwsRequest request) {
        JsonNode json = request.json();
        if (json == null || request.action() == null) {
            return null;
        }
        AwsError error = expressions(json);
        if (error != null) {
            return error;
        }
        return switch (request.action()) {
            case "PutItem" -> item(json.path("TableName").asText(), json.path("Item"));
            case "GetItem", "DeleteItem", "UpdateItem" -> key(json.path("TableName").asText(), json.path("Key"));
            case "BatchWriteItem" -> batchWrite(json.path("RequestItems"));
            case "BatchGetItem" -> batchGet(json.path("RequestItems"));
            case "TransactWriteItems", "TransactGetItems" -> transaction(json.path("TransactItems"));
            default -> null;
        };
    }

    private AwsError batchWrite(JsonNode requestItems) {
        int count = 0;
        for (var table : requestItems.properties()) {
            count += table.getValue().size();
        }
        if (count > MAX_BATCH_WRITE) {
            return AwsError.dynamoDbValidation("1 validation error detected: Value at 'requestItems' failed to satisfy "
                    + "constraint: Member must have length less than or equal to " + MAX_BATCH_WRITE + " (" + count + " requests)");
        }
        for (var table : requestItems.properties()) {
            for (JsonNode write : table.getValue()) {
                AwsError error = write.has("PutRequest") ? item(table.getKey(), write.path("PutRequest").path("Item"))
                        : key(table.getKey(), write.path("DeleteRequest").path("Key"));
                if (error != null) {
                    return error;
                }
            }
        }
        return null;
    }

    private AwsError batchGet(JsonNode requestItems) {
        int count = 0;
        for (var table : requestItems.properties()) {
            count += table.getValue().path("Keys").size();
        }
        if (count > MAX_BATCH_GET) {
            return AwsError.dynamoDbValidation("Too many items requested for the BatchGetItem call");
        }
        return null;
    }

    private AwsError transaction(JsonNode items) {
        if (items.size() > MAX_TRANSACTION) {
            return AwsError.dynamoDbValidation("1 validation error detected: Value at 'transactItems' failed to satisfy "
                    + "constraint: Member must have length less than or equal to " + MAX_TRANSACTION);
        }
        for (JsonNode item : items) {
            for (var action : item.properties()) {
                JsonNode body = action.getValue();
                AwsError error = expressions(body);
                if (error == null) {
                    error = body.has("Item") ? item(body.path("TableName").asText(), body.path("Item"))
                            : key(body.path("TableName").asText(), body.path("Key"));
                }
                if (error != null) {
                    return error;
                }
            }
        }
        return null;
    }

    private AwsError expressions(JsonNode json) {
        for (String name : EXPRESSIONS) {
            JsonNode expression = json.get(name);
            if (expression != null && utf8(expression.asText()) > MAX_EXPRESSION_BYTES) {
                return AwsError.dynamoDbValidation("Invalid " + name + ": Expression size has exceeded the maximum "
                        + "allowed size; expression size: " + utf8(expression.asText()));
            }
        }
        long substitutions = 0;
        for (var name : json.path("ExpressionAttributeNames").properties()) {
            if (utf8(name.getKey()) > MAX_PLACEHOLDER_BYTES) {
                return AwsError.dynamoDbValidation("ExpressionAttributeNames contains invalid key: the size of "
                        + name.getKey().substring(0, 16) + "... exceeds " + MAX_PLACEHOLDER_BYTES + " bytes");
            }
            substitutions += utf8(name.getKey()) + utf8(name.getValue().asText());
        }
        for (var value : json.path("ExpressionAttributeValues").properties()) {
            if (utf8(value.getKey()) > MAX_PLACEHOLDER_BYTES) {
                return AwsError.dynamoDbValidation("ExpressionAttributeValues contains invalid key: the size of "
                        + value.getKey().substring(0, 16) + "... exceeds " + MAX_PLACEHOLDER_BYTES + " bytes");
            }
            long size = valueSize(value.getValue());
            if (size > MAX_ITEM_BYTES) {
                return AwsError.dynamoDbValidation("ExpressionAttributeValues contains invalid value: Item size has "
                        + "exceeded the maximum allowed size for key " + value.getKey());
            }
            substitutions += utf8(value.getKey()) + size;
        }
        if (substitutions > MAX_SUBSTITUTION_BYTES) {
            return AwsError.dynamoDbValidation("Expression attribute names and values together exceed "
                    + MAX_SUBSTITUTION_BYTES + " bytes");
        }
        return null;
    }

    private AwsError item(String table, JsonNode item) {
        long size = itemSize(item);
        if (size > MAX_ITEM_BYTES) {
            return AwsError.dynamoDbValidation("Item size has exceeded the maximum allowed size");
        }
        return key(table, item);
    }

    /** The key attributes' sizes, when the table's schema was seen. */
    private AwsError key(String table, JsonNode attributes) {
        KeyNames names = keys.get(table);
        if (names == null) {
            return null;
        }
        AwsError error = keySize(attributes.get(names.partition()), names.partition(), MAX_PARTITION_KEY_BYTES, "Hash");
        if (error == null && names.sort() != null) {
            error = keySize(attributes.get(names.sort()), names.sort(), MAX_SORT_KEY_BYTES, "Range");
        }
        return error;
    }

    private static AwsError keySize(JsonNode value, String name, int max, String kind) {
        if (value == null) {
            return null;
        }
        long size = valueSize(value);
        if (size > max) {
            return AwsError.dynamoDbValidation("One or more parameter values were invalid: Size of " + kind
                    + "key has exceeded the maximum size limit of " + max + " bytes (" + name + ": " + size + ")");
        }
        if (size == 0 && (value.has("S") || value.has("B"))) {
            return AwsError.dynamoDbValidation("One or more parameter values are not valid. The AttributeValue for a "
                    + "key attribute cannot contain an empty string value. Key: " + name);
        }
        return null;
    }

    /** An item's size as DynamoDB counts it: attribute names plus values. */
    public static long itemSize(JsonNode item) {
        long size = 0;
        for (var attribute : item.properties()) {
            size += utf8(attribute.getKey()) + valueSize(attribute.getValue());
        }
        return size;
    }

    /** One AttributeValue's size ({@code {"S": ...}}, {@code {"N": ...}}, ...), without its name. */
    public static long valueSize(JsonNode value) {
        var field = value.properties().iterator();
        if (!field.hasNext()) {
            return 0;
        }
        var entry = field.next();
        JsonNode v = entry.getValue();
        return switch (entry.getKey()) {
            case "S" -> utf8(v.asText());
            case "N" -> numberSize(v.asText());
            case "B" -> Base64.getDecoder().decode(v.asText()).length;
            case "BOOL", "NULL" -> 1;
            case "SS" -> {
                long s = 0;
                for (JsonNode e : v) {
                    s += utf8(e.asText());
                }
                yield s;
            }
            case "NS" -> {
                long s = 0;
                for (JsonNode e : v) {
                    s += numberSize(e.asText());
                }
                yield s;
            }
            case "BS" -> {
                long s = 0;
                for (JsonNode e : v) {
                    s += Base64.getDecoder().decode(e.asText()).length;
                }
                yield s;
            }
            case "L" -> {
                long s = 3;
                for (JsonNode e : v) {
                    s += 1 + valueSize(e);
                }
                yield s;
            }
            case "M" -> {
                long s = 3;
                for (var e : v.properties()) {
                    s += 1 + utf8(e.getKey()) + valueSize(e.getValue());
                }
                yield s;
            }
            default -> 0;
        };
    }

    /** About one byte per two significant digits, plus one (leading and trailing zeros trimmed). */
    static long numberSize(String number) {
        BigDecimal n;
        try {
            n = new BigDecimal(number.trim()).stripTrailingZeros();
        } catch (NumberFormatException e) {
            return utf8(number);
        }
        int digits = n.signum() == 0 ? 1 : n.precision();
        return (digits + 1) / 2 + 1;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
