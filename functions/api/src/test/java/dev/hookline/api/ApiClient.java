package dev.hookline.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.api.http.Route;
import dev.hookline.core.json.Json;
import dev.hookline.testing.LocalContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Calls the handler as API Gateway would (payload 2.0 events) and checks every answer against
 * openapi.yaml: a test cannot receive a response the document does not describe.
 */
final class ApiClient {
    private final ApiHandler handler;

    ApiClient(ApiHandler handler) {
        this.handler = handler;
    }

    record Result(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            return Json.parseOrNull(body);
        }

        String header(String name) {
            return headers.get(name);
        }
    }

    Result call(String method, String pathAndQuery, String key, String body) {
        return call(method, pathAndQuery, key, body, false);
    }

    Result call(String method, String pathAndQuery, String key, String body, boolean base64) {
        return call(method, pathAndQuery, key, body, base64, Map.of());
    }

    /** With extra request headers (lower-case names, as API Gateway hands them over). */
    Result call(String method, String pathAndQuery, String key, String body, Map<String, String> extraHeaders) {
        return call(method, pathAndQuery, key, body, false, extraHeaders);
    }

    private Result call(String method, String pathAndQuery, String key, String body, boolean base64,
                        Map<String, String> extraHeaders) {
        APIGatewayV2HTTPEvent event = event(method, pathAndQuery, key, body, base64, "$default");
        if (!extraHeaders.isEmpty()) {
            Map<String, String> headers = new HashMap<>(event.getHeaders());
            headers.putAll(extraHeaders);
            event.setHeaders(headers);
        }
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new LocalContext("hookline-api", 10_000));
        Result result = new Result(response.getStatusCode(),
                response.getHeaders() == null ? Map.of() : response.getHeaders(), response.getBody());
        String path = pathAndQuery.split("\\?", 2)[0];
        Optional<Route> route = handler.routes().find(method, path);
        route.ifPresent(r -> OpenApiDocument.check(r.template(), method, result.status(),
                result.header("content-type"), result.body()));
        if (route.isEmpty()) {
            OpenApiDocument.checkProblem(result.header("content-type"), result.body());
        }
        return result;
    }

    static APIGatewayV2HTTPEvent event(String method, String pathAndQuery, String key, String body, boolean base64,
                                       String stage) {
        String[] parts = pathAndQuery.split("\\?", 2);
        Map<String, String> query = new HashMap<>();
        if (parts.length == 2) {
            for (String pair : parts[1].split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        if (key != null) {
            headers.put("authorization", "Bearer " + key);
        }
        String rawPath = stage.equals("$default") ? parts[0] : "/" + stage + parts[0];
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("ANY /v1/{proxy+}")
                .withRawPath(rawPath)
                .withRawQueryString(parts.length == 2 ? parts[1] : "")
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withHeaders(headers)
                .withBody(body == null ? null : base64
                        ? java.util.Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body)
                .withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withStage(stage)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(rawPath).build())
                        .build())
                .build();
    }
}
