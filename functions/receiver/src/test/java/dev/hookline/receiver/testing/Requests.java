package dev.hookline.receiver.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** API Gateway HTTP API (payload 2.0) events as the receiver gets them: header names lower-cased. */
public final class Requests {
    private Requests() {
    }

    public static APIGatewayV2HTTPEvent post(String source, Map<String, String> headers, byte[] body) {
        return event("POST", "/webhooks/" + source, Map.of("source", source), headers,
                new String(body, StandardCharsets.UTF_8), false);
    }

    /** The body handed over base64-encoded, as API Gateway does for binary content types. */
    public static APIGatewayV2HTTPEvent postBase64(String source, Map<String, String> headers, byte[] body) {
        return event("POST", "/webhooks/" + source, Map.of("source", source), headers,
                Base64.getEncoder().encodeToString(body), true);
    }

    public static APIGatewayV2HTTPEvent event(String method, String rawPath, Map<String, String> pathParameters,
                                              Map<String, String> headers, String body, boolean base64) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /webhooks/{source}")
                .withRawPath(rawPath)
                .withPathParameters(pathParameters)
                .withHeaders(lower)
                .withBody(body)
                .withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(rawPath).build())
                        .build())
                .build();
    }
}
