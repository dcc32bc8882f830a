package dev.hookline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.api.ApiClient.Result;
import dev.hookline.core.deliveries.Attempt;
import dev.hookline.core.deliveries.DeliveryAttributes;
import dev.hookline.core.deliveries.DeliveryLog;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.deliveries.DeliveryStatus;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.MutableClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The delivery log, retry, recover and DLQ routes against DynamoDB Local and ElasticMQ, the api
 * function's clients held to its role, every answer checked against openapi.yaml. Records are
 * written through core's DeliveryLog as the processor and sender write them, at chosen times.
 */
@ExtendWith(EmulatorsExtension.class)
class DeliveriesApiIT {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static Emulators emulators;
    private static ApiFixture fx;
    private static ApiClient api;
    private static String admin;
    private static DeliveryLog log;
    private static MutableClock clock;
    private static EndpointRegistry endpoints;

    @BeforeAll
    static void start(Emulators given) {
        emulators = given;
        fx = new ApiFixture(given);
        api = fx.client;
        admin = fx.adminKey;
        clock = new MutableClock(T0);
        log = new DeliveryLog(given.dynamoDb(), fx.resources.deliveriesTable(), clock);
        endpoints = new EndpointRegistry(given.dynamoDb(), fx.resources.endpointsTable(), new EndpointUrlPolicy(true),
                clock);
    }

    /** A delivery created at {@code at}, left in {@code status} after one attempt (none for PENDING). */
    private static DeliveryMessage delivery(String eventId, String endpoint, String type, Instant at,
                                            DeliveryStatus status) {
        clock.set(at);
        DeliveryMessage m = new DeliveryMessage(DeliveryMessage.deliveryId("stripe#" + eventId, endpoint), endpoint,
                "stripe#" + eventId, "msg_" + eventId, type, "{\"id\":\"msg_" + eventId + "\"}", at);
        log.createPending(m);
        if (status != DeliveryStatus.PENDING) {
            Integer code = status == DeliveryStatus.SUCCEEDED ? 200 : 500;
            log.record(m, new Attempt(at, code, 12, code == 200 ? null : "HTTP 500", "oops"), true, status,
                    status == DeliveryStatus.RETRYING ? at.plusSeconds(60) : null,
                    status == DeliveryStatus.DEAD ? "dl-" + eventId : null);
        }
        return m;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void listIsNewestFirstPagesExactlyAndFilters() {
        // Its own window: the other tests' deliveries are in the same (default) tenant.
        Instant L0 = T0.minus(Duration.ofDays(5));
        endpoints.create("ep_list_a", "http://127.0.0.1:1/a", List.of("*"), null);
        endpoints.create("ep_list_b", "http://127.0.0.1:1/b", List.of("*"), null);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String ep = i % 2 == 0 ? "ep_list_a" : "ep_list_b";
            DeliveryStatus status = i % 3 == 0 ? DeliveryStatus.DEAD : DeliveryStatus.SUCCEEDED;
            // Two share a createdAt: the cursor must still give each exactly once.
            Instant at = L0.plusSeconds(i == 4 ? 3 : i);
            expected.add(0, DeliveryMessage.deliveryId("stripe#evt_list_" + i, ep));
            delivery("evt_list_" + i, ep, i < 4 ? "invoice.paid" : "charge.failed", at, status);
        }
        Set<String> seen = new HashSet<>();
        List<String> createdOrder = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Result page = api.call("GET", "/v1/tenants/default/deliveries?since=" + enc(L0.toString())
                    + "&until=" + enc(L0.plusSeconds(10).toString()) + "&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), admin, null);
            assertEquals(200, page.status(), page.body());
            for (JsonNode d : page.json().get("data")) {
                assertTrue(seen.add(d.get("id").asText()), "no delivery twice: " + d);
                assertTrue(d.get("id").asText().matches("dlv_[A-Za-z0-9_-]+"));
                createdOrder.add(d.get("createdAt").asText());
            }
            cursor = page.json().get("next").isNull() ? null : page.json().get("next").asText();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(7, seen.size(), "every delivery once over the pages");
        List<String> sorted = new ArrayList<>(createdOrder);
        sorted.sort(java.util.Comparator.reverseOrder());
        assertEquals(sorted, createdOrder, "newest first");

        Result dead = api.call("GET", "/v1/tenants/default/deliveries?status=DEAD&endpoint=ep_list_a&since="
                + enc(L0.toString()) + "&until=" + enc(L0.plusSeconds(10).toString()), admin, null);
        assertEquals(200, dead.status());
        for (JsonNode d : dead.json().get("data")) {
            assertEquals("DEAD", d.get("status").asText());
            assertEquals("ep_list_a", d.get("endpoint").asText());
        }
        assertEquals(2, dead.json().get("data").size(), "evt_list_0 and evt_list_6 on ep_list_a are DEAD");

        Result typed = api.call("GET", "/v1/tenants/default/deliveries?type=charge.failed&since="
                + enc(L0.toString()) + "&until=" + enc(L0.plusSeconds(10).toString()), admin, null);
        assertEquals(3, typed.json().get("data").size());
        Result window = api.call("GET", "/v1/tenants/default/deliveries?endpoint=ep_list_b&since="
                + enc(L0.plusSeconds(2).toString()) + "&until=" + enc(L0.plusSeconds(5).toString()), admin, null);
        assertEquals(2, window.json().get("data").size(), "evt_list_3 and evt_list_5 on ep_list_b");
    }

    @Test
    void aFilterNamingAnUnknownOrForeignEndpointIs404AndBadParametersAreNamed() {
        Result unknown = api.call("GET", "/v1/tenants/default/deliveries?endpoint=ep_nowhere", admin, null);
        assertEquals(404, unknown.status(), "not an empty list");
        endpoints.create("ep_default_only", "http://127.0.0.1:1/x", List.of("*"), null);
        String acme = fx.tenantWithKey("acme-dlv");
        assertEquals(404, api.call("GET", "/v1/tenants/acme-dlv/deliveries?endpoint=ep_default_only", acme, null)
                .status(), "another tenant's endpoint does not exist for this one");
        assertEquals(404, api.call("GET", "/v1/tenants/default/deliveries", acme, null).status());
        assertEquals(0, api.call("GET", "/v1/tenants/acme-dlv/deliveries", acme, null).json().get("data").size());

        Result bad = api.call("GET", "/v1/tenants/default/deliveries?status=LOST&since=yesterday&limit=0&colour=red",
                admin, null);
        assertEquals(400, bad.status());
        Set<String> fields = new HashSet<>();
        bad.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertEquals(Set.of("status", "since", "limit", "colour"), fields);
        Result forged = api.call("GET", "/v1/tenants/default/deliveries?cursor=bm90LWEtY3Vyc29y", admin, null);
        assertEquals(400, forged.status());
        assertEquals("cursor", forged.json().at("/errors/0/field").asText());
    }

    @Test
    void getShowsEveryAttemptAndForeignOrMalformedIdsAre404() {
        endpoints.create("ep_get", "http://127.0.0.1:1/get", List.of("*"), null);
        DeliveryMessage m = delivery("evt_get/with#odd", "ep_get", "invoice.paid", T0, DeliveryStatus.RETRYING);
        clock.set(T0.plusSeconds(60));
        log.record(m, new Attempt(T0.plusSeconds(60), 503, 40, "HTTP 503", "busy",
                new Attempt.Request("https://hooks.example.com/in?token=redacted",
                        java.util.Map.of("webhook-id", "msg_1", "webhook-timestamp", "1700000000"))), true,
                DeliveryStatus.DEAD, null, "dl-get");
        String id = dev.hookline.api.v1.deliveries.DeliveryIds.toApi(m.deliveryId());
        Result got = api.call("GET", "/v1/tenants/default/deliveries/" + id, admin, null);
        assertEquals(200, got.status(), got.body());
        JsonNode body = got.json();
        assertEquals(id, body.get("id").asText());
        assertEquals("stripe", body.get("source").asText());
        assertEquals("evt_get/with#odd", body.get("eventId").asText());
        assertEquals("DEAD", body.get("status").asText());
        assertEquals(2, body.get("attempts").asInt());
        assertEquals(2, body.get("attemptLog").size());
        assertEquals(500, body.at("/attemptLog/0/statusCode").asInt());
        assertEquals(503, body.at("/attemptLog/1/statusCode").asInt());
        assertEquals("busy", body.at("/attemptLog/1/responseExcerpt").asText());
        assertEquals(T0.plusSeconds(60).toString(), body.at("/attemptLog/1/at").asText());
        assertTrue(body.at("/attemptLog/0/request").isNull(), "an entry without the request says so");
        assertEquals("https://hooks.example.com/in?token=redacted", body.at("/attemptLog/1/request/url").asText());
        assertEquals("msg_1", body.at("/attemptLog/1/request/headers/webhook-id").asText());

        String acme = fx.tenantWithKey("acme-get");
        assertEquals(404, api.call("GET", "/v1/tenants/acme-get/deliveries/" + id, acme, null).status(),
                "another tenant's delivery is 404 as if it did not exist");
        assertEquals(404, api.call("GET", "/v1/tenants/default/deliveries/dlv_bm90aGluZw", admin, null).status());
        assertEquals(404, api.call("GET", "/v1/tenants/default/deliveries/not-an-id", admin, null).status());
        assertEquals(404, api.call("GET", "/v1/tenants/default/deliveries/dlv_%%%", admin, null).status());
    }

    @Test
    void retryReopensAFinishedDeliveryWithAFreshBudgetAndQueuesItsPayload() {
        endpoints.create("ep_retry", "http://127.0.0.1:1/retry", List.of("*"), null);
        DeliveryMessage dead = delivery("evt_retry_dead", "ep_retry", "invoice.paid", T0, DeliveryStatus.DEAD);
        DeliveryMessage pending = delivery("evt_retry_pending", "ep_retry", "invoice.paid", T0,
                DeliveryStatus.RETRYING);
        DeliveryMessage gone = delivery("evt_retry_gone", "ep_retry", "invoice.paid", T0, DeliveryStatus.SUCCEEDED);
        fx.payloads.put(dead.eventKey(), dead.payload());

        Result retried = api.call("POST", "/v1/tenants/default/deliveries/"
                + dev.hookline.api.v1.deliveries.DeliveryIds.toApi(dead.deliveryId()) + "/retry", admin, null);
        assertEquals(202, retried.status(), retried.body());
        assertEquals("PENDING", retried.json().get("status").asText());
        DeliveryLog.State state = log.state(dead.deliveryId()).orElseThrow();
        assertEquals(0, state.runAttempts(), "a fresh budget");
        assertEquals(1, state.attempts(), "the attempt log is kept");
        assertEquals(null, state.deadLetterId(), "the DLQ copy no longer reopens it: no double send");
        List<DeliveryMessage> queued = drain(fx.resources.deliveriesQueueUrl());
        assertEquals(1, queued.size());
        assertEquals(dead.deliveryId(), queued.get(0).deliveryId());
        assertEquals(dead.payload(), queued.get(0).payload());

        Result busy = api.call("POST", "/v1/tenants/default/deliveries/"
                + dev.hookline.api.v1.deliveries.DeliveryIds.toApi(pending.deliveryId()) + "/retry", admin, "{}");
        assertEquals(409, busy.status(), "still being sent");
        Result noPayload = api.call("POST", "/v1/tenants/default/deliveries/"
                + dev.hookline.api.v1.deliveries.DeliveryIds.toApi(gone.deliveryId()) + "/retry", admin, null);
        assertEquals(409, noPayload.status());
        assertEquals(DeliveryStatus.SUCCEEDED, log.state(gone.deliveryId()).orElseThrow().status(),
                "nothing changes when the payload is gone");
        Result unknownField = api.call("POST", "/v1/tenants/default/deliveries/"
                + dev.hookline.api.v1.deliveries.DeliveryIds.toApi(gone.deliveryId()) + "/retry", admin,
                "{\"force\":true}");
        assertEquals(400, unknownField.status());
        assertEquals("force", unknownField.json().at("/errors/0/field").asText());
        assertTrue(drain(fx.resources.deliveriesQueueUrl()).isEmpty());
    }

    @Test
    void recoverResendsExactlyTheDeadDeliveriesSinceT() {
        endpoints.create("ep_recover", "http://127.0.0.1:1/recover", List.of("*"), null);
        endpoints.create("ep_recover_other", "http://127.0.0.1:1/other", List.of("*"), null);
        Instant since = T0.plus(Duration.ofHours(1));
        List<DeliveryMessage> all = List.of(
                delivery("evt_rec_old", "ep_recover", "a", T0, DeliveryStatus.DEAD),
                delivery("evt_rec_1", "ep_recover", "a", since.plusSeconds(1), DeliveryStatus.DEAD),
                delivery("evt_rec_2", "ep_recover", "a", since.plusSeconds(2), DeliveryStatus.DEAD),
                delivery("evt_rec_ok", "ep_recover", "a", since.plusSeconds(3), DeliveryStatus.SUCCEEDED),
                delivery("evt_rec_wait", "ep_recover", "a", since.plusSeconds(4), DeliveryStatus.RETRYING),
                delivery("evt_rec_elsewhere", "ep_recover_other", "a", since.plusSeconds(5), DeliveryStatus.DEAD));
        all.forEach(m -> fx.payloads.put(m.eventKey(), m.payload()));

        Result recovered = api.call("POST", "/v1/tenants/default/endpoints/ep_recover/recover", admin,
                "{\"since\":\"" + since + "\"}");
        assertEquals(202, recovered.status(), recovered.body());
        assertEquals(2, recovered.json().get("resent").asInt());
        assertFalse(recovered.json().get("more").asBoolean());
        Set<String> sent = new HashSet<>();
        drain(fx.resources.deliveriesQueueUrl()).forEach(m -> sent.add(m.deliveryId()));
        assertEquals(Set.of(all.get(1).deliveryId(), all.get(2).deliveryId()), sent, "exactly the failed ones");
        assertEquals(DeliveryStatus.DEAD, log.state(all.get(0).deliveryId()).orElseThrow().status());

        assertEquals(404, api.call("POST", "/v1/tenants/default/endpoints/ep_nowhere/recover", admin,
                "{\"since\":\"" + since + "\"}").status());
        Result noSince = api.call("POST", "/v1/tenants/default/endpoints/ep_recover/recover", admin, "{}");
        assertEquals(400, noSince.status());
        assertEquals("since", noSince.json().at("/errors/0/field").asText());
    }

    @Test
    void dlqsShowTheirCountsAndRedriveMovesThemBack() throws Exception {
        String dlq = fx.resources.deliveriesDlqUrl();
        emulators.sqs().sendMessage(b -> b.queueUrl(dlq).messageBody("{\"deliveryId\":\"x\"}"));
        emulators.sqs().sendMessage(b -> b.queueUrl(dlq).messageBody("{\"deliveryId\":\"y\"}"));
        Result listed = api.call("GET", "/v1/dlqs", admin, null);
        assertEquals(200, listed.status(), listed.body());
        JsonNode deliveriesDlq = null;
        for (JsonNode d : listed.json().get("data")) {
            if (d.get("name").asText().equals("deliveries-dlq")) {
                deliveriesDlq = d;
            }
        }
        assertNotNull(deliveriesDlq);
        assertEquals(2, deliveriesDlq.get("approximateCount").asInt());

        Result redriven = api.call("POST", "/v1/dlqs/deliveries-dlq/redrive", admin, null);
        assertEquals(202, redriven.status(), redriven.body());
        assertFalse(redriven.json().get("taskHandle").isNull());
        long deadline = System.currentTimeMillis() + 10_000;
        String left = "2";
        while (System.currentTimeMillis() < deadline && !"0".equals(left)) {
            Thread.sleep(100);
            left = emulators.sqs().getQueueAttributes(b -> b.queueUrl(dlq)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                    .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        }
        assertEquals("0", left, "the DLQ emptied");
        List<Message> back = emulators.sqs().receiveMessage(b -> b.queueUrl(fx.resources.deliveriesQueueUrl())
                .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertEquals(2, back.size(), "both back on the deliveries queue");
        back.forEach(m -> emulators.sqs().deleteMessage(b -> b.queueUrl(fx.resources.deliveriesQueueUrl())
                .receiptHandle(m.receiptHandle())));

        Result empty = api.call("POST", "/v1/dlqs/deliveries-dlq/redrive", admin, null);
        assertEquals(202, empty.status());
        assertTrue(empty.json().get("taskHandle").isNull(), "nothing waiting, nothing started");

        // inbound-dlq goes back to inbound, where the processor routes the event afresh.
        emulators.sqs().sendMessage(b -> b.queueUrl(fx.resources.inboundDlqUrl()).messageBody("{\"id\":\"evt\"}"));
        Result inbound = api.call("POST", "/v1/dlqs/inbound-dlq/redrive", admin, "{}");
        assertEquals(202, inbound.status(), inbound.body());
        assertEquals(1, inbound.json().get("approximateCount").asInt());
        List<Message> events = List.of();
        long until = System.currentTimeMillis() + 10_000;
        while (events.isEmpty() && System.currentTimeMillis() < until) {
            events = emulators.sqs().receiveMessage(b -> b.queueUrl(fx.resources.inboundQueueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        }
        assertEquals(1, events.size(), "the event is back on inbound");
        assertEquals(404, api.call("POST", "/v1/dlqs/elsewhere/redrive", admin, null).status());
        String tenantKey = fx.tenantWithKey("acme-dlq");
        assertEquals(403, api.call("GET", "/v1/dlqs", tenantKey, null).status());
    }

    @Test
    void statsCountRequestsPerEndpointAndTenantOverTheHourAndDay() {
        endpoints.create("ep_stats_a", "http://127.0.0.1:1/sa", List.of("*"), null);
        endpoints.create("ep_stats_b", "http://127.0.0.1:1/sb", List.of("*"), null);
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        DeliveryMessage ok = delivery("evt_stats_ok", "ep_stats_a", "a", now.minus(Duration.ofMinutes(10)),
                DeliveryStatus.SUCCEEDED);
        delivery("evt_stats_dead", "ep_stats_a", "a", now.minus(Duration.ofHours(2)), DeliveryStatus.DEAD);
        delivery("evt_stats_old", "ep_stats_b", "a", now.minus(Duration.ofHours(30)), DeliveryStatus.RETRYING);
        // A deferral (no request) is in the log but is no attempt.
        DeliveryMessage waiting = delivery("evt_stats_wait", "ep_stats_b", "a", now.minus(Duration.ofMinutes(5)),
                DeliveryStatus.PENDING);
        log.record(waiting, new Attempt(now.minus(Duration.ofMinutes(4)), null, 0, "circuit open", null), false,
                DeliveryStatus.RETRYING, now.plusSeconds(60), null);

        Result stats = api.call("GET", "/v1/tenants/default/stats", admin, null);
        assertEquals(200, stats.status(), stats.body());
        JsonNode a = null;
        JsonNode b = null;
        for (JsonNode e : stats.json().get("endpoints")) {
            if (e.get("endpoint").asText().equals("ep_stats_a")) {
                a = e;
            } else if (e.get("endpoint").asText().equals("ep_stats_b")) {
                b = e;
            }
        }
        assertNotNull(a);
        assertNotNull(b);
        assertEquals(1, a.at("/hour/attempts").asInt());
        assertEquals(1.0, a.at("/hour/successRate").asDouble());
        assertEquals(2, a.at("/day/attempts").asInt());
        assertEquals(0.5, a.at("/day/successRate").asDouble());
        assertEquals(ok.eventReceivedAt().toString(), a.at("/day/lastSuccessAt").asText());
        assertEquals(now.minus(Duration.ofHours(2)).toString(), a.at("/day/lastFailureAt").asText());
        assertEquals(0, b.at("/day/attempts").asInt(), "30 h ago is outside the day; a deferral is no attempt");
        assertTrue(b.at("/day/successRate").isNull());
        assertEquals(2, stats.json().at("/day/attempts").asInt());
        assertEquals(1, stats.json().at("/hour/succeeded").asInt());

        String acme = fx.tenantWithKey("acme-stats");
        assertEquals(404, api.call("GET", "/v1/tenants/default/stats", acme, null).status());
        assertEquals(0, api.call("GET", "/v1/tenants/acme-stats/stats", acme, null).json().get("endpoints").size());
    }

    private static List<DeliveryMessage> drain(String queueUrl) {
        List<DeliveryMessage> out = new ArrayList<>();
        while (true) {
            List<Message> got = emulators.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            if (got.isEmpty()) {
                return out;
            }
            for (Message m : got) {
                out.add(DeliveryMessage.fromJson(m.body()));
                emulators.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }
}
