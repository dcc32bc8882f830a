package dev.hookline.api.v1.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.api.http.ApiException;
import dev.hookline.api.http.JsonBody;
import dev.hookline.api.http.Problem;
import dev.hookline.api.http.Request;
import dev.hookline.api.http.Response;
import dev.hookline.core.events.EventPayloads;
import dev.hookline.core.events.InboundMessage;
import dev.hookline.core.intake.EventIntake;
import dev.hookline.core.intake.IntakeResult;
import dev.hookline.core.json.Json;
import dev.hookline.core.tenants.Tenants;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/tenants/{tenant}/events}: the event goes through core's {@link EventIntake}, the
 * receiver's claim-and-enqueue state machine, with source {@code tenant:<tenant>} (a name no
 * config source can take) and the event id as key. The claimed body is the compact {@code data},
 * which the processor splices into the outbound payload as it is.
 */
final class Publish {
    /** Event types as the endpoints' filters name them. */
    static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    /** Printable ASCII without spaces at the ends: what a client can put in a header and log safely. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]{0,253}[\\x21-\\x7e])?");
    private static final com.fasterxml.jackson.databind.ObjectReader EXACT = Json.MAPPER.reader()
            .with(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
    private static final String ID_RULE = "1-100 of A-Z a-z 0-9 _ -";

    private final EventIntake intake;
    private final Tenants tenants;
    private final Clock clock;

    Publish(EventIntake intake, Tenants tenants, Clock clock) {
        this.intake = intake;
        this.tenants = tenants;
        this.clock = clock;
    }

    Response handle(Request request) {
        String tenant = request.param("tenant");
        if (tenants.get(tenant).isEmpty()) {
            throw new ApiException(Problem.notFound());
        }
        JsonBody body = JsonBody.parse(request, Set.of("type", "data", "id"));
        String type = body.string("type", true, 128, t -> TYPE.matcher(t).matches(), "1-128 of A-Z a-z 0-9 _ . : -");
        String id = body.string("id", false, 100, i -> EventPayloads.ID.matcher(i).matches(), ID_RULE);
        JsonNode data = exact(request.body()) instanceof ObjectNode o ? o.get("data") : null;
        if (data == null || data.isNull()) {
            body.error("data", "required");
        } else if (!data.isObject()) {
            body.error("data", "expected an object");
        }
        String idempotencyKey = header(request, "idempotency-key");
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            body.error("Idempotency-Key", "1-255 printable ASCII characters");
        }
        body.check();
        if (id == null) {
            // An explicit id wins: it is the event's identity; the header then adds nothing.
            id = idempotencyKey != null ? EventIds.fromIdempotencyKey(idempotencyKey) : EventIds.random();
        }
        Instant now = clock.instant();
        InboundMessage message = new InboundMessage(InboundMessage.tenantSource(tenant), id, type, now,
                Json.write(data).getBytes(StandardCharsets.UTF_8), Map.of(), tenant);
        IntakeResult result = intake.accept(message);
        return switch (result) {
            case IntakeResult.Accepted a -> Response.json(202, out(id, type, "accepted"));
            case IntakeResult.Duplicate d -> Response.ok(out(id, type, "duplicate"));
            case IntakeResult.Conflict c ->
                    throw new ApiException(Problem.conflict("An event with this id was published with another body."));
            case IntakeResult.InFlight f -> retryLater(f.retryAfter());
            case IntakeResult.Unavailable u -> retryLater(u.retryAfter());
            // The body limit keeps a published event far below the queue's; kept for completeness.
            case IntakeResult.TooLarge t -> Response.problem(Problem.tooLarge(PublishLimits.MAX_BODY));
        };
    }

    /**
     * {@code data} as the caller wrote its numbers: {@code 12.50} stays {@code 12.50} and a long
     * decimal keeps every digit (a double would round both), since it is sent on as published.
     */
    private static JsonNode exact(byte[] body) {
        try {
            return EXACT.readTree(body);
        } catch (java.io.IOException e) {
            return null; // JsonBody.parse has already refused a body that is not JSON
        }
    }

    private static Response retryLater(Duration after) {
        long seconds = after == null ? 1 : Math.max(1, (after.toMillis() + 999) / 1000);
        return Response.problem(Problem.unavailable()).withHeader("retry-after", Long.toString(seconds));
    }

    private static ObjectNode out(String id, String type, String status) {
        return Json.object().put("id", id).put("type", type).put("status", status);
    }

    private static String header(Request request, String name) {
        return request.headers().get(name);
    }

    /** Limits of the publish route. */
    static final class PublishLimits {
        /**
         * 256 KiB: every published payload then fits its retention item (DynamoDB's 400 KB) and the
         * inbound queue (1 MiB) with room to spare.
         */
        static final int MAX_BODY = 256 * 1024;

        private PublishLimits() {
        }
    }
}
