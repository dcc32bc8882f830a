package dev.hookline.local.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiGatewayEventsTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:15:30.123Z");

    private static APIGatewayV2HTTPEvent event(String method, String path, String query, Map<String, List<String>> headers,
                                               byte[] body) {
        return ApiGatewayEvents.toEvent(new ApiGatewayEvents.Request(method, path, query, headers, body, "127.0.0.1",
                "HTTP/1.1"), NOW);
    }

    @Test
    void buildsAVersion2EventWithRouteContextAndPathParameter() {
        APIGatewayV2HTTPEvent e = event("POST", "/webhooks/stripe", null,
                Map.of("Content-Type", List.of("application/json"), "Host", List.of("127.0.0.1:3000")),
                "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals("2.0", e.getVersion());
        assertEquals("POST /webhooks/{source}", e.getRouteKey());
        assertEquals("/webhooks/stripe", e.getRawPath());
        assertEquals("", e.getRawQueryString());
        assertNull(e.getQueryStringParameters());
        assertEquals(Map.of("source", "stripe"), e.getPathParameters());
        assertEquals("POST", e.getRequestContext().getHttp().getMethod());
        assertEquals("/webhooks/stripe", e.getRequestContext().getHttp().getPath());
        assertEquals("127.0.0.1", e.getRequestContext().getHttp().getSourceIp());
        assertEquals("HTTP/1.1", e.getRequestContext().getHttp().getProtocol());
        assertEquals(NOW.toEpochMilli(), e.getRequestContext().getTimeEpoch());
        assertEquals("22/Nov/2026:10:15:30 +0000", e.getRequestContext().getTime());
        assertEquals("127.0.0.1:3000", e.getRequestContext().getDomainName());
    }

    @Test
    void lowerCasesHeaderNamesAndJoinsRepeatedValuesWithCommas() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Hub-Signature-256", List.of("sha256=abc"));
        headers.put("Accept", List.of("a/b", "c/d"));
        headers.put("accept", List.of("e/f"));
        headers.put("Content-Type", List.of("application/json"));
        APIGatewayV2HTTPEvent e = event("POST", "/webhooks/github", null, headers, new byte[0]);
        assertEquals("sha256=abc", e.getHeaders().get("x-hub-signature-256"));
        assertEquals("a/b,c/d,e/f", e.getHeaders().get("accept"));
        assertFalse(e.getHeaders().containsKey("X-Hub-Signature-256"));
    }

    @Test
    void movesCookiesOutOfTheHeaders() {
        APIGatewayV2HTTPEvent e = event("POST", "/webhooks/x", null, Map.of("Cookie", List.of("a=1; b=2")), null);
        assertEquals(List.of("a=1", "b=2"), e.getCookies());
        assertFalse(e.getHeaders().containsKey("cookie"));
    }

    @Test
    void keepsTheRawQueryAndDecodesParametersJoiningRepeats() {
        APIGatewayV2HTTPEvent e = event("POST", "/webhooks/x", "a=1&a=2&b=x%20y&c", Map.of(), null);
        assertEquals("a=1&a=2&b=x%20y&c", e.getRawQueryString());
        assertEquals(Map.of("a", "1,2", "b", "x y", "c", ""), e.getQueryStringParameters());
    }

    @Test
    void passesTextBodiesAsTextAndEverythingElseBase64() {
        byte[] json = "{\"é\":1}".getBytes(StandardCharsets.UTF_8);
        APIGatewayV2HTTPEvent text = event("POST", "/webhooks/x", null,
                Map.of("content-type", List.of("application/json; charset=utf-8")), json);
        assertFalse(text.getIsBase64Encoded());
        assertEquals("{\"é\":1}", text.getBody());

        byte[] form = "payload=%7B%7D".getBytes(StandardCharsets.UTF_8);
        APIGatewayV2HTTPEvent encoded = event("POST", "/webhooks/x", null,
                Map.of("content-type", List.of("application/x-www-form-urlencoded")), form);
        assertTrue(encoded.getIsBase64Encoded());
        assertArrayEquals(form, Base64.getDecoder().decode(encoded.getBody()));

        byte[] binary = {(byte) 0xff, 0, 1};
        APIGatewayV2HTTPEvent untyped = event("POST", "/webhooks/x", null, Map.of(), binary);
        assertTrue(untyped.getIsBase64Encoded());
        assertArrayEquals(binary, Base64.getDecoder().decode(untyped.getBody()));
    }

    @Test
    void leavesAnEmptyBodyNull() {
        APIGatewayV2HTTPEvent e = event("GET", "/webhooks/x", null, Map.of(), new byte[0]);
        assertNull(e.getBody());
        assertFalse(e.getIsBase64Encoded());
        assertEquals("ANY /webhooks/{source}", e.getRouteKey());
        assertEquals("GET", e.getRequestContext().getHttp().getMethod());
    }

    @Test
    void recognisesOnlyTheWebhookRoute() {
        assertEquals("stripe", ApiGatewayEvents.sourceOf("/webhooks/stripe"));
        assertEquals("my source", ApiGatewayEvents.sourceOf("/webhooks/my%20source"));
        assertNull(ApiGatewayEvents.sourceOf("/webhooks/"));
        assertNull(ApiGatewayEvents.sourceOf("/webhooks/a/b"));
        assertNull(ApiGatewayEvents.sourceOf("/other/stripe"));
        assertThrows(IllegalArgumentException.class, () -> event("POST", "/nope", null, Map.of(), null));
    }

    @Test
    void buildsTheApiRoutesEventWithTheGreedyProxyParameter() {
        APIGatewayV2HTTPEvent e = event("PATCH", "/v1/tenants/acme", "limit=2", Map.of("Content-Type",
                List.of("application/json")), "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("ANY /v1/{proxy+}", e.getRouteKey());
        assertEquals(Map.of("proxy", "tenants/acme"), e.getPathParameters());
        assertEquals("/v1/tenants/acme", e.getRawPath());
        assertEquals("{}", e.getBody());
        assertTrue(ApiGatewayEvents.isApiPath("/v1/x"));
        assertFalse(ApiGatewayEvents.isApiPath("/v1/"));
        assertFalse(ApiGatewayEvents.isApiPath("/v10/x"));
        assertThrows(IllegalArgumentException.class, () -> event("GET", "/v1/", null, Map.of(), null));
    }
}
