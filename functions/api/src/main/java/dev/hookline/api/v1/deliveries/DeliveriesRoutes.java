package dev.hookline.api.v1.deliveries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.api.http.Access;
import dev.hookline.api.http.ApiException;
import dev.hookline.api.http.JsonBody;
import dev.hookline.api.http.Page;
import dev.hookline.api.http.Problem;
import dev.hookline.api.http.Request;
import dev.hookline.api.http.Response;
import dev.hookline.api.http.Route;
import dev.hookline.core.deliveries.DeliveryAttributes;
import dev.hookline.core.deliveries.DeliveryLog;
import dev.hookline.core.deliveries.DeliveryLog.LogPosition;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.deliveries.DeliveryStatus;
import dev.hookline.core.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The delivery log: list, get with every attempt, retry one, and recover an endpoint's failed
 * deliveries. A delivery belongs to its endpoint's tenant; another tenant's delivery (or endpoint)
 * is 404 exactly as one that does not exist.
 */
public final class DeliveriesRoutes {
    /** Recover re-sends at most this many per call; the answer says when more are left. */
    static final int RECOVER_MAX = 1000;

    private final DeliveriesApi api;

    public DeliveriesRoutes(DeliveriesApi api) {
        this.api = api;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("GET", "/v1/tenants/{tenant}/deliveries", Access.TENANT, this::list),
                Route.of("GET", "/v1/tenants/{tenant}/deliveries/{delivery}", Access.TENANT, this::get),
                Route.of("POST", "/v1/tenants/{tenant}/deliveries/{delivery}/retry", Access.TENANT, this::retry),
                Route.of("POST", "/v1/tenants/{tenant}/endpoints/{endpoint}/recover", Access.TENANT, this::recover));
    }

    /**
     * Newest first over the tenant's endpoints: one byEndpoint index query per endpoint (only the
     * named one with {@code endpoint=}), each reading at most a page past the cursor, merged here.
     */
    private Response list(Request request) {
        String tenant = request.param("tenant");
        DeliveryQuery query = DeliveryQuery.parse(request);
        List<String> endpoints;
        if (query.endpoint() != null) {
            requireEndpoint(tenant, query.endpoint());
            endpoints = List.of(query.endpoint());
        } else {
            endpoints = api.endpoints().endpointsOf(tenant);
        }
        List<Map<String, AttributeValue>> merged = new ArrayList<>();
        for (String endpoint : endpoints) {
            merged.addAll(api.log().endpointPage(endpoint, query.status(), query.type(), query.since(),
                    query.until(), query.after(), query.limit() + 1));
        }
        merged.sort(DeliveryLog.NEWEST_FIRST);
        boolean more = merged.size() > query.limit();
        List<Map<String, AttributeValue>> page = merged.subList(0, Math.min(query.limit(), merged.size()));
        List<JsonNode> data = page.stream().<JsonNode>map(DeliveryOut::summary).toList();
        String next = more ? DeliveryQuery.cursorOf(LogPosition.of(page.get(page.size() - 1))) : null;
        return Page.of(data, next);
    }

    private Response get(Request request) {
        return Response.ok(DeliveryOut.full(owned(request)));
    }

    /**
     * Re-sends a finished delivery (DEAD, SKIPPED or SUCCEEDED) with a fresh attempt budget: the
     * record goes back to PENDING (attempt log kept), then its message goes on the deliveries queue
     * with the kept payload, and the sender runs it as any pending delivery.
     */
    private Response retry(Request request) {
        Map<String, AttributeValue> item = owned(request);
        JsonBody.parse(request, Set.of()).check();
        if (!DeliveryLog.isFinal(status(item))) {
            throw new ApiException(Problem.conflict("The delivery is still being sent; retry it once it is "
                    + "SUCCEEDED, DEAD or SKIPPED."));
        }
        if (!resend(request.param("tenant"), item)) {
            throw new ApiException(Problem.conflict("The event's payload is no longer kept, so it cannot be sent "
                    + "again."));
        }
        String id = item.get(DeliveryAttributes.PK).s();
        return Response.json(202, DeliveryOut.full(api.log().item(id).orElse(item)));
    }

    /** Every DEAD delivery of the endpoint created in {@code [since, until]}, re-sent as {@link #retry} does. */
    private Response recover(Request request) {
        String tenant = request.param("tenant");
        String endpoint = request.param("endpoint");
        requireEndpoint(tenant, endpoint);
        JsonBody body = JsonBody.parse(request, Set.of("since", "until"));
        Instant since = instant(body, "since", true);
        Instant until = instant(body, "until", false);
        if (since != null && until != null && since.isAfter(until)) {
            body.error("until", "not before since");
        }
        body.check();
        List<Map<String, AttributeValue>> dead = api.log().endpointPage(endpoint, DeliveryStatus.DEAD, null, since,
                until, null, RECOVER_MAX + 1);
        boolean more = dead.size() > RECOVER_MAX;
        int resent = 0;
        int notKept = 0;
        for (Map<String, AttributeValue> item : dead.subList(0, Math.min(RECOVER_MAX, dead.size()))) {
            if (resend(tenant, item)) {
                resent++;
            } else {
                notKept++;
            }
        }
        ObjectNode out = Json.object();
        out.put("endpoint", endpoint);
        out.put("resent", resent);
        out.put("payloadNotKept", notKept);
        out.put("more", more);
        return Response.json(202, out);
    }

    /**
     * Payload first (nothing changes when it is gone), then reopen, then enqueue. {@code tenant}
     * owns the delivery: both callers checked it (owned, requireEndpoint), so no lookup per item.
     */
    private boolean resend(String tenant, Map<String, AttributeValue> item) {
        String id = item.get(DeliveryAttributes.PK).s();
        String eventKey = text(item, DeliveryAttributes.EVENT_KEY);
        String messageId = text(item, DeliveryAttributes.MESSAGE_ID);
        Optional<String> payload = api.payloads().payload(tenant, eventKey, messageId);
        if (payload.isEmpty()) {
            return false;
        }
        if (!api.log().reopenForRetry(id)) {
            // A concurrent retry reopened it first: it is being sent again, which is what was asked.
            return true;
        }
        AttributeValue created = item.get(DeliveryAttributes.CREATED_AT);
        Instant receivedAt = created == null ? api.clock().instant()
                : Instant.ofEpochMilli(new java.math.BigDecimal(created.n()).longValue());
        DeliveryMessage message = new DeliveryMessage(id, text(item, DeliveryAttributes.ENDPOINT_ID), eventKey,
                messageId, text(item, DeliveryAttributes.TYPE), payload.get(), receivedAt);
        api.sqs().sendMessage(b -> b.queueUrl(api.deliveriesQueueUrl()).messageBody(message.toJson()));
        return true;
    }

    /** The delivery of the path, if it is the tenant's; else 404 as if it did not exist. */
    private Map<String, AttributeValue> owned(Request request) {
        String tenant = request.param("tenant");
        Optional<Map<String, AttributeValue>> item = DeliveryIds.fromApi(request.param("delivery"))
                .flatMap(api.log()::item);
        if (item.isEmpty() || item.get().get(DeliveryAttributes.ENDPOINT_ID) == null) {
            throw new ApiException(Problem.notFound());
        }
        String endpoint = item.get().get(DeliveryAttributes.ENDPOINT_ID).s();
        if (!api.endpoints().tenantOf(endpoint).map(tenant::equals).orElse(false)) {
            throw new ApiException(Problem.notFound());
        }
        return item.get();
    }

    /** A filter or path naming an endpoint that is not the tenant's is a 404, never an empty list. */
    private void requireEndpoint(String tenant, String endpoint) {
        if (!endpoint.matches("[A-Za-z0-9_-]{1,64}") || !api.endpoints().tenantOf(endpoint).map(tenant::equals).orElse(false)) {
            throw new ApiException(Problem.of(404, "Not Found", "No endpoint " + endpoint + " in this tenant."));
        }
    }

    private static Instant instant(JsonBody body, String field, boolean required) {
        String text = body.string(field, required, 64, null, null);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            body.error(field, "an ISO 8601 UTC time such as 2026-11-01T12:00:00Z");
            return null;
        }
    }

    private static DeliveryStatus status(Map<String, AttributeValue> item) {
        try {
            return DeliveryStatus.valueOf(text(item, DeliveryAttributes.STATUS));
        } catch (RuntimeException e) {
            return DeliveryStatus.PENDING;
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
