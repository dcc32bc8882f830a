package dev.hookline.api.v1.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.api.http.ApiException;
import dev.hookline.api.http.JsonBody;
import dev.hookline.api.http.Problem;
import dev.hookline.api.http.Request;
import dev.hookline.api.http.Response;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.events.EventPayloads;
import dev.hookline.core.events.EventReplay;
import dev.hookline.core.json.Json;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/tenants/{tenant}/events/{event}/replay {"endpoint"?}}: the kept payload again, to
 * every active endpoint of the tenant subscribed to the event's type, or to the one named (any
 * state: the sender records a disabled one's delivery as SKIPPED, as for any delivery).
 * Only the tenant's own endpoints are targets: another tenant's endpoint is "no such endpoint".
 */
final class Replay {
    private final EventPayloads payloads;
    private final EventReplay replay;
    private final EndpointRegistry endpoints;

    Replay(EventPayloads payloads, EventReplay replay, EndpointRegistry endpoints) {
        this.payloads = payloads;
        this.replay = replay;
        this.endpoints = endpoints;
    }

    Response handle(Request request) {
        String tenant = request.param("tenant");
        EventPayloads.StoredEvent event = payloads.get(tenant, request.param("event"))
                .orElseThrow(() -> new ApiException(Problem.notFound()));
        JsonBody body = JsonBody.parse(request, Set.of("endpoint"));
        String endpointId = body.string("endpoint", false, 128, null, null);
        body.check();
        List<Endpoint> targets;
        if (endpointId != null) {
            Endpoint named = endpoints.get(tenant, endpointId).orElse(null);
            if (named == null) {
                body.error("endpoint", "no such endpoint");
                body.check();
            }
            targets = List.of(named);
        } else {
            targets = endpoints.list().stream()
                    .filter(e -> tenant.equals(e.tenant()) && e.active() && e.subscribesTo(event.type())).toList();
        }
        if (event.payload() == null) {
            throw new ApiException(Problem.conflict("The event's payload was too large to keep; it cannot be replayed."));
        }
        EventReplay.Replayed done = replay.replay(event, targets);
        ObjectNode out = Json.object().put("id", event.id()).put("replay", done.replay());
        ArrayNode list = out.putArray("endpoints");
        done.deliveries().stream().map(DeliveryMessage::endpointId).forEach(list::add);
        return Response.json(202, out);
    }
}
