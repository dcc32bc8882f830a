package dev.hookline.infra.sam;

import dev.hookline.core.config.EnvVars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What each function is and touches, as data: the one place to edit when a function starts using
 * another table, queue or secret (add a row here, then the grant in template.yaml).
 */
final class ExpectedAccess {

    /** A deployed function: its Maven module under functions/, template ids, handler. */
    record Function(String module, String logicalId, String roleId, String logGroupId, String handler) {
        String codeUri() {
            return "functions/" + module + "/target/hookline-" + module + ".jar";
        }
    }

    /** The function reaches {@code resource} through {@code envVar} and needs exactly {@code actions} on it. */
    record Grant(String module, String envVar, String resource, Set<String> actions) {
    }

    static final List<Function> FUNCTIONS = List.of(
            new Function("receiver", "ReceiverFunction", "ReceiverRole", "ReceiverLogs",
                    "dev.hookline.receiver.ReceiverHandler::handleRequest"),
            new Function("processor", "ProcessorFunction", "ProcessorRole", "ProcessorLogs",
                    "dev.hookline.processor.ProcessorHandler::handleRequest"),
            new Function("sender", "SenderFunction", "SenderRole", "SenderLogs",
                    "dev.hookline.sender.SenderHandler::handleRequest"),
            new Function("api", "ApiFunction", "ApiRole", "ApiLogs",
                    "dev.hookline.api.ApiHandler::handleRequest"));

    static final String GET_SECRET = "secretsmanager:GetSecretValue";

    static final List<Grant> GRANTS = List.of(
            // receiver: conditional claim, read a refused claim, mark ENQUEUED, release on send failure;
            // nothing of the endpoints or deliveries tables.
            grant("receiver", EnvVars.EVENTS_TABLE, "EventsTable",
                    "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"),
            // GetQueueAttributes: the SnapStart priming hook's one read-only SQS call.
            grant("receiver", EnvVars.INBOUND_QUEUE_URL, "InboundQueue", "sqs:SendMessage", "sqs:GetQueueAttributes"),
            grant("receiver", EnvVars.CONFIG_SECRET_ID, "ConfigSecret", GET_SECRET),

            // processor: skip PROCESSED events, route to endpoints, record and enqueue deliveries.
            // PutItem: the event's kept payload (EventPayloads), an item of its own.
            grant("processor", EnvVars.EVENTS_TABLE, "EventsTable", "dynamodb:GetItem", "dynamodb:UpdateItem",
                    "dynamodb:PutItem"),
            grant("processor", EnvVars.ENDPOINTS_TABLE, "EndpointsTable", "dynamodb:Scan"),
            grant("processor", EnvVars.DELIVERIES_TABLE, "DeliveriesTable", "dynamodb:PutItem", "dynamodb:UpdateItem"),
            grant("processor", EnvVars.DELIVERIES_QUEUE_URL, "DeliveriesQueue", "sqs:SendMessage"),
            // No config secret: the processor's routing lives in the endpoints table.

            // sender: endpoint state and circuit, attempt log, backoff by visibility, DLQ for permanent failures.
            grant("sender", EnvVars.ENDPOINTS_TABLE, "EndpointsTable", "dynamodb:GetItem", "dynamodb:UpdateItem"),
            grant("sender", EnvVars.DELIVERIES_TABLE, "DeliveriesTable", "dynamodb:GetItem", "dynamodb:UpdateItem"),
            grant("sender", EnvVars.DELIVERIES_QUEUE_URL, "DeliveriesQueue", "sqs:ChangeMessageVisibility"),
            grant("sender", EnvVars.DELIVERIES_DLQ_URL, "DeliveriesDlq", "sqs:SendMessage"),
            // No config secret: on AWS the signing key has its own secret (the config file only off AWS).
            grant("sender", EnvVars.SIGNING_KEY_SECRET_ID, "SigningKeySecret", GET_SECRET),

            // api: keys (authenticate, create, revoke, list; never deleted), tenants (all of CRUD),
            // and the deploy-time admin key's secret, read when an unknown key is presented.
            grant("api", EnvVars.KEYS_TABLE, "KeysTable",
                    "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Scan"),
            grant("api", EnvVars.TENANTS_TABLE, "TenantsTable",
                    "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                    "dynamodb:Scan"),
            grant("api", EnvVars.ADMIN_KEY_SECRET_ID, "AdminKeySecret", GET_SECRET),
            // api endpoints: all of CRUD plus the actions (conditional updates), a scan for lists, and
            // the signing key for GET .../secret and POST .../test.
            grant("api", EnvVars.ENDPOINTS_TABLE, "EndpointsTable",
                    "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                    "dynamodb:Scan"),
            grant("api", EnvVars.SIGNING_KEY_SECRET_ID, "SigningKeySecret", GET_SECRET),
            // api, events: publish claims like the receiver (EventIntake), get a kept event, count a
            // replay (UpdateItem), list by the byTenant index (Query); replay reads the endpoints (granted
            // above) and creates deliveries as the processor's fan-out does.
            grant("api", EnvVars.EVENTS_TABLE, "EventsTable", "dynamodb:PutItem", "dynamodb:GetItem",
                    "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"),
            grant("api", EnvVars.INBOUND_QUEUE_URL, "InboundQueue", "sqs:SendMessage"),
            grant("api", EnvVars.DELIVERIES_TABLE, "DeliveriesTable", "dynamodb:PutItem", "dynamodb:UpdateItem"),
            grant("api", EnvVars.DELIVERIES_QUEUE_URL, "DeliveriesQueue", "sqs:SendMessage"),
            // api, deliveries: the delivery log (get, page an endpoint's log through its byEndpoint
            // index, reopen for a retry), endpoint ownership (granted above), a retry's re-enqueue, the DLQs'
            // counts and StartMessageMoveTask redrive (four actions on the DLQ, SendMessage on the
            // destination), queue ARNs read with GetQueueAttributes.
            grant("api", EnvVars.DELIVERIES_TABLE, "DeliveriesTable",
                    "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Query"),
            grant("api", EnvVars.DELIVERIES_QUEUE_URL, "DeliveriesQueue", "sqs:SendMessage", "sqs:GetQueueAttributes"),
            grant("api", EnvVars.INBOUND_QUEUE_URL, "InboundQueue", "sqs:SendMessage", "sqs:GetQueueAttributes"),
            grant("api", EnvVars.DELIVERIES_DLQ_URL, "DeliveriesDlq", "sqs:GetQueueAttributes",
                    "sqs:StartMessageMoveTask", "sqs:ReceiveMessage", "sqs:DeleteMessage"),
            grant("api", EnvVars.INBOUND_DLQ_URL, "InboundDlq", "sqs:GetQueueAttributes",
                    "sqs:StartMessageMoveTask", "sqs:ReceiveMessage", "sqs:DeleteMessage"));

    /** The queue each SQS-driven function consumes through Lambda's event source mapping. */
    static final Map<String, String> EVENT_SOURCES = Map.of(
            "processor", "InboundQueue",
            "sender", "DeliveriesQueue");

    /** What the event source mapping itself needs on its source queue (AWSLambdaSQSQueueExecutionRole's three). */
    static final Set<String> EVENT_SOURCE_ACTIONS =
            Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes");

    /** What the Lambda runtime needs on the function's own log group (the group exists; no CreateLogGroup). */
    static final Set<String> LOG_ACTIONS = Set.of("logs:CreateLogStream", "logs:PutLogEvents");

    /**
     * Variables core reads only off AWS (the config file, emulator endpoints): the template must
     * not set them, and a function reading them does not need them from the template.
     */
    static final Set<String> LOCAL_ONLY = Set.of(
            EnvVars.CONFIG_FILE,
            EnvVars.ENDPOINT_URL,
            EnvVars.ENDPOINT_URL_DYNAMODB,
            EnvVars.ENDPOINT_URL_SQS,
            EnvVars.ENDPOINT_URL_SECRETS_MANAGER);

    /**
     * The EMF metrics (namespace hookline, dimension function) the alarms must watch, by emitting
     * function; each is checked to occur in that function's sources once they exist.
     */
    static final Map<String, Set<String>> ALARMED_METRICS = Map.of(
            "receiver", Set.of("signatureFailures"),
            "sender", Set.of("deliverySucceeded", "deliveryFailed"));

    /** SDK v2 method → the IAM action it needs (batch variants need the single action). */
    static final Map<String, String> SDK_CALLS = Map.ofEntries(
            Map.entry("putItem", "dynamodb:PutItem"),
            Map.entry("getItem", "dynamodb:GetItem"),
            Map.entry("updateItem", "dynamodb:UpdateItem"),
            Map.entry("deleteItem", "dynamodb:DeleteItem"),
            Map.entry("scan", "dynamodb:Scan"),
            Map.entry("query", "dynamodb:Query"),
            Map.entry("batchGetItem", "dynamodb:BatchGetItem"),
            Map.entry("batchWriteItem", "dynamodb:BatchWriteItem"),
            Map.entry("sendMessage", "sqs:SendMessage"),
            Map.entry("sendMessageBatch", "sqs:SendMessage"),
            Map.entry("changeMessageVisibility", "sqs:ChangeMessageVisibility"),
            Map.entry("changeMessageVisibilityBatch", "sqs:ChangeMessageVisibility"),
            Map.entry("deleteMessage", "sqs:DeleteMessage"),
            Map.entry("deleteMessageBatch", "sqs:DeleteMessage"),
            Map.entry("receiveMessage", "sqs:ReceiveMessage"),
            Map.entry("getQueueAttributes", "sqs:GetQueueAttributes"),
            Map.entry("getQueueUrl", "sqs:GetQueueUrl"),
            Map.entry("startMessageMoveTask", "sqs:StartMessageMoveTask"),
            Map.entry("getSecretValue", "secretsmanager:GetSecretValue"));

    private static final Pattern SDK_CALL = Pattern.compile("\\.(" + String.join("|", SDK_CALLS.keySet()) + ")\\(");

    /** IAM action → first source file calling it, for the module's main sources. */
    static Map<String, String> awsCallsIn(Path sources) throws IOException {
        Map<String, String> calls = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                Matcher m = SDK_CALL.matcher(Files.readString(file));
                while (m.find()) {
                    calls.putIfAbsent(SDK_CALLS.get(m.group(1)), file.getFileName() + " ." + m.group(1) + "(");
                }
            }
        }
        return calls;
    }

    private ExpectedAccess() {
    }

    static Function function(String module) {
        return FUNCTIONS.stream().filter(f -> f.module().equals(module)).findFirst()
                .orElseThrow(() -> new AssertionError("no function module " + module + " in ExpectedAccess.FUNCTIONS"));
    }

    static List<Grant> grantsOf(String module) {
        return GRANTS.stream().filter(g -> g.module().equals(module)).toList();
    }

    private static Grant grant(String module, String envVar, String resource, String... actions) {
        return new Grant(module, envVar, resource, new LinkedHashSet<>(List.of(actions)));
    }
}
