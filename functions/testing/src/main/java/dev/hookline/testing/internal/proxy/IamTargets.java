package dev.hookline.testing.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The IAM actions and resources one API call needs, as the service authorizes it (service
 * authorization reference, "Actions, resources, and condition keys"): SQS's batch actions are
 * authorized as their single forms (SendMessageBatch needs sqs:SendMessage); DynamoDB's
 * TransactWriteItems needs the per-item action (PutItem, UpdateItem, DeleteItem,
 * ConditionCheckItem) on each item's table; a Query or Scan of an index is authorized on
 * {@code <table ARN>/index/<name>}.
 */
public final class IamTargets {
    private static final Map<String, String> SQS_BATCH = Map.of(
            "SendMessageBatch", "SendMessage",
            "DeleteMessageBatch", "DeleteMessage",
            "ChangeMessageVisibilityBatch", "ChangeMessageVisibility");
    private static final Map<String, String> TRANSACT = Map.of(
            "Put", "PutItem", "Update", "UpdateItem", "Delete", "DeleteItem", "ConditionCheck", "ConditionCheckItem",
            "Get", "GetItem");

    /**
     * @param iamAction e.g. {@code sqs:SendMessage}
     * @param name      the table, queue or secret name the call names, or null when it names none
     * @param path      below the resource ({@code index/byStatus}), or null
     */
    public record Target(String iamAction, String name, String path) {
    }

    private IamTargets() {
    }

    public static List<Target> of(AwsRequest request) {
        List<Target> targets = new ArrayList<>();
        String action = request.action();
        if (action == null || request.service() == null) {
            return targets;
        }
        switch (request.service()) {
            case "dynamodb" -> dynamoDb(request, action, targets);
            case "sqs" -> {
                if (action.equals("StartMessageMoveTask")) {
                    moveTask(request, targets);
                    return targets;
                }
                String iam = "sqs:" + SQS_BATCH.getOrDefault(action, action);
                String url = request.parameter("QueueUrl");
                String name = url != null ? url.substring(url.lastIndexOf('/') + 1) : request.parameter("QueueName");
                targets.add(new Target(iam, name, null));
            }
            case "secretsmanager" -> {
                String id = request.parameter("SecretId");
                targets.add(new Target("secretsmanager:" + action, secretName(id != null ? id : request.parameter("Name")),
                        null));
            }
            default -> {
            }
        }
        return targets;
    }

    /**
     * SQS's "API permissions: Actions and resource reference": StartMessageMoveTask needs
     * sqs:StartMessageMoveTask, sqs:ReceiveMessage, sqs:DeleteMessage and sqs:GetQueueAttributes on
     * the source (the DLQ), and the messages are sent to the destination, which needs
     * sqs:SendMessage. The queues are named by ARN here, not URL.
     */
    private static void moveTask(AwsRequest request, List<Target> targets) {
        String source = arnName(request.parameter("SourceArn"));
        for (String action : List.of("StartMessageMoveTask", "ReceiveMessage", "DeleteMessage", "GetQueueAttributes")) {
            targets.add(new Target("sqs:" + action, source, null));
        }
        String destination = arnName(request.parameter("DestinationArn"));
        if (destination != null) {
            targets.add(new Target("sqs:SendMessage", destination, null));
        }
    }

    private static String arnName(String arn) {
        return arn == null ? null : arn.substring(arn.lastIndexOf(':') + 1);
    }

    private static void dynamoDb(AwsRequest request, String action, List<Target> targets) {
        JsonNode json = request.json();
        if (json == null) {
            return;
        }
        switch (action) {
            case "BatchWriteItem", "BatchGetItem" -> json.path("RequestItems").fieldNames()
                    .forEachRemaining(table -> targets.add(new Target("dynamodb:" + action, table, null)));
            case "TransactWriteItems", "TransactGetItems" -> {
                for (JsonNode item : json.path("TransactItems")) {
                    item.properties().forEach(e -> targets.add(new Target(
                            "dynamodb:" + TRANSACT.getOrDefault(e.getKey(), e.getKey()),
                            e.getValue().path("TableName").asText(null), null)));
                }
            }
            default -> {
                String table = json.hasNonNull("TableName") ? json.get("TableName").asText() : null;
                String index = json.hasNonNull("IndexName") ? "index/" + json.get("IndexName").asText() : null;
                targets.add(new Target("dynamodb:" + action, table, index));
            }
        }
    }

    /**
     * A secret's name from its id: an ARN ({@code arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6
     * random characters>}) loses its prefix and the random suffix Secrets Manager appends.
     */
    static String secretName(String id) {
        if (id == null || !id.startsWith("arn:")) {
            return id;
        }
        int marker = id.indexOf(":secret:");
        String rest = marker < 0 ? id : id.substring(marker + ":secret:".length());
        return rest.matches(".*-[A-Za-z0-9]{6}$") ? rest.substring(0, rest.length() - 7) : rest;
    }
}
