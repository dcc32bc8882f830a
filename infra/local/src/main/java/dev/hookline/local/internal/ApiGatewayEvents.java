package dev.hookline.local.internal;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the HTTP API (payload format 2.0) event API Gateway hands the receiver, from a plain
 * HTTP request: raw path and query string as sent, header names lower-cased with repeated values
 * joined by commas, cookies split out of the {@code cookie} header, query parameters decoded,
 * {@code pathParameters.source}, and the body base64-encoded unless its content type is text.
 */
public final class ApiGatewayEvents {
    /** The route the template declares; the receiver answers 405 itself for other methods. */
    public static final String ROUTE = "/webhooks/{source}";
    private static final String PREFIX = "/webhooks/";
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private ApiGatewayEvents() {
    }

    /**
     * One request as it came off the wire.
     *
     * @param rawPath  the path, still percent-encoded
     * @param rawQuery the query string without {@code ?}, still encoded; null or empty when none
     * @param headers  header names in any case, each with its values in arrival order
     */
    public record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                          byte[] body, String sourceIp, String protocol) {
    }

    /** The {@code source} path segment of {@code /webhooks/{source}}, or null when the path is not that route. */
    public static String sourceOf(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(PREFIX)) {
            return null;
        }
        String segment = rawPath.substring(PREFIX.length());
        if (segment.isEmpty() || segment.contains("/")) {
            return null;
        }
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The api function's route, {@code ANY /v1/{proxy+}}. */
    public static final String API_ROUTE = "/v1/{proxy+}";

    /** Whether the path is under {@code /v1/}, the api function's route (the greedy proxy needs a segment). */
    public static boolean isApiPath(String rawPath) {
        return rawPath.startsWith("/v1/") && rawPath.length() > "/v1/".length();
    }

    public static APIGatewayV2HTTPEvent toEvent(Request request, Instant now) {
        String source = sourceOf(request.rawPath());
        boolean api = source == null && isApiPath(request.rawPath());
        if (source == null && !api) {
            throw new IllegalArgumentException("not a " + ROUTE + " or " + API_ROUTE + " path: " + request.rawPath());
        }
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey(api ? "ANY " + API_ROUTE : (request.method().equals("POST") ? "POST " : "ANY ") + ROUTE);
        event.setRawPath(request.rawPath());
        event.setRawQueryString(request.rawQuery() == null ? "" : request.rawQuery());

        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                for (String value : values) {
                    for (String cookie : value.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.trim());
                        }
                    }
                }
                return;
            }
            headers.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
        });
        event.setHeaders(headers);
        if (!cookies.isEmpty()) {
            event.setCookies(cookies);
        }
        Map<String, String> query = queryParameters(request.rawQuery());
        if (!query.isEmpty()) {
            event.setQueryStringParameters(query);
        }
        event.setPathParameters(api ? Map.of("proxy", request.rawPath().substring("/v1/".length()))
                : Map.of("source", source));

        byte[] body = request.body() == null ? new byte[0] : request.body();
        if (body.length > 0) {
            boolean text = isText(headers.get("content-type"));
            event.setIsBase64Encoded(!text);
            event.setBody(text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
        }

        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setRouteKey(event.getRouteKey());
        context.setAccountId("000000000000");
        context.setApiId("local");
        context.setStage("$default");
        String host = headers.getOrDefault("host", "127.0.0.1");
        context.setDomainName(host);
        context.setDomainPrefix(host.split("[.:]")[0]);
        context.setRequestId(UUID.randomUUID().toString());
        context.setTime(REQUEST_TIME.format(now));
        context.setTimeEpoch(now.toEpochMilli());
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(request.method());
        http.setPath(request.rawPath());
        http.setProtocol(request.protocol() == null ? "HTTP/1.1" : request.protocol());
        http.setSourceIp(request.sourceIp());
        http.setUserAgent(headers.get("user-agent"));
        context.setHttp(http);
        event.setRequestContext(context);
        return event;
    }

    /** The event as the JSON document Lambda receives (what {@code sam local invoke -e} reads). */
    public static com.fasterxml.jackson.databind.node.ObjectNode toJson(APIGatewayV2HTTPEvent event) {
        var json = dev.hookline.core.json.Json.object();
        json.put("version", event.getVersion());
        json.put("routeKey", event.getRouteKey());
        json.put("rawPath", event.getRawPath());
        json.put("rawQueryString", event.getRawQueryString());
        if (event.getCookies() != null) {
            var cookies = json.putArray("cookies");
            event.getCookies().forEach(cookies::add);
        }
        var headers = json.putObject("headers");
        event.getHeaders().forEach(headers::put);
        if (event.getQueryStringParameters() != null) {
            var query = json.putObject("queryStringParameters");
            event.getQueryStringParameters().forEach(query::put);
        }
        var context = json.putObject("requestContext");
        var rc = event.getRequestContext();
        context.put("accountId", rc.getAccountId());
        context.put("apiId", rc.getApiId());
        context.put("domainName", rc.getDomainName());
        context.put("domainPrefix", rc.getDomainPrefix());
        var http = context.putObject("http");
        http.put("method", rc.getHttp().getMethod());
        http.put("path", rc.getHttp().getPath());
        http.put("protocol", rc.getHttp().getProtocol());
        http.put("sourceIp", rc.getHttp().getSourceIp());
        http.put("userAgent", rc.getHttp().getUserAgent());
        context.put("requestId", rc.getRequestId());
        context.put("routeKey", rc.getRouteKey());
        context.put("stage", rc.getStage());
        context.put("time", rc.getTime());
        context.put("timeEpoch", rc.getTimeEpoch());
        var path = json.putObject("pathParameters");
        event.getPathParameters().forEach(path::put);
        if (event.getBody() != null) {
            json.put("body", event.getBody());
        }
        json.put("isBase64Encoded", event.getIsBase64Encoded());
        return json;
    }

    /**
     * Whether HTTP API passes the body as text: text types, JSON, XML and JavaScript. Anything else,
     * form-encoded bodies and a missing content type included, arrives base64-encoded.
     */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml") || type.equals("application/javascript");
    }

    /** Decoded query parameters; a repeated name gets its values joined by commas, as API Gateway does. */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.merge(name, value, (a, b) -> a + "," + b);
        }
        return params;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
