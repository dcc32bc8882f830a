package dev.hookline.receiver.internal;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.json.Json;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The receiver's JSON answers: {@code {"status"|"error": ..., "eventId"?: ...}}, nothing internal. */
public final class Responses {
    private Responses() {
    }

    public static APIGatewayV2HTTPResponse status(int code, String status, String eventId) {
        return respond(code, "status", status, eventId, Map.of());
    }

    public static APIGatewayV2HTTPResponse error(int code, String error) {
        return respond(code, "error", error, null, Map.of());
    }

    public static APIGatewayV2HTTPResponse error(int code, String error, String eventId) {
        return respond(code, "error", error, eventId, Map.of());
    }

    public static APIGatewayV2HTTPResponse retryLater(String error, String eventId, Duration after) {
        return respond(503, "error", error, eventId, Map.of("Retry-After", Long.toString(after.toSeconds())));
    }

    public static APIGatewayV2HTTPResponse methodNotAllowed() {
        return respond(405, "error", "method not allowed", null, Map.of("Allow", "POST"));
    }

    /** Slack's url_verification handshake: echo the challenge. */
    public static APIGatewayV2HTTPResponse challenge(String challenge) {
        ObjectNode body = Json.object().put("challenge", challenge);
        return build(200, body, Map.of());
    }

    private static APIGatewayV2HTTPResponse respond(int code, String field, String value, String eventId,
                                                    Map<String, String> extra) {
        ObjectNode body = Json.object().put(field, value);
        if (eventId != null) {
            body.put("eventId", eventId);
        }
        return build(code, body, extra);
    }

    private static APIGatewayV2HTTPResponse build(int code, ObjectNode body, Map<String, String> extra) {
        Map<String, String> headers = new HashMap<>(extra);
        headers.put("Content-Type", "application/json");
        headers.put("Cache-Control", "no-store");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(code)
                .withHeaders(headers)
                .withBody(Json.write(body))
                .withIsBase64Encoded(false)
                .build();
    }
}
