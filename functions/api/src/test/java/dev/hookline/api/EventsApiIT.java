package dev.hookline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.endpoints.EndpointCache;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.events.EventAttributes;
import dev.hookline.core.events.EventPayloads;
import dev.hookline.core.json.Json;
import dev.hookline.core.log.JsonLog;
import dev.hookline.core.metrics.Metrics;
import dev.hookline.processor.EventHandlers;
import dev.hookline.processor.ProcessorHandler;
import dev.hookline.processor.ProcessorTargets;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.LocalContext;
import dev.hookline.testing.SqsEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Publishing, listing and getting events against DynamoDB Local and the SQS emulator, signed as
 * the api function; every answer checked against openapi.yaml by {@link ApiClient}.
 */
@ExtendWith(EmulatorsExtension.class)
class EventsApiIT {
    private final Emulators emulators;
    private ApiFixture f;
    private String acmeKey;

    EventsApiIT(Emulators emulators) {
        this.emulators = emulators;
    }

    @BeforeEach
    void setUp() {
        f = new ApiFixture(emulators);
        acmeKey = f.tenantWithKey("acme");
    }

    private ApiClient.Result publish(String key, String tenant, String body, Map<String, String> headers) {
        return f.client.call("POST", "/v1/tenants/" + tenant + "/events", key, body, headers);
    }

    private List<Message> inbound() {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = emulators.sqs().receiveMessage(b -> b.queueUrl(f.resources.inboundQueueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(0).visibilityTimeout(60)
                    .messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
        }
    }

    /** Runs the real processor, signed as the processor, over inbound messages as its ESM would hand them. */
    private void process(List<Message> messages) {
        var asProcessor = emulators.clientsAs("processor");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ProcessorHandler processor = new ProcessorHandler(ProcessorTargets.of(f.resources), asProcessor.dynamoDb(),
                asProcessor.sqs(), new EndpointCache(new EndpointRegistry(asProcessor.dynamoDb(),
                        f.resources.endpointsTable(), new EndpointUrlPolicy(false), Clock.systemUTC()), Duration.ZERO,
                        Clock.systemUTC()), EventHandlers.none(),
                new JsonLog("processor", new PrintStream(sink, true, StandardCharsets.UTF_8), Clock.systemUTC(), false),
                new Metrics("processor", new PrintStream(sink, true, StandardCharsets.UTF_8), Clock.systemUTC()),
                Clock.systemUTC());
        String arn = emulators.sqs().getQueueAttributes(b -> b.queueUrl(f.resources.inboundQueueUrl())
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        var response = processor.handleRequest(SqsEvents.from(messages, arn), new LocalContext("hookline-processor", 30_000));
        assertEquals(List.of(), response.getBatchItemFailures(), sink.toString(StandardCharsets.UTF_8));
    }

    private List<DeliveryMessage> drainDeliveries() {
        List<DeliveryMessage> all = new ArrayList<>();
        while (true) {
            List<Message> batch = emulators.sqs().receiveMessage(b -> b.queueUrl(f.resources.deliveriesQueueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(0).visibilityTimeout(60)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            batch.forEach(m -> all.add(DeliveryMessage.fromJson(m.body())));
        }
    }

    @Test
    void aReplaySendsTheKeptPayloadAgainUnderNewDeliveryIdsEachTime() {
        EndpointRegistry registry = new EndpointRegistry(emulators.dynamoDb(), f.resources.endpointsTable(),
                new EndpointUrlPolicy(false), Clock.systemUTC());
        registry.create("ep_a", "https://a.example.com/hook", List.of("order.*"), null);
        registry.create("ep_b", "https://b.example.com/hook", List.of("order.created"), null);
        registry.create("ep_c", "https://c.example.com/hook", List.of("user.*"), null);
        String defaultKey = f.harnessKeys.create("default").secret();
        assertEquals(202, publish(defaultKey, "default", "{\"type\":\"order.created\",\"id\":\"o9\",\"data\":{\"n\":9}}",
                Map.of()).status());
        process(inbound());
        List<DeliveryMessage> original = drainDeliveries();
        assertEquals(2, original.size());

        ApiClient.Result all = f.client.call("POST", "/v1/tenants/default/events/o9/replay", defaultKey, null);
        assertEquals(202, all.status(), all.body());
        assertEquals(1, all.json().path("replay").asInt());
        List<DeliveryMessage> first = drainDeliveries();
        assertEquals(List.of("default#o9/ep_a/replay-1", "tenant:default#o9/ep_b/replay-1").size(), first.size());
        for (DeliveryMessage d : first) {
            assertTrue(d.deliveryId().equals("tenant:default#o9/" + d.endpointId() + "/replay-1"), d.deliveryId());
            DeliveryMessage same = original.stream().filter(o -> o.endpointId().equals(d.endpointId())).findFirst()
                    .orElseThrow();
            assertEquals(same.payload(), d.payload(), "the kept payload, byte for byte");
            assertEquals(same.messageId(), d.messageId(), "the same webhook-id: a replay, not a new event");
        }

        ApiClient.Result one = f.client.call("POST", "/v1/tenants/default/events/o9/replay", defaultKey,
                "{\"endpoint\":\"ep_c\"}");
        assertEquals(202, one.status(), one.body());
        assertEquals(2, one.json().path("replay").asInt());
        List<DeliveryMessage> second = drainDeliveries();
        assertEquals(List.of("tenant:default#o9/ep_c/replay-2"), second.stream().map(DeliveryMessage::deliveryId).toList(),
                "a named endpoint is sent to whatever it subscribes to");

        ApiClient.Result unknownEndpoint = f.client.call("POST", "/v1/tenants/default/events/o9/replay", defaultKey,
                "{\"endpoint\":\"ep_nope\",\"more\":1}");
        assertEquals(400, unknownEndpoint.status());
        assertEquals(404, f.client.call("POST", "/v1/tenants/default/events/nope/replay", defaultKey, null).status());
        assertEquals(404, f.client.call("POST", "/v1/tenants/default/events/o9/replay", acmeKey, null).status());
        assertEquals(List.of(), drainDeliveries());
    }

    @Test
    void twentyConcurrentIdenticalPublishesMakeOneEvent() throws Exception {
        String body = "{\"type\":\"order.created\",\"id\":\"ord_1\",\"data\":{\"order\":1}}";
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<ApiClient.Result>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(pool.submit(() -> publish(acmeKey, "acme", body, Map.of())));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<ApiClient.Result> future : futures) {
            ApiClient.Result r = future.get();
            statuses.add(r.status());
            if (r.status() == 503) {
                assertNotNull(r.header("retry-after"), "an in-flight answer says when to retry");
            } else {
                assertEquals("ord_1", r.json().path("id").asText());
            }
        }
        pool.shutdown();
        Map<Integer, Long> counts = statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertEquals(1L, counts.get(202), counts.toString());
        assertTrue(counts.keySet().stream().allMatch(s -> s == 202 || s == 200 || s == 503), counts.toString());
        assertEquals(1, inbound().size(), "one message on the inbound queue");

        ApiClient.Result again = publish(acmeKey, "acme", body, Map.of());
        assertEquals(200, again.status());
        assertEquals("duplicate", again.json().path("status").asText());
        ApiClient.Result other = publish(acmeKey, "acme",
                "{\"type\":\"order.created\",\"id\":\"ord_1\",\"data\":{\"order\":2}}", Map.of());
        assertEquals(409, other.status());
    }

    @Test
    void anIdempotencyKeyNamesTheEventAndWithoutIdOrKeyEachPublishIsNew() {
        String body = "{\"type\":\"invoice.paid\",\"data\":{\"n\":1}}";
        ApiClient.Result first = publish(acmeKey, "acme", body, Map.of("idempotency-key", "req-42"));
        ApiClient.Result second = publish(acmeKey, "acme", body, Map.of("idempotency-key", "req-42"));
        assertEquals(202, first.status());
        assertEquals(200, second.status());
        String id = first.json().path("id").asText();
        assertEquals(id, second.json().path("id").asText());
        assertTrue(id.matches("evt_[A-Za-z0-9_-]{22}"), id);

        ApiClient.Result a = publish(acmeKey, "acme", body, Map.of());
        ApiClient.Result b = publish(acmeKey, "acme", body, Map.of());
        assertEquals(202, a.status());
        assertEquals(202, b.status());
        assertNotEquals(a.json().path("id").asText(), b.json().path("id").asText());
        assertEquals(3, inbound().size());
    }

    @Test
    void badInputIsRefusedNamingEachField() {
        ApiClient.Result r = publish(acmeKey, "acme",
                "{\"type\":\"bad type\",\"data\":[1],\"id\":\"has/slash\",\"extra\":1}",
                Map.of("idempotency-key", " padded "));
        assertEquals(400, r.status());
        List<String> fields = new ArrayList<>();
        r.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertEquals(List.of("Idempotency-Key", "data", "extra", "id", "type"), fields.stream().sorted().toList());
        assertEquals(400, publish(acmeKey, "acme", "{\"type\":\"t\"}", Map.of()).status(), "data is required");
        assertEquals(400, publish(acmeKey, "acme", "{", Map.of()).status());
        String big = "{\"type\":\"t\",\"data\":{\"x\":\"" + "a".repeat(256 * 1024) + "\"}}";
        assertEquals(413, publish(acmeKey, "acme", big, Map.of()).status());
        assertEquals(404, publish(f.adminKey, "nobody", "{\"type\":\"t\",\"data\":{}}", Map.of()).status(),
                "an unknown tenant");
        assertEquals(404, publish(acmeKey, "default", "{\"type\":\"t\",\"data\":{}}", Map.of()).status(),
                "another tenant's");
        assertEquals(List.of(), inbound());
    }

    @Test
    void aSendTheQueueRefusesReleasesTheClaimAndAnswers503() {
        emulators.sqs().deleteQueue(b -> b.queueUrl(f.resources.inboundQueueUrl()));
        ApiClient.Result r = publish(acmeKey, "acme", "{\"type\":\"t\",\"id\":\"e1\",\"data\":{}}", Map.of());
        assertEquals(503, r.status());
        assertEquals("1", r.header("retry-after"));
        Map<String, AttributeValue> claim = emulators.dynamoDb().getItem(b -> b.tableName(f.resources.eventsTable())
                .consistentRead(true).key(Map.of(EventAttributes.PK, AttributeValue.fromS("tenant:acme#e1")))).item();
        assertTrue(claim == null || claim.isEmpty(), "released: a retry is accepted, not called a duplicate");
    }

    @Test
    void aPublishedEventIsProcessedFannedOutKeptListedAndReadBack() {
        EndpointRegistry registry = new EndpointRegistry(emulators.dynamoDb(), f.resources.endpointsTable(),
                new EndpointUrlPolicy(false), Clock.systemUTC());
        // The publisher's own endpoint: events fan out within their tenant only.
        registry.create(new EndpointRegistry.NewEndpoint("ep_orders", "acme", "https://orders.example.com/hook",
                List.of("order.*"), null, Map.of(), Map.of()));
        registry.create("ep_elsewhere", "https://default.example.com/hook", List.of("order.*"), null);
        Instant before = Instant.now().minusSeconds(1);
        assertEquals(202, publish(acmeKey, "acme", "{\"type\":\"order.created\",\"id\":\"o1\",\"data\":{\"total\":12.50}}",
                Map.of()).status());
        assertEquals(202, publish(acmeKey, "acme", "{\"type\":\"user.created\",\"id\":\"u1\",\"data\":{\"u\":1}}",
                Map.of()).status());
        List<Message> messages = inbound();
        assertEquals(2, messages.size());

        process(messages);

        List<Message> deliveries = emulators.sqs().receiveMessage(b -> b.queueUrl(f.resources.deliveriesQueueUrl())
                .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertEquals(1, deliveries.size(), "order.created reaches the endpoint subscribed to order.*");
        DeliveryMessage delivery = DeliveryMessage.fromJson(deliveries.get(0).body());
        assertEquals("tenant:acme#o1", delivery.eventKey());
        JsonNode sent = Json.parseOrNull(delivery.payload());
        assertTrue(delivery.payload().contains("\"data\":{\"total\":12.50}"), "data goes out as published: "
                + delivery.payload());
        assertEquals("order.created", sent.path("type").asText());

        ApiClient.Result list = f.client.call("GET", "/v1/tenants/acme/events?limit=1", acmeKey, null);
        assertEquals(200, list.status());
        assertEquals(1, list.json().path("data").size());
        assertEquals("u1", list.json().path("data").get(0).path("id").asText(), "newest first");
        String next = list.json().path("next").asText();
        ApiClient.Result rest = f.client.call("GET", "/v1/tenants/acme/events?limit=1&cursor=" + next, acmeKey, null);
        assertEquals("o1", rest.json().path("data").get(0).path("id").asText());
        ApiClient.Result typed = f.client.call("GET", "/v1/tenants/acme/events?type=order.created&since="
                + before, acmeKey, null);
        assertEquals(1, typed.json().path("data").size());
        assertEquals(0, f.client.call("GET", "/v1/tenants/acme/events?until=" + before, acmeKey, null)
                .json().path("data").size());
        ApiClient.Result badQuery = f.client.call("GET", "/v1/tenants/acme/events?since=yesterday&cursor=zzz",
                acmeKey, null);
        assertEquals(400, badQuery.status());

        ApiClient.Result got = f.client.call("GET", "/v1/tenants/acme/events/o1", acmeKey, null);
        assertEquals(200, got.status());
        assertEquals(Json.parseOrNull(delivery.payload()), got.json().path("payload"), "the payload kept is the one sent");
        assertEquals(delivery.messageId(), got.json().path("messageId").asText());
        String otherKey = f.tenantWithKey("beta");
        assertEquals(404, f.client.call("GET", "/v1/tenants/acme/events/o1", otherKey, null).status());
        assertEquals(404, f.client.call("GET", "/v1/tenants/beta/events/o1", otherKey, null).status(),
                "the id means nothing in another tenant");
        assertTrue(new EventPayloads(emulators.dynamoDb(), f.resources.eventsTable()).get("acme", "u1").isPresent(),
                "kept though nobody subscribes to it today");
    }
}
