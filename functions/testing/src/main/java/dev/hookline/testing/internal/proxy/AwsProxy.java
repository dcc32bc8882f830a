package dev.hookline.testing.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hookline.core.json.Json;
import dev.hookline.testing.AwsCall;
import dev.hookline.testing.iam.TemplatePolicy;
import dev.hookline.testing.iam.UsageLog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A loopback HTTP proxy in front of the emulators that behaves like AWS where they are lenient:
 * it records every call (who signed it, which action on which resource, what came back), refuses
 * what AWS refuses ({@link SqsLimits}, {@link DynamoDbLimits}), and, for a request signed with a
 * function's key id, answers AccessDenied unless that function's role in template.yaml grants the
 * action on the resource ({@link TemplatePolicy}). One port serves all three services; the
 * request's SigV4 credential scope (or its {@code X-Amz-Target}) says which emulator gets it.
 *
 * <p>The emulators check no signatures, so the request is forwarded as signed, only to another port.
 */
public final class AwsProxy implements AutoCloseable {
    /** Headers java.net.http sets itself and refuses to be given. */
    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer");
    /**
     * The key id the emulators see. DynamoDB Local 2.x refuses key ids with anything but letters
     * and digits ({@code receiver.snapstart}), and the key id has done its work once the proxy has
     * read it; the emulators check no signatures, so the rewritten header is accepted.
     */
    private static final String BACKEND_KEY_ID = "hookline";
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=[^/,\\s]*/");
    /** Key ids {@code <function>.probe}: held to the role like the function, but not counted as its use. */
    public static final String PROBE_TAG = ".probe";
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]+)</Code>");
    /** Above SQS's 20 s long poll, so a waiting ReceiveMessage is never cut short here. */
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(60);

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http;
    private final Function<String, URI> backends;
    private static final int MAX_CALLS = 500_000;
    private final ConcurrentLinkedQueue<AwsCall> calls = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger callCount = new java.util.concurrent.atomic.AtomicInteger();
    private final ReceiptTimes receipts;
    private final SqsLimits sqsLimits;
    private final DynamoDbLimits dynamoDbLimits = new DynamoDbLimits();
    private final TemplatePolicy policy;
    private final UsageLog usage;

    private AwsProxy(HttpServer server, ExecutorService executor, Function<String, URI> backends, TemplatePolicy policy,
                     UsageLog usage, Clock clock) {
        this.server = server;
        this.executor = executor;
        this.backends = backends;
        this.policy = policy;
        this.usage = usage;
        this.receipts = new ReceiptTimes(clock);
        this.sqsLimits = new SqsLimits(receipts);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Starts on a free loopback port.
     *
     * @param backends the emulator endpoint for a service ({@code dynamodb}, {@code sqs},
     *                 {@code secretsmanager}), or null when none runs (the caller gets 502)
     * @param policy   the roles to enforce for function key ids, or null to enforce none
     * @param usage    where allowed function calls are logged, or null
     */
    public static AwsProxy start(Function<String, URI> backends, TemplatePolicy policy, UsageLog usage, Clock clock) {
        try {
            // Without TCP_NODELAY the JDK server's separate header and body writes can wait on the
            // client's delayed ACK: every proxied call would pay for it.
            System.setProperty("sun.net.httpserver.nodelay", "true");
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            // Virtual threads: a long-polling ReceiveMessage holds its thread for up to 20 s, and
            // tests run several pollers at once; platform threads would have to be many or would block.
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            AwsProxy proxy = new AwsProxy(server, executor, backends, policy, usage, clock);
            server.setExecutor(executor);
            server.createContext("/", proxy::handle);
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("the AWS proxy could not listen on loopback", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every call so far (the latest {@value #MAX_CALLS}), oldest first. */
    public List<AwsCall> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) {
        try {
            serve(exchange);
        } catch (IOException e) {
            // The client went away, or the emulator did: nothing more to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A bug here must show as one failed call naming it, not as a reset connection the SDK retries.
            proxyFault(exchange, e);
        } finally {
            exchange.close();
        }
    }

    private void serve(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Headers headers = exchange.getRequestHeaders();
        AwsRequest request = AwsRequest.parse(headers.getFirst("Authorization"), headers.getFirst("X-Amz-Target"),
                headers.getFirst("Content-Type"), body);
        List<IamTargets.Target> targets = IamTargets.of(request);
        String resource = targets.stream().map(IamTargets.Target::name).filter(n -> n != null).distinct()
                .collect(Collectors.joining(","));
        AwsError refusal = authorize(request, targets);
        if (refusal == null) {
            refusal = limits(request);
        }
        // Recorded before answering: a test reading calls() right after its call returns must see it.
        if (refusal != null) {
            record(request, resource, refusal.status(), refusal.code());
            respond(exchange, request, refusal);
            return;
        }
        if ("dynamodb".equals(request.service())) {
            dynamoDbLimits.learn(request);
        }
        URI backend = request.service() == null ? null : backends.apply(request.service());
        if (backend == null) {
            record(request, resource, 502, "NoBackend");
            byte[] message = ("no emulator serves " + request.service()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, message.length);
            exchange.getResponseBody().write(message);
            return;
        }
        Map<String, AwsError> entryFaults = "sqs".equals(request.service()) ? sqsLimits.entryFaults(request) : Map.of();
        if (!entryFaults.isEmpty()) {
            batchWithFailedEntries(exchange, request, resource, headers, backend, entryFaults);
            return;
        }
        HttpResponse<byte[]> response = forward(exchange, headers, body, backend);
        observe(request, response);
        record(request, resource, response.statusCode(), errorCode(response));
        copy(exchange, response, response.body());
    }

    private static void proxyFault(HttpExchange exchange, RuntimeException e) {
        System.err.println("hookline AWS proxy: " + e);
        try {
            byte[] body = Json.write(Json.object().put("__type", "hookline.proxy#InternalFailure")
                    .put("message", "the harness's AWS proxy failed: " + e)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException | RuntimeException ignored) {
            // Headers already sent or the client gone: the closed exchange is all that is left.
        }
    }

    /**
     * A batch some of whose entries SQS would fail on their own: the others go to the emulator, and
     * the answer lists the failed ones under {@code Failed} beside what the emulator reports, as SQS
     * reports each entry's result (BatchResultErrorEntry: Id, SenderFault, Code, Message).
     */
    private void batchWithFailedEntries(HttpExchange exchange, AwsRequest request, String resource, Headers headers,
                                        URI backend, Map<String, AwsError> faults) throws IOException, InterruptedException {
        com.fasterxml.jackson.databind.node.ObjectNode kept = request.json().deepCopy();
        com.fasterxml.jackson.databind.node.ArrayNode entries = kept.putArray("Entries");
        request.json().path("Entries").forEach(e -> {
            if (!faults.containsKey(e.path("Id").asText())) {
                entries.add(e);
            }
        });
        com.fasterxml.jackson.databind.node.ObjectNode answer;
        HttpResponse<byte[]> response = null;
        if (entries.isEmpty()) {
            answer = Json.object();
            answer.putArray("Successful");
        } else {
            response = forward(exchange, headers, Json.write(kept).getBytes(StandardCharsets.UTF_8), backend);
            JsonNode parsed = Json.parseOrNull(response.body());
            if (response.statusCode() != 200 || parsed == null || !parsed.isObject()) {
                record(request, resource, response.statusCode(), errorCode(response));
                copy(exchange, response, response.body());
                return;
            }
            answer = (com.fasterxml.jackson.databind.node.ObjectNode) parsed;
        }
        com.fasterxml.jackson.databind.node.ArrayNode failed = answer.has("Failed") && answer.get("Failed").isArray()
                ? (com.fasterxml.jackson.databind.node.ArrayNode) answer.get("Failed") : answer.putArray("Failed");
        faults.forEach((id, error) -> failed.addObject().put("Id", id).put("SenderFault", true)
                .put("Code", error.queryCode() != null ? error.queryCode() : error.code()).put("Message", error.message()));
        byte[] body = Json.write(answer).getBytes(StandardCharsets.UTF_8);
        AwsError first = faults.values().iterator().next();
        record(request, resource, 200, first.queryCode() != null ? first.queryCode() : first.code());
        if (response != null) {
            copy(exchange, response, body);
        } else {
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(body);
            }
        }
    }

    private AwsError authorize(AwsRequest request, List<IamTargets.Target> targets) {
        if (request.function() == null || policy == null) {
            return null;
        }
        for (IamTargets.Target target : targets) {
            String logical = target.name() == null ? "*" : policy.logicalResource(request.service(), target.name());
            if (logical == null || !policy.allows(request.function(), target.iamAction(), logical, target.path())) {
                return accessDenied(request, target, logical);
            }
        }
        if (usage != null && !request.keyId().endsWith(PROBE_TAG)) {
            for (IamTargets.Target target : targets) {
                String logical = target.name() == null ? "*" : policy.logicalResource(request.service(), target.name());
                usage.used(request.function(), target.iamAction(), logical + (target.path() == null ? "" : "/" + target.path()));
            }
        }
        return null;
    }

    /**
     * AccessDenied as each service answers it: DynamoDB and Secrets Manager with their modeled
     * AccessDeniedException (HTTP 400); SQS's JSON protocol with AccessDeniedException and the
     * query code {@code AccessDenied} in {@code x-amzn-query-error} (SQS API reference, "Common
     * Errors": AccessDeniedException, HTTP 400).
     */
    private AwsError accessDenied(AwsRequest request, IamTargets.Target target, String logical) {
        String message = "User: arn:aws:sts::000000000000:assumed-role/hookline-" + request.function() + "/"
                + request.keyId() + " is not authorized to perform: " + target.iamAction() + " on resource: "
                + (target.name() == null ? "*" : target.name()) + (target.path() == null ? "" : "/" + target.path())
                + " because no identity-based policy allows the " + target.iamAction() + " action (template.yaml: the "
                + request.function() + " role grants no " + target.iamAction() + " on "
                + (logical == null ? "a resource of that name" : logical) + ")";
        return new AwsError(400, "com.amazon.coral.service#AccessDeniedException",
                "sqs".equals(request.service()) ? "AccessDenied" : null, message);
    }

    private AwsError limits(AwsRequest request) {
        if (request.service() == null) {
            return null;
        }
        return switch (request.service()) {
            case "sqs" -> sqsLimits.check(request);
            case "dynamodb" -> dynamoDbLimits.check(request);
            default -> null;
        };
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, Headers headers, byte[] body, URI backend)
            throws IOException, InterruptedException {
        URI uri = URI.create(backend.toString().replaceAll("/$", "") + exchange.getRequestURI().toString());
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(FORWARD_TIMEOUT)
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (HOP_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String value : header.getValue()) {
                builder.header(header.getKey(), header.getKey().equalsIgnoreCase("Authorization")
                        ? CREDENTIAL.matcher(value).replaceFirst("Credential=" + BACKEND_KEY_ID + "/") : value);
            }
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Remembers receive times of receipt handles, forgets deleted ones. */
    private void observe(AwsRequest request, HttpResponse<byte[]> response) {
        if (!"sqs".equals(request.service()) || response.statusCode() != 200 || !request.isJson()) {
            return;
        }
        switch (request.action()) {
            case "ReceiveMessage" -> SqsLimits.receiptHandles(Json.parseOrNull(response.body()))
                    .forEach(receipts::received);
            case "DeleteMessage" -> {
                String handle = request.parameter("ReceiptHandle");
                if (handle != null) {
                    receipts.forget(handle);
                }
            }
            case "DeleteMessageBatch" -> request.json().path("Entries")
                    .forEach(e -> receipts.forget(e.path("ReceiptHandle").asText()));
            default -> {
            }
        }
    }

    private static void copy(HttpExchange exchange, HttpResponse<byte[]> response, byte[] body) throws IOException {
        Headers out = exchange.getResponseHeaders();
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_HEADERS.contains(lower) && !lower.equals(":status") && !lower.equals("date")) {
                out.put(name, new ArrayList<>(values));
            }
        });
        exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(body);
            }
        }
    }

    private static void respond(HttpExchange exchange, AwsRequest request, AwsError error) throws IOException {
        Headers out = exchange.getResponseHeaders();
        out.set("x-amzn-RequestId", UUID.randomUUID().toString());
        byte[] body;
        if (request.isJson() || !"sqs".equals(request.service())) {
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            out.set("Content-Type", contentType != null && contentType.startsWith("application/x-amz-json")
                    ? contentType : "application/x-amz-json-1.0");
            if (error.queryCode() != null) {
                out.set("x-amzn-query-error", error.queryCode() + ";Sender");
            }
            body = Json.write(Json.object().put("__type", error.type()).put("message", error.message()))
                    .getBytes(StandardCharsets.UTF_8);
        } else {
            out.set("Content-Type", "text/xml");
            String code = error.queryCode() != null ? error.queryCode() : error.code();
            body = ("<?xml version=\"1.0\"?><ErrorResponse><Error><Type>Sender</Type><Code>" + xml(code)
                    + "</Code><Message>" + xml(error.message()) + "</Message><Detail/></Error><RequestId>"
                    + UUID.randomUUID() + "</RequestId></ErrorResponse>").getBytes(StandardCharsets.UTF_8);
        }
        exchange.sendResponseHeaders(error.status(), body.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(body);
        }
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The error code a response carries ({@code __type}'s name, or the XML {@code Code}), null on success. */
    static String errorCode(HttpResponse<byte[]> response) {
        if (response.statusCode() < 400) {
            return null;
        }
        JsonNode json = Json.parseOrNull(response.body());
        if (json != null && json.hasNonNull("__type")) {
            String type = json.get("__type").asText();
            return type.substring(type.indexOf('#') + 1);
        }
        Matcher code = XML_CODE.matcher(new String(response.body(), StandardCharsets.UTF_8));
        if (code.find()) {
            return code.group(1);
        }
        return response.headers().firstValue("x-amzn-ErrorType").map(t -> t.split(":")[0]).orElse("HTTP" + response.statusCode());
    }

    private void record(AwsRequest request, String resource, int status, String errorCode) {
        // Bounded: a long run (a benchmark through the harness) keeps only the latest calls.
        if (callCount.incrementAndGet() > MAX_CALLS) {
            calls.poll();
            callCount.decrementAndGet();
        }
        calls.add(new AwsCall(request.keyId(), request.function(), request.service(), request.action(),
                resource.isEmpty() ? null : resource, status, errorCode));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
