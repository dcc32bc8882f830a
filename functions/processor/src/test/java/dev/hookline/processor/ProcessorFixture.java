package dev.hookline.processor;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.endpoints.EndpointCache;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.events.EventAttributes;
import dev.hookline.core.events.InboundMessage;
import dev.hookline.core.json.Json;
import dev.hookline.core.log.JsonLog;
import dev.hookline.core.metrics.Metrics;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.core.resources.Tables;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.SqsEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Real tables and queues on the emulators, a processor over them, and its captured log and metrics. */
final class ProcessorFixture {
    final Emulators emulators;
    final HooklineResources resources;
    final EndpointRegistry registry;
    final ByteArrayOutputStream logOut = new ByteArrayOutputStream();
    final ByteArrayOutputStream metricsOut = new ByteArrayOutputStream();
    final JsonLog log = new JsonLog("processor", new PrintStream(logOut, true, StandardCharsets.UTF_8),
            Clock.systemUTC(), false);
    final Metrics metrics = new Metrics("processor", new PrintStream(metricsOut, true, StandardCharsets.UTF_8),
            Clock.systemUTC());

    ProcessorFixture(Emulators emulators, HooklineResources resources) {
        this.emulators = emulators;
        this.resources = resources;
        this.registry = new EndpointRegistry(emulators.dynamoDb(), resources.endpointsTable(),
                new EndpointUrlPolicy(false), Clock.systemUTC());
    }

    static ProcessorFixture create(Emulators emulators) {
        return new ProcessorFixture(emulators, emulators.provision());
    }

    /** A handler reading endpoints without a cache, so each test sees its registry changes at once. */
    ProcessorHandler handler(EventHandlers handlers) {
        // Signed as the processor, so the harness holds every call it makes to the processor's role.
        var as = emulators.clientsAs("processor");
        return new ProcessorHandler(ProcessorTargets.of(resources), as.dynamoDb(), as.sqs(),
                new EndpointCache(new EndpointRegistry(as.dynamoDb(), resources.endpointsTable(),
                        new EndpointUrlPolicy(false), Clock.systemUTC()), Duration.ZERO, Clock.systemUTC()),
                handlers, log, metrics, Clock.systemUTC());
    }

    static InboundMessage event(String source, String eventId, String type, String body) {
        return new InboundMessage(source, eventId, type, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                body.getBytes(StandardCharsets.UTF_8), Map.of("content-type", "application/json"));
    }

    /** Puts a message on the inbound queue the way the receiver does. */
    String enqueue(InboundMessage message) {
        return enqueueRaw(message.toJson(), message.source(), message.type());
    }

    String enqueueRaw(String body, String source, String type) {
        return emulators.sqs().sendMessage(b -> b.queueUrl(resources.inboundQueueUrl()).messageBody(body)
                .messageAttributes(Map.of(
                        InboundMessage.ATTR_SOURCE, MessageAttributeValue.builder().dataType("String").stringValue(source).build(),
                        InboundMessage.ATTR_TYPE, MessageAttributeValue.builder().dataType("String").stringValue(type).build())))
                .messageId();
    }

    /** Receives exactly {@code count} inbound messages (as Lambda's ESM would hand them over). */
    SQSEvent receiveInbound(int count) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 20 && messages.size() < count; i++) {
            int missing = count - messages.size();
            messages.addAll(emulators.sqs().receiveMessage(b -> b.queueUrl(resources.inboundQueueUrl())
                    .maxNumberOfMessages(Math.min(10, missing)).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages());
        }
        if (messages.size() != count) {
            throw new AssertionError("expected " + count + " inbound messages, got " + messages.size());
        }
        return SqsEvents.from(messages, queueArn(resources.inboundQueueUrl()));
    }

    String queueArn(String url) {
        return emulators.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** Every message now on the deliveries queue, removed from it. */
    List<DeliveryMessage> drainDeliveries() {
        return drain(resources.deliveriesQueueUrl()).stream().map(m -> DeliveryMessage.fromJson(m.body())).toList();
    }

    List<Message> drain(String queueUrl) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = emulators.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).visibilityTimeout(60)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            batch.forEach(m -> emulators.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        }
    }

    /** The item, or null when there is none. */
    Map<String, AttributeValue> deliveryRecord(String deliveryId) {
        Map<String, AttributeValue> item = emulators.dynamoDb().getItem(b -> b.tableName(resources.deliveriesTable()).consistentRead(true)
                .key(Map.of(Tables.PK, AttributeValue.fromS(deliveryId)))).item();
        return item == null || item.isEmpty() ? null : item;
    }

    Map<String, AttributeValue> eventItem(String eventKey) {
        return emulators.dynamoDb().getItem(b -> b.tableName(resources.eventsTable()).consistentRead(true)
                .key(Map.of(Tables.PK, AttributeValue.fromS(eventKey)))).item();
    }

    /** The events-table item as the receiver leaves it once the message is on the queue. */
    void claimed(InboundMessage message) {
        Instant now = Instant.now();
        emulators.dynamoDb().putItem(b -> b.tableName(resources.eventsTable()).item(Map.of(
                Tables.PK, AttributeValue.fromS(message.eventKey()),
                EventAttributes.STATUS, AttributeValue.fromS("ENQUEUED"),
                EventAttributes.LEASE_UNTIL, AttributeValue.fromN(Long.toString(now.plusSeconds(30).toEpochMilli())),
                EventAttributes.TYPE, AttributeValue.fromS(message.type()),
                EventAttributes.RECEIVED_AT, AttributeValue.fromN(Long.toString(message.receivedAt().toEpochMilli())),
                EventAttributes.EXPIRES_AT, AttributeValue.fromN(Long.toString(now.plus(Duration.ofHours(72)).getEpochSecond())))));
    }

    String status(String eventKey) {
        Map<String, AttributeValue> item = eventItem(eventKey);
        return item == null || !item.containsKey(EventAttributes.STATUS) ? null : item.get(EventAttributes.STATUS).s();
    }

    String logText() {
        return logOut.toString(StandardCharsets.UTF_8);
    }

    List<com.fasterxml.jackson.databind.JsonNode> logLines() {
        return logText().lines().map(Json::parseOrNull).toList();
    }

    /** The metrics of the last flushed invocation, by name. */
    com.fasterxml.jackson.databind.JsonNode lastMetrics() {
        List<String> lines = metricsOut.toString(StandardCharsets.UTF_8).lines().toList();
        return lines.isEmpty() ? Json.object() : Json.parseOrNull(lines.get(lines.size() - 1));
    }

    static List<String> failedIds(com.amazonaws.services.lambda.runtime.events.SQSBatchResponse response) {
        return response.getBatchItemFailures().stream()
                .map(com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }
}
