package dev.hookline.processor;

import static dev.hookline.processor.ProcessorFixture.event;
import static dev.hookline.processor.ProcessorFixture.failedIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.deliveries.DeliveryAttributes;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.events.EventAttributes;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.events.InboundMessage;
import dev.hookline.core.json.Json;
import dev.hookline.core.resources.Tables;
import dev.hookline.processor.internal.OutboundPayload;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.LocalContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

@ExtendWith(EmulatorsExtension.class)
class ProcessorHandlerIT {
    private static final String INVOICE = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\",\"amount\":12.50,"
            + "\"big\":123456789012345678901234567890.123456789,\"data\":{\"object\":{\"id\":\"in_1\"}}}";

    @Test
    void fansOutOnlyToActiveEndpointsWhoseFiltersMatch(Emulators emulators) {
        ProcessorFixture f = ProcessorFixture.create(emulators);
        f.registry.create("ep_all", "https://all.example.com/hook", List.of("*"), null);
        f.registry.create("ep_invoices", "https://billing.example.com/hook", List.of("invoice.*"), null);
        f.registry.create("ep_customers", "https://crm.example.com/hook", List.of("customer.created"), null);
        f.registry.create("ep_off", "https://off.example.com/hook", List.of("invoice.paid"), null);
        f.registry.disable("ep_off", "operator");
        InboundMessage message = event("stripe", "evt_1", "invoice.paid", INVOICE);
        f.claimed(message);
        f.enqueue(message);

        SQSBatchResponse response = f.handler(EventHandlers.none()).handleRequest(f.receiveInbound(1),
                new LocalContext("processor"));

        assertEquals(List.of(), failedIds(response));
        List<DeliveryMessage> deliveries = f.drainDeliveries();
        assertEquals(Set.of("ep_all", "ep_invoices"),
                deliveries.stream().map(DeliveryMessage::endpointId).collect(Collectors.toSet()));
        assertEquals(2, deliveries.size());
        String messageId = OutboundPayload.messageId("stripe#evt_1");
        for (DeliveryMessage delivery : deliveries) {
            assertEquals("stripe#evt_1/" + delivery.endpointId(), delivery.deliveryId());
            assertEquals(messageId, delivery.messageId());
            assertEquals(message.receivedAt(), delivery.eventReceivedAt());
            JsonNode payload = Json.parseOrNull(delivery.payload());
            assertEquals(List.of("id", "type", "source", "timestamp", "api_version", "data"),
                    iterable(payload.fieldNames()));
            assertEquals(messageId, payload.get("id").asText());
            assertEquals("invoice.paid", payload.get("type").asText());
            assertEquals("stripe", payload.get("source").asText());
            assertEquals(message.receivedAt().toString(), payload.get("timestamp").asText());
            assertEquals("2026-11-01", payload.get("api_version").asText());
            assertEquals(Json.parseOrNull(INVOICE), payload.get("data"));
            assertTrue(delivery.payload().contains("123456789012345678901234567890.123456789"),
                    "the provider's body is passed on as sent, big decimals unrounded");

            Map<String, AttributeValue> record = f.deliveryRecord(delivery.deliveryId());
            assertEquals("PENDING", record.get(DeliveryAttributes.STATUS).s());
            assertEquals(delivery.endpointId(), record.get(DeliveryAttributes.ENDPOINT_ID).s());
            assertEquals("stripe#evt_1", record.get(DeliveryAttributes.EVENT_KEY).s());
            assertEquals(messageId, record.get(DeliveryAttributes.MESSAGE_ID).s());
            assertEquals("0", record.get(DeliveryAttributes.ATTEMPTS).n());
            long createdAt = Long.parseLong(record.get(DeliveryAttributes.CREATED_AT).n());
            assertTrue(Math.abs(createdAt - System.currentTimeMillis()) < 60_000, "createdAt is epoch millis");
            long expiresAt = Long.parseLong(record.get(Tables.EXPIRES_AT).n());
            long expected = Instant.now().plus(DeliveryAttributes.RETENTION).getEpochSecond();
            assertTrue(Math.abs(expiresAt - expected) < 60, "expiresAt is epoch seconds 30 days out");
            assertNotNull(record.get(DeliveryAttributes.ENQUEUED_AT));
        }
        assertNull(f.deliveryRecord("stripe#evt_1/ep_customers"));
        assertNull(f.deliveryRecord("stripe#evt_1/ep_off"));
        assertEquals("PROCESSED", f.status("stripe#evt_1"));
        assertNotNull(f.eventItem("stripe#evt_1").get(EventAttributes.PROCESSED_AT));
        JsonNode metrics = f.lastMetrics();
        assertEquals(1, metrics.get("processed").asInt());
        assertEquals(2, metrics.get("fanOut").asInt());
        assertTrue(metrics.get("endToEndLatency").isArray());
        JsonNode line = f.logLines().stream().filter(l -> "processed".equals(Json.text(l, "outcome"))).findFirst()
                .orElseThrow();
        assertEquals("stripe#evt_1", line.get("eventKey").asText());
        assertEquals(2, line.get("enqueued").asInt());
    }

    @Test
    void fansOutOnlyWithinTheEventsTenantAndPausedEndpointsKeepTheirDeliveries(Emulators emulators) {
        ProcessorFixture f = ProcessorFixture.create(emulators);
        f.registry.create("ep_default", "https://d.example.com/hook", List.of("*"), null);
        f.registry.create(new EndpointRegistry.NewEndpoint("ep_acme", "acme", "https://acme.example.com/hook",
                List.of("*"), null, Map.of(), Map.of()));
        f.registry.create(new EndpointRegistry.NewEndpoint("ep_acme_paused", "acme", "https://acme.example.com/p",
                List.of("*"), null, Map.of(), Map.of()));
        f.registry.pause("acme", "ep_acme_paused");
        f.registry.create(new EndpointRegistry.NewEndpoint("ep_other", "other", "https://other.example.com/hook",
                List.of("*"), null, Map.of(), Map.of()));
        InboundMessage forAcme = new InboundMessage("shop", "evt_t1", "order.created", java.time.Instant.now(),
                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of(), "acme");
        InboundMessage untagged = event("stripe", "evt_t2", "invoice.paid", INVOICE);
        for (InboundMessage m : List.of(forAcme, untagged)) {
            f.claimed(m);
            f.enqueue(m);
        }

        SQSBatchResponse response = f.handler(EventHandlers.none()).handleRequest(f.receiveInbound(2),
                new LocalContext("processor"));

        assertEquals(List.of(), failedIds(response));
        Map<String, List<String>> byEvent = new java.util.TreeMap<>();
        f.drainDeliveries().forEach(d -> byEvent.computeIfAbsent(d.eventKey(), k -> new java.util.ArrayList<>())
                .add(d.endpointId()));
        byEvent.values().forEach(java.util.Collections::sort);
        assertEquals(Map.of("shop#evt_t1", List.of("ep_acme", "ep_acme_paused"),
                "stripe#evt_t2", List.of("ep_default")), byEvent,
                "acme's event to acme's endpoints (the paused one keeps its delivery); a message without a tenant "
                        + "to default's");
    }

    @Test
    void sameMessageProcessedTwiceSendsNoSecondDeliveryAndCallsNoHandlerTwice(Emulators emulators) {
        ProcessorFixture f = ProcessorFixture.create(emulators);
        f.registry.create("ep_a", "https://a.example.com/hook", List.of("invoice.*"), null);
        AtomicInteger calls = new AtomicInteger();
        ProcessorHandler handler = f.handler(EventHandlers.builder()
                .on("invoice.*", "counter", event -> calls.incrementAndGet()).build());
        InboundMessage message = event("stripe", "evt_twice", "invoice.paid", INVOICE);
        f.claimed(message);
        f.enqueue(message);
        SQSEvent batch = f.receiveInbound(1);

        assertEquals(List.of(), failedIds(handler.handleRequest(batch, new LocalContext("processor"))));
        // At-least-once: the very same SQS message comes again (its visibility timed out, say).
        assertEquals(List.of(), failedIds(handler.handleRequest(batch, new LocalContext("processor"))));

        assertEquals(1, calls.get());
        assertEquals(1, f.drainDeliveries().size());
        assertEquals(1, f.lastMetrics().get("duplicates").asInt());
        assertTrue(f.logLines().stream().anyMatch(l -> "duplicate".equals(Json.text(l, "outcome"))));
    }

    @Test
    void queueRefusingOneEntryFailsTheRecordAndTheRetrySendsOnlyTheMissingDelivery(Emulators emulators) {
        ProcessorFixture f = ProcessorFixture.create(emulators);
        f.registry.create("ep_a", "https://a.example.com/hook", List.of("*"), null);
        f.registry.create("ep_b", "https://b.example.com/hook", List.of("*"), null);
        AtomicInteger calls = new AtomicInteger();
        f.registry.create("ep_c", "https://c.example.com/hook", List.of("*"), null);
        // ElasticMQ refuses entries one by one only for what it validates per entry, and nothing in
        // a delivery message is invalid by itself. So an interceptor on the client alters ep_c's
        // entry on its way out (DelaySeconds 901, over SQS's 900) and the real queue refuses that
        // one entry while accepting the others: the partial failure is the server's, the cause is
        // injected.
        ProcessorHandler handler = new ProcessorHandler(ProcessorTargets.of(f.resources),
                emulators.clientsAs("processor").dynamoDb(),
                FaultySqs.delayingEntriesFor(emulators, "\"endpointId\":\"ep_c\"", 901),
                new dev.hookline.core.endpoints.EndpointCache(f.registry, java.time.Duration.ZERO,
                        java.time.Clock.systemUTC()),
                EventHandlers.builder().on("*", "counter", event -> calls.incrementAndGet()).build(),
                f.log, f.metrics, java.time.Clock.systemUTC());
        InboundMessage message = event("stripe", "evt_partial", "invoice.paid", INVOICE);
        f.claimed(message);
        f.enqueue(message);
        SQSEvent batch = f.receiveInbound(1);
        String sqsId = batch.getRecords().get(0).getMessageId();

        assertEquals(List.of(sqsId), failedIds(handler.handleRequest(batch, new LocalContext("processor"))));

        assertEquals(Set.of("ep_a", "ep_b"), endpoints(f.drainDeliveries()), f.logText());
        assertEquals("ENQUEUED", f.status("stripe#evt_partial"), "not marked PROCESSED");
        JsonNode failure = f.logLines().stream().filter(l -> "failed".equals(Json.text(l, "outcome"))).findFirst()
                .orElseThrow();
        assertTrue(failure.get("error").asText().startsWith("1 of 3 deliveries could not be enqueued: ep_c: "),
                failure.toString());
        assertEquals(1, f.lastMetrics().get("fanOutFailures").asInt());

        // SQS delivers the message again (the fault is gone by then, or the endpoint was disabled).
        handler = f.handler(EventHandlers.builder().on("*", "counter", event -> calls.incrementAndGet()).build());
        assertEquals(List.of(), failedIds(handler.handleRequest(batch, new LocalContext("processor"))));
        assertEquals(Set.of("ep_c"), endpoints(f.drainDeliveries()), "ep_a and ep_b were enqueued before");
        assertEquals(1, calls.get(), "the handler completed on the first run and is not called again");
        assertEquals("PROCESSED", f.status("stripe#evt_partial"));
    }

    @Test
    void deliveryMessageOverTheQueueLimitIsReportedFailedNotAcknowledged(Emulators emulators) {
        ProcessorFixture f = ProcessorFixture.create(emulators);
        f.registry.create("ep_a", "https://a.example.com/hook", List.of("*"), null);
        f.registry.create("ep_b", "https://b.example.com/hook", List.of("*"), null);
        // A body that just fits in an inbound message (SQS: 1 MiB, counting the message attributes'
        // names, types and values) makes delivery messages that do not: the outbound envelope and
        // the delivery fields add a few hundred bytes.
        InboundMessage probe = event("stripe", "evt_big", "invoice.paid", "{\"filler\":\"\"}");
        int attributes = InboundMessage.ATTR_SOURCE.length() + "String".length() + "stripe".length()
                + InboundMessage.ATTR_TYPE.length() + "String".length() + "invoice.paid".length();
        int room = 1024 * 1024 - probe.toJson().length() - attributes - 20;
        InboundMessage message = event("stripe", "evt_big", "invoice.paid",
                "{\"filler\":\"" + "x".repeat(room) + "\"}");
        assertTrue(message.toJson().length() <= 1024 * 1024);
        f.claimed(message);
        f.enqueue(message);
        SQSEvent batch = f.receiveInbound(1);

        SQSBatchResponse response = f.handler(EventHandlers.none()).handleRequest(batch, new LocalContext("processor"));

        assertEquals(List.of(batch.getRecords().get(0).getMessageId()), failedIds(response));
        assertEquals(List.of(), f.drainDeliveries());
        assertEquals("ENQUEUED", f.status("stripe#evt_big"));
        JsonNode failure = f.logLines().stream().filter(l -> "failed".equals(Json.text(l, "outcome"))).findFirst()
                .orElseThrow();
        assertTrue(failure.get("error").asText().startsWith("2 of 2 deliveries could not be enqueued"),
                failure.toString());
        assertFalse(f.logText().contains("xxxxxxxx"), "the body is not logged");
        Map<String, AttributeValue> record = f.deliveryRecord("stripe#evt_big/ep_a");
        assertEquals("PENDING", record.get(DeliveryAttributes.STATUS).s());
        assertFalse(record.containsKey(DeliveryAttributes.ENQUEUED_AT), "a retry will try to send it again");
    }

    @Test
    void malformedBodiesFailOnlyTheirRecordsAndTheLogNamesTheMessageNotTheBody(Emulators emulators) {
        ProcessorFixture f = ProcessorFixture.create(emulators);
        f.registry.create("ep_a", "https://a.example.com/hook", List.of("*"), null);
        InboundMessage good = event("stripe", "evt_good", "invoice.paid", INVOICE);
        f.claimed(good);
        f.enqueue(good);
        String notJson = f.enqueueRaw("card=4242424242424242 not json at all", "stripe", "x");
        String noType = f.enqueueRaw("{\"source\":\"stripe\",\"eventId\":\"evt_2\",\"receivedAt\":\"2026-11-01T00:00:00Z\","
                + "\"body\":\"{\\\"ssn\\\":\\\"078-05-1120\\\"}\",\"headers\":{}}", "stripe", "x");

        SQSBatchResponse response = f.handler(EventHandlers.none()).handleRequest(f.receiveInbound(3),
                new LocalContext("processor"));

        assertEquals(Set.of(notJson, noType), Set.copyOf(failedIds(response)));
        assertEquals(1, f.drainDeliveries().size());
        assertEquals("PROCESSED", f.status("stripe#evt_good"));
        List<JsonNode> malformed = f.logLines().stream().filter(l -> "malformed".equals(Json.text(l, "outcome")))
                .toList();
        assertEquals(Set.of(notJson, noType),
                malformed.stream().map(l -> l.get("sqsMessageId").asText()).collect(Collectors.toSet()));
        assertTrue(malformed.stream().anyMatch(l -> l.get("error").asText().contains("field type is missing")));
        assertFalse(f.logText().contains("4242424242424242"));
        assertFalse(f.logText().contains("078-05-1120"));
        assertEquals(2, f.lastMetrics().get("malformed").asInt());
    }

    @Test
    void unroutedEventIsAcknowledgedMarkedProcessedAndCounted(Emulators emulators) {
        ProcessorFixture f = ProcessorFixture.create(emulators);
        f.registry.create("ep_crm", "https://crm.example.com/hook", List.of("customer.*"), null);
        InboundMessage message = event("github", "d-1", "push", "{\"ref\":\"refs/heads/main\"}");
        f.claimed(message);
        f.enqueue(message);

        SQSBatchResponse response = f.handler(EventHandlers.builder()
                .on("invoice.*", "billing", e -> { throw new AssertionError("not for push"); }).build())
                .handleRequest(f.receiveInbound(1), new LocalContext("processor"));

        assertEquals(List.of(), failedIds(response));
        assertEquals(List.of(), f.drainDeliveries());
        assertEquals("PROCESSED", f.status("github#d-1"));
        assertEquals(1, f.lastMetrics().get("unrouted").asInt());
        assertTrue(f.logLines().stream().anyMatch(l -> "unrouted".equals(Json.text(l, "outcome"))
                && "github#d-1".equals(Json.text(l, "eventKey"))));
    }

    @Test
    void eventWhoseClaimExpiredIsStillProcessedAndGetsAnExpiry(Emulators emulators) {
        ProcessorFixture f = ProcessorFixture.create(emulators);
        f.registry.create("ep_a", "https://a.example.com/hook", List.of("*"), null);
        InboundMessage message = event("acme", "msg_1", "order.created", "form=not-json&x=1");
        f.enqueue(message); // no events item: its TTL passed while the message waited

        assertEquals(List.of(), failedIds(f.handler(EventHandlers.none())
                .handleRequest(f.receiveInbound(1), new LocalContext("processor"))));

        Map<String, AttributeValue> item = f.eventItem("acme#msg_1");
        assertEquals("PROCESSED", item.get(EventAttributes.STATUS).s());
        assertNotNull(item.get(Tables.EXPIRES_AT), "the item created here expires too");
        DeliveryMessage delivery = f.drainDeliveries().get(0);
        assertEquals("form=not-json&x=1", Json.parseOrNull(delivery.payload()).get("data").asText(),
                "a body that is not JSON travels as a string");
    }

    @Test
    void charactersSqsRefusesReachTheDeliveryQueueAndThePayloadIntact(Emulators emulators) {
        // U+FFFF and U+FFFE are valid in JSON text, so the provider's body is spliced into the
        // payload as they are; SQS would refuse the delivery message if it carried them unescaped.
        ProcessorFixture f = ProcessorFixture.create(emulators);
        f.registry.create("ep_a", "https://a.example.com/hook", List.of("*"), null);
        String body = "{\"id\":\"evt_ffff\",\"note\":\"a\uFFFFb\uFFFEc\"}";
        InboundMessage message = event("stripe", "evt_ffff", "invoice.paid", body);
        f.claimed(message);
        f.enqueue(message);

        SQSBatchResponse response = f.handler(EventHandlers.none()).handleRequest(f.receiveInbound(1),
                new LocalContext("processor"));

        assertEquals(List.of(), failedIds(response), f.logText());
        List<Message> raw = f.drain(f.resources.deliveriesQueueUrl());
        assertEquals(1, raw.size());
        raw.get(0).body().codePoints().forEach(cp -> assertTrue(cp < 0xFFFE || cp > 0xFFFF,
                "the queued text holds no U+FFFE/U+FFFF"));
        DeliveryMessage delivery = DeliveryMessage.fromJson(raw.get(0).body());
        assertTrue(delivery.payload().contains("\"data\":" + body),
                "the payload the sender signs and sends holds the body byte for byte: " + delivery.payload());
        assertEquals("PROCESSED", f.status("stripe#evt_ffff"));
    }

    @Test
    void eventItemCreatedHereCarriesTheBodyHashAndTypeSoAProviderRetryIsADuplicate(Emulators emulators)
            throws Exception {
        // The receiver released its claim (or the item expired) although the message reached the
        // queue: the item the processor creates must let the receiver tell the provider's retry of
        // the same body from a conflicting one (DESIGN §2), else every retry gets 409 for 72 h.
        ProcessorFixture f = ProcessorFixture.create(emulators);
        String body = "{\"action\":\"opened\"}";
        InboundMessage message = event("github", "d-released", "issues.opened", body);
        f.enqueue(message);

        assertEquals(List.of(), failedIds(f.handler(EventHandlers.builder().on("issues.*", "noop", e -> { }).build())
                .handleRequest(f.receiveInbound(1), new LocalContext("processor"))));

        Map<String, AttributeValue> item = f.eventItem("github#d-released");
        assertEquals("PROCESSED", item.get(EventAttributes.STATUS).s());
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(body.getBytes(StandardCharsets.UTF_8))), item.get(EventAttributes.BODY_SHA256).s());
        assertEquals("issues.opened", item.get("type").s());
    }

    @Test
    void theReceiversBodyHashIsNeverOverwritten(Emulators emulators) {
        ProcessorFixture f = ProcessorFixture.create(emulators);
        InboundMessage message = event("github", "d-claimed", "issues.opened", "{\"action\":\"opened\"}");
        f.claimed(message);
        emulators.dynamoDb().updateItem(b -> b.tableName(f.resources.eventsTable())
                .key(Map.of(Tables.PK, AttributeValue.fromS(message.eventKey())))
                .updateExpression("SET bodySha256 = :h").expressionAttributeValues(Map.of(":h", AttributeValue.fromS("receiver-hash"))));
        f.enqueue(message);

        assertEquals(List.of(), failedIds(f.handler(EventHandlers.none())
                .handleRequest(f.receiveInbound(1), new LocalContext("processor"))));

        assertEquals("receiver-hash", f.eventItem("github#d-claimed").get(EventAttributes.BODY_SHA256).s());
    }

    @Test
    void recordsAreHandedBackUnstartedWhenTheInvocationIsAboutToTimeOut(Emulators emulators) {
        ProcessorFixture f = ProcessorFixture.create(emulators);
        f.registry.create("ep_a", "https://a.example.com/hook", List.of("*"), null);
        InboundMessage message = event("stripe", "evt_late", "invoice.paid", INVOICE);
        f.claimed(message);
        f.enqueue(message);
        SQSEvent batch = f.receiveInbound(1);

        SQSBatchResponse response = f.handler(EventHandlers.none()).handleRequest(batch,
                new LocalContext("processor", 1_000));

        assertEquals(List.of(batch.getRecords().get(0).getMessageId()), failedIds(response));
        assertEquals(List.of(), f.drainDeliveries());
        assertEquals("ENQUEUED", f.status("stripe#evt_late"));
        assertEquals(1, f.lastMetrics().get("deferred").asInt());
    }

    private static Set<String> endpoints(List<DeliveryMessage> deliveries) {
        return deliveries.stream().map(DeliveryMessage::endpointId).collect(Collectors.toSet());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

}
