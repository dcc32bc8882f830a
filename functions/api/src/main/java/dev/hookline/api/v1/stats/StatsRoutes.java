package dev.hookline.api.v1.stats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.api.http.Access;
import dev.hookline.api.http.Request;
import dev.hookline.api.http.Response;
import dev.hookline.api.http.Route;
import dev.hookline.api.v1.deliveries.DeliveriesApi;
import dev.hookline.core.deliveries.DeliveryAttributes;
import dev.hookline.core.deliveries.DeliveryLog;
import dev.hookline.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code GET /v1/tenants/{tenant}/stats}: per endpoint and for the tenant, over the last hour and
 * day, the HTTP attempts, how many got a 2xx, the success rate and the last success and failure.
 *
 * <p>Computed from the delivery log with a bounded query, not counters: one byEndpoint index
 * query per endpoint for records created in the last {@link #LOOKBACK} (a record's attempts run
 * up to ~42 h after its creation with the default schedule, so an attempt of the last day can
 * belong to a record two days old), at most {@link #MAX_RECORDS} records per endpoint
 * ({@code truncated} says when that cap cut the count). Cheap for the volumes a tenant's
 * dashboard polls at; counters updated by the sender would be the next step past that.
 */
public final class StatsRoutes {
    static final Duration LOOKBACK = Duration.ofDays(3);
    static final int MAX_RECORDS = 5000;

    private final DeliveriesApi api;

    public StatsRoutes(DeliveriesApi api) {
        this.api = api;
    }

    public List<Route> routes() {
        return List.of(Route.of("GET", "/v1/tenants/{tenant}/stats", Access.TENANT, this::stats));
    }

    /** One window's counts. */
    private static final class Window {
        final Instant from;
        long attempts;
        long succeeded;
        Instant lastSuccess;
        Instant lastFailure;

        Window(Instant from) {
            this.from = from;
        }

        void add(Instant at, boolean success) {
            if (at.isBefore(from)) {
                return;
            }
            attempts++;
            if (success) {
                succeeded++;
                lastSuccess = lastSuccess == null || at.isAfter(lastSuccess) ? at : lastSuccess;
            } else {
                lastFailure = lastFailure == null || at.isAfter(lastFailure) ? at : lastFailure;
            }
        }

        void add(Window other) {
            attempts += other.attempts;
            succeeded += other.succeeded;
            if (other.lastSuccess != null && (lastSuccess == null || other.lastSuccess.isAfter(lastSuccess))) {
                lastSuccess = other.lastSuccess;
            }
            if (other.lastFailure != null && (lastFailure == null || other.lastFailure.isAfter(lastFailure))) {
                lastFailure = other.lastFailure;
            }
        }

        ObjectNode json() {
            ObjectNode out = Json.object();
            out.put("attempts", attempts);
            out.put("succeeded", succeeded);
            out.put("failed", attempts - succeeded);
            if (attempts == 0) {
                out.putNull("successRate");
            } else {
                out.put("successRate", (double) succeeded / attempts);
            }
            out.put("lastSuccessAt", lastSuccess == null ? null : lastSuccess.toString());
            out.put("lastFailureAt", lastFailure == null ? null : lastFailure.toString());
            return out;
        }
    }

    private Response stats(Request request) {
        String tenant = request.param("tenant");
        Instant now = api.clock().instant();
        Window tenantHour = new Window(now.minus(Duration.ofHours(1)));
        Window tenantDay = new Window(now.minus(Duration.ofDays(1)));
        boolean truncated = false;
        ObjectNode out = Json.object();
        out.put("tenant", tenant);
        out.put("asOf", now.toString());
        ArrayNode perEndpoint = Json.MAPPER.createArrayNode();
        for (String endpoint : api.endpoints().endpointsOf(tenant)) {
            Window hour = new Window(tenantHour.from);
            Window day = new Window(tenantDay.from);
            List<Map<String, AttributeValue>> records = api.log().endpointPage(endpoint, null, null,
                    now.minus(LOOKBACK), null, null, MAX_RECORDS + 1);
            truncated |= records.size() > MAX_RECORDS;
            for (Map<String, AttributeValue> record : records.subList(0, Math.min(MAX_RECORDS, records.size()))) {
                AttributeValue log = record.get(DeliveryAttributes.ATTEMPT_LOG);
                if (log == null || !log.hasL()) {
                    continue;
                }
                for (AttributeValue entry : log.l()) {
                    Map<String, AttributeValue> a = entry.m();
                    if (!isRequest(a) || a.get("at") == null) {
                        continue;
                    }
                    Instant at = Instant.ofEpochMilli(Long.parseLong(a.get("at").n()));
                    AttributeValue code = a.get("statusCode");
                    boolean success = code != null && code.n() != null && code.n().startsWith("2")
                            && code.n().length() == 3;
                    hour.add(at, success);
                    day.add(at, success);
                }
            }
            tenantHour.add(hour);
            tenantDay.add(day);
            ObjectNode node = perEndpoint.addObject();
            node.put("endpoint", endpoint);
            node.set("hour", hour.json());
            node.set("day", day.json());
        }
        out.set("hour", tenantHour.json());
        out.set("day", tenantDay.json());
        out.set("endpoints", perEndpoint);
        out.put("truncated", truncated);
        return Response.ok(out);
    }

    /** An HTTP request, not a deferral or skip; entries written before the flag: those with a status or a duration. */
    private static boolean isRequest(Map<String, AttributeValue> entry) {
        AttributeValue flag = entry.get(DeliveryLog.ATTEMPT_HTTP);
        if (flag != null && flag.bool() != null) {
            return flag.bool();
        }
        AttributeValue duration = entry.get("durationMs");
        return entry.containsKey("statusCode") || (duration != null && !"0".equals(duration.n()));
    }
}
