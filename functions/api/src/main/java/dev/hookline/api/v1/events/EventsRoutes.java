package dev.hookline.api.v1.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.api.http.Access;
import dev.hookline.api.http.ApiException;
import dev.hookline.api.http.FieldError;
import dev.hookline.api.http.Page;
import dev.hookline.api.http.Problem;
import dev.hookline.api.http.Request;
import dev.hookline.api.http.Response;
import dev.hookline.api.http.Route;
import dev.hookline.core.events.EventPayloads;
import dev.hookline.core.json.Json;
import dev.hookline.core.paging.Slice;
import dev.hookline.core.tenants.Tenants;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /v1/tenants/{tenant}/events}: publish (see {@link Publish}), list (newest first, from the
 * events table's byTenant index) and get one with its kept payload ({@link EventPayloads}). An
 * event is listed once the processor has taken it, normally within a second of the 202.
 */
public final class EventsRoutes {
    private final Publish publish;
    private final EventPayloads payloads;
    private final Replay replay;

    public EventsRoutes(EventServices services, Tenants tenants, Clock clock) {
        this.publish = new Publish(services.intake(), tenants, clock);
        this.payloads = services.payloads();
        this.replay = new Replay(services.payloads(), services.replay(), services.endpoints());
    }

    public List<Route> routes() {
        return List.of(
                new Route("POST", "/v1/tenants/{tenant}/events", Access.TENANT, Publish.PublishLimits.MAX_BODY,
                        publish::handle),
                Route.of("GET", "/v1/tenants/{tenant}/events", Access.TENANT, this::list),
                Route.of("GET", "/v1/tenants/{tenant}/events/{event}", Access.TENANT, this::get),
                Route.of("POST", "/v1/tenants/{tenant}/events/{event}/replay", Access.TENANT, replay::handle));
    }

    private Response list(Request request) {
        Page.Query page = Page.parse(request);
        List<FieldError> errors = new ArrayList<>();
        String type = request.queryParams().get("type");
        if (type != null && !Publish.TYPE.matcher(type).matches()) {
            errors.add(new FieldError("type", "1-128 of A-Z a-z 0-9 _ . : -"));
        }
        Instant since = instant(request, "since", errors);
        Instant until = instant(request, "until", errors);
        if (since != null && until != null && !since.isBefore(until)) {
            errors.add(new FieldError("until", "must be after since"));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(Problem.invalid(errors));
        }
        Slice<EventPayloads.Summary> slice;
        try {
            slice = payloads.list(request.param("tenant"), type, since, until, page.limit(), page.after());
        } catch (IllegalArgumentException e) {
            throw new ApiException(Problem.invalid(List.of(new FieldError("cursor", "not a cursor this API gave"))));
        }
        return Page.of(slice.items().stream().map(EventsRoutes::json).toList(), slice.after());
    }

    private Response get(Request request) {
        EventPayloads.StoredEvent event = payloads.get(request.param("tenant"), request.param("event"))
                .orElseThrow(() -> new ApiException(Problem.notFound()));
        ObjectNode node = Json.object().put("id", event.id()).put("type", event.type())
                .put("receivedAt", event.receivedAt().toString()).put("messageId", event.messageId());
        JsonNode payload = event.payload() == null ? null : Json.parseOrNull(event.payload());
        if (payload == null) {
            // Too large to keep (over DynamoDB's item size): listed, not replayable.
            node.putNull("payload");
        } else {
            node.set("payload", payload);
        }
        return Response.ok(node);
    }

    private static ObjectNode json(EventPayloads.Summary summary) {
        return Json.object().put("id", summary.id()).put("type", summary.type())
                .put("receivedAt", summary.receivedAt().toString());
    }

    private static Instant instant(Request request, String name, List<FieldError> errors) {
        String text = request.queryParams().get(name);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "an ISO 8601 UTC time, e.g. 2026-11-24T06:00:00Z"));
            return null;
        }
    }
}
