package dev.hookline.local.internal;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hookline.core.log.JsonLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The local front door on 127.0.0.1: {@code /webhooks/{source}} becomes an API Gateway HTTP API
 * event for the receiver (any method, so the receiver's 405 is reachable), {@code /_sink/{name}}
 * is the test receiver ({@code POST} records, {@code GET} lists, {@code DELETE} forgets),
 * {@code GET /_health} says whether every part of the runtime is ready, and
 * {@code POST /_secretsmanager} serves the config to functions run by {@code sam local invoke}
 * ({@link ConfigSecretShim}). Anything else is a 404, as API Gateway answers an unknown route.
 *
 * <p>It refuses what API Gateway's HTTP API refuses before its integration runs. AWS's HTTP API
 * quotas (developer guide, "Quotas for configuring and running an HTTP API"): "Total combined size
 * of request line and header values: 10240 bytes" and "Payload size: 10 MB", neither adjustable.
 * The quota page names no status code; a payload over the limit is 413 (Request Entity Too Large)
 * and a header block over it 431 (Request Header Fields Too Large, RFC 6585), as API Gateway users
 * report seeing ("HTTP header is larger than 10240 bytes").
 *
 * <p>It stays bounded whatever clients do: {@value #WORKERS} worker threads with a queue of
 * {@value #QUEUED} connections (beyond that a new connection is closed unanswered: the JDK server
 * closes a connection its executor refuses), a request must arrive whole within
 * {@link #MAX_REQUEST_SECONDS} seconds (the JDK server's {@code sun.net.httpserver.maxReqTime}
 * closes slower ones, so a client trickling bytes cannot hold a worker forever), and at most
 * {@value #MAX_CONNECTIONS} connections are open at once.
 */
public final class LocalHttpServer implements AutoCloseable {
    /** API Gateway HTTP API's payload limit, 10 MB (read as MiB, as binary units go in AWS's quotas). */
    public static final int MAX_BODY = 10 * 1024 * 1024;
    /** API Gateway HTTP API's limit on the request line plus every header value, in bytes. */
    public static final int MAX_REQUEST_LINE_AND_HEADER_VALUES = 10_240;
    public static final int WORKERS = 16;
    public static final int QUEUED = 64;
    static final int MAX_CONNECTIONS = 256;
    public static final long MAX_REQUEST_SECONDS = 10;

    static {
        // Read once by the JDK's server configuration when the first HttpServer is created in this
        // JVM; a value set on the command line (-D) wins.
        defaultProperty("sun.net.httpserver.maxReqTime", Long.toString(MAX_REQUEST_SECONDS));
        defaultProperty("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
        // Above API Gateway's 10240 bytes, so the 431 below answers anything near that limit; the JDK
        // server closes the connection of a header block over this.
        defaultProperty("sun.net.httpserver.maxReqHeaderSize", Integer.toString(64 * 1024));
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private LocalHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * @param receiver turns an API Gateway event into the receiver's response (it may throw: that
     *                 is answered 500 {@code Internal Server Error}, as API Gateway does)
     */
    public static LocalHttpServer start(int port, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> receiver,
                                        java.util.function.Supplier<Sinks> sinks, Health health,
                                        ConfigSecretShim configSecret, Clock clock, JsonLog log)
            throws IOException {
        return start(port, receiver, null, sinks, health, configSecret, clock, log);
    }

    /** @param api the api function for {@code /v1/...}, or null (then those paths are 404) */
    public static LocalHttpServer start(int port, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> receiver,
                                        Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> api,
                                        java.util.function.Supplier<Sinks> sinks, Health health,
                                        ConfigSecretShim configSecret, Clock clock, JsonLog log)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED), runnable -> {
                    Thread thread = new Thread(runnable, "http-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.createContext("/", exchange -> guarded(exchange, log,
                () -> route(exchange, receiver, api, sinks, health, configSecret, clock, log)));
        server.start();
        return new LocalHttpServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private interface Action {
        void run() throws IOException;
    }

    private static void guarded(HttpExchange exchange, JsonLog log, Action action) {
        try (exchange) {
            action.run();
        } catch (IOException | RuntimeException e) {
            log.error("local http request failed").with("path", exchange.getRequestURI().getRawPath())
                    .with("error", e.toString()).emit();
            try {
                send(exchange, 500, Map.of("content-type", "application/json"),
                        "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException ignored) {
                // the response had already started; the client sees a broken response
            }
        }
    }

    private static void route(HttpExchange exchange, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> receiver,
                              Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> api,
                              java.util.function.Supplier<Sinks> sinks, Health health, ConfigSecretShim configSecret,
                              Clock clock, JsonLog log)
            throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if ((path.equals(ConfigSecretShim.PATH) || path.equals(ConfigSecretShim.PATH + "/"))
                && exchange.getRequestMethod().equals("POST")) {
            byte[] body = readBody(exchange);
            ConfigSecretShim.Answer answer = configSecret.handle(
                    exchange.getRequestHeaders().getFirst("x-amz-target"), body == null ? new byte[0] : body);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("content-type", "application/x-amz-json-1.1");
            if (answer.errorType() != null) {
                headers.put("x-amzn-errortype", answer.errorType());
            }
            send(exchange, answer.status(), headers, answer.body().getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/_health")) {
            Health.Report report = health.report();
            send(exchange, report.status(), Map.of("content-type", "application/json", "cache-control", "no-store"),
                    report.json().getBytes(StandardCharsets.UTF_8));
        } else if (ApiGatewayEvents.sourceOf(path) != null) {
            webhook(exchange, receiver, clock);
        } else if (api != null && ApiGatewayEvents.isApiPath(path)) {
            // The same front door as the webhooks: API Gateway's limits, then a payload 2.0 event.
            webhook(exchange, api, clock);
        } else if (path.startsWith("/_sink/") && path.length() > "/_sink/".length()
                && path.indexOf('/', "/_sink/".length()) < 0) {
            Sinks current = sinks.get();
            if (current == null) {
                send(exchange, 503, Map.of("content-type", "application/json", "retry-after", "1"),
                        "{\"error\":\"starting\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            sink(exchange, current, URLDecoder.decode(path.substring("/_sink/".length()), StandardCharsets.UTF_8));
        } else {
            send(exchange, 404, Map.of("content-type", "application/json"),
                    "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void webhook(HttpExchange exchange,
                                Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> receiver, Clock clock)
            throws IOException {
        if (requestLineAndHeaderValues(exchange) > MAX_REQUEST_LINE_AND_HEADER_VALUES) {
            send(exchange, 431, Map.of("content-type", "application/json", "connection", "close"),
                    "{\"message\":\"Request Header Fields Too Large\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        byte[] body = readBody(exchange);
        if (body == null) {
            send(exchange, 413, Map.of("content-type", "application/json", "connection", "close"),
                    "{\"message\":\"Request Entity Too Large\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        ApiGatewayEvents.Request request = new ApiGatewayEvents.Request(exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                new LinkedHashMap<>(exchange.getRequestHeaders()), body,
                exchange.getRemoteAddress().getAddress().getHostAddress(), exchange.getProtocol());
        APIGatewayV2HTTPResponse response = receiver.apply(ApiGatewayEvents.toEvent(request, clock.instant()));
        if (response == null) {
            throw new IllegalStateException("the receiver returned no response");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (response.getHeaders() != null) {
            headers.putAll(response.getHeaders());
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        }
        byte[] out = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        Headers responseHeaders = exchange.getResponseHeaders();
        if (response.getCookies() != null) {
            response.getCookies().forEach(c -> responseHeaders.add("Set-Cookie", c));
        }
        send(exchange, response.getStatusCode(), headers, out);
    }

    private static void sink(HttpExchange exchange, Sinks sinks, String name) throws IOException {
        Map<String, String> json = Map.of("content-type", "application/json");
        switch (exchange.getRequestMethod()) {
            case "POST" -> {
                byte[] body = readBody(exchange);
                if (body == null) {
                    send(exchange, 413, json, "{\"error\":\"body too large\"}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT),
                        String.join(",", v)));
                Sinks.Answer answer = sinks.receive(name,
                        ApiGatewayEvents.queryParameters(exchange.getRequestURI().getRawQuery()), headers, body);
                send(exchange, answer.status(), json,
                        answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8));
            }
            case "GET" -> send(exchange, 200, json, sinks.list(name).getBytes(StandardCharsets.UTF_8));
            case "DELETE" -> {
                sinks.clear(name);
                send(exchange, 204, Map.of(), new byte[0]);
            }
            default -> send(exchange, 405, Map.of("content-type", "application/json", "allow", "GET, POST, DELETE"),
                    "{\"error\":\"method not allowed\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Bytes of the request line ({@code METHOD SP target SP version}) plus every header value, as
     * API Gateway counts them against its 10240-byte quota (names and separators do not count).
     */
    static long requestLineAndHeaderValues(HttpExchange exchange) {
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        long size = wireLength(exchange.getRequestMethod()) + 1 + wireLength(target) + 1
                + wireLength(exchange.getProtocol());
        for (List<String> values : exchange.getRequestHeaders().values()) {
            for (String value : values) {
                size += wireLength(value);
            }
        }
        return size;
    }

    /** The JDK server decodes the request line and headers as ISO-8859-1: one char per byte on the wire. */
    private static long wireLength(String s) {
        return s.length();
    }

    /** The whole body, or null when it is over the limit. */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            String declared = exchange.getRequestHeaders().getFirst("content-length");
            if (declared != null && declared.trim().matches("[0-9]{1,18}")
                    && Long.parseLong(declared.trim()) > MAX_BODY) {
                // Refused without buffering it; read (within the request time limit) and dropped so
                // the client, still sending, gets the 413 rather than a reset connection.
                in.skip(2L * MAX_BODY);
                return null;
            }
            byte[] body = in.readNBytes(MAX_BODY + 1);
            return body.length > MAX_BODY ? null : body;
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        Headers out = exchange.getResponseHeaders();
        headers.forEach(out::set);
        boolean noBody = body.length == 0 || status == 204 || status == 304 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

}
