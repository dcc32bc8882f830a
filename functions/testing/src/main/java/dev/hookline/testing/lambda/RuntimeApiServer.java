package dev.hookline.testing.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API (version 2018-06-01) as a function's runtime sees it, on a loopback port:
 * {@code GET /runtime/invocation/next}, {@code POST /runtime/invocation/{id}/response} and
 * {@code /error}, {@code POST /runtime/init/error}, and SnapStart's {@code GET /runtime/restore/next}
 * and {@code POST /runtime/restore/error}. Reference:
 * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html (and runtimes-custom.html).
 *
 * <p>The next-invocation answer carries every header Lambda sends: the request id, the deadline,
 * the invoked function's ARN and the X-Ray trace header (the runtime interface client's native
 * part crashes the JVM without it), plus the client context and Cognito identity when the
 * invocation has them. An invocation whose runtime posts nothing back, because init failed or the
 * process exited, ends with the error type Lambda reports for those cases.
 */
public final class RuntimeApiServer implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime/";
    /** Synchronous invocations: 6 MB response payload (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). */
    static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Pending(String requestId, Invocation invocation, CompletableFuture<InvocationResult> result) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String functionArn;
    private final Duration timeout;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private volatile String terminalError;
    private volatile boolean closed;

    private RuntimeApiServer(String functionArn, Duration timeout) {
        this.functionArn = functionArn;
        this.timeout = timeout;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "runtime-api");
            thread.setDaemon(true);
            return thread;
        });
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Runtime API's port", e);
        }
        server.createContext(PREFIX, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * @param functionArn the ARN the next-invocation answer names
     * @param timeout     the function's timeout: each invocation's deadline is this far from when it is handed out
     */
    public static RuntimeApiServer start(String functionArn, Duration timeout) {
        return new RuntimeApiServer(functionArn, timeout);
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an invocation; the future completes with what the runtime posts back. */
    public CompletableFuture<InvocationResult> submit(Invocation invocation) {
        Pending pending = new Pending(UUID.randomUUID().toString(), invocation, new CompletableFuture<>());
        String error = terminalError;
        if (error != null) {
            pending.result().complete(new InvocationResult(pending.requestId(), null, error, initError.getNow(null)));
            return pending.result();
        }
        queue.add(pending);
        return pending.result();
    }

    /** The error document of {@code /init/error} or {@code /restore/error}, once posted. */
    public CompletableFuture<String> initError() {
        return initError;
    }

    /** Every request the runtime made, as {@code METHOD path}, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /**
     * The function's process ended: whatever is queued or running ends with {@code Runtime.ExitError}
     * (or the init error's type when init had failed), as Lambda reports an environment that exits.
     */
    public void processExited(int exitCode) {
        if (terminalError == null) {
            terminalError = "Runtime.ExitError";
        }
        String detail = initError.getNow("{\"errorMessage\":\"process exited with status " + exitCode + "\"}");
        failAll(terminalError, detail);
    }

    private void failAll(String type, String detail) {
        for (Pending pending : inFlight.values()) {
            pending.result().complete(new InvocationResult(pending.requestId(), null, type, detail));
        }
        Pending queued;
        while ((queued = queue.poll()) != null) {
            queued.result().complete(new InvocationResult(queued.requestId(), null, type, detail));
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            requests.add(method + " " + path);
            String rest = path.substring(PREFIX.length());
            byte[] body = readBody(exchange.getRequestBody());
            if ("GET".equals(method) && rest.equals("invocation/next")) {
                next(exchange);
            } else if ("POST".equals(method) && rest.startsWith("invocation/") && rest.endsWith("/response")) {
                respond(exchange, rest.substring("invocation/".length(), rest.length() - "/response".length()), body);
            } else if ("POST".equals(method) && rest.startsWith("invocation/") && rest.endsWith("/error")) {
                invocationError(exchange, rest.substring("invocation/".length(), rest.length() - "/error".length()), body);
            } else if ("POST".equals(method) && (rest.equals("init/error") || rest.equals("restore/error"))) {
                String type = errorType(exchange, body, "Runtime.Unknown");
                terminalError = type;
                initError.complete(new String(body, StandardCharsets.UTF_8));
                failAll(type, new String(body, StandardCharsets.UTF_8));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if ("GET".equals(method) && rest.equals("restore/next")) {
                // SnapStart: the snapshot would be taken here; answering restores the environment at once.
                send(exchange, 200, "");
            } else {
                send(exchange, 404, "{\"errorMessage\":\"unknown path\",\"errorType\":\"InvalidRequest\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        Pending pending = null;
        try {
            while (pending == null && !closed) {
                pending = queue.poll(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pending == null) {
            send(exchange, 500, "{\"errorMessage\":\"runtime API closed\",\"errorType\":\"ServiceException\"}");
            return;
        }
        inFlight.put(pending.requestId(), pending);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", pending.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + timeout.toMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", traceHeader());
        if (pending.invocation().clientContext() != null) {
            headers.set("Lambda-Runtime-Client-Context", pending.invocation().clientContext());
        }
        if (pending.invocation().cognitoIdentity() != null) {
            headers.set("Lambda-Runtime-Cognito-Identity", pending.invocation().cognitoIdentity());
        }
        send(exchange, 200, pending.invocation().payload());
    }

    private void respond(HttpExchange exchange, String requestId, byte[] body) throws IOException {
        Pending pending = inFlight.remove(requestId);
        if (pending == null) {
            send(exchange, 400, "{\"errorMessage\":\"unknown request id\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        if (body.length > MAX_RESPONSE_BYTES) {
            // Lambda refuses the response and the caller gets an error instead of a truncated payload.
            pending.result().complete(new InvocationResult(requestId, null, "Function.ResponseSizeTooLarge",
                    "{\"errorMessage\":\"Response payload size exceeded maximum allowed payload size (6291556 bytes).\"}"));
            send(exchange, 413, "{\"errorMessage\":\"payload too large\",\"errorType\":\"RequestEntityTooLarge\"}");
            return;
        }
        pending.result().complete(new InvocationResult(requestId, new String(body, StandardCharsets.UTF_8), null, null));
        send(exchange, 202, "{\"status\":\"OK\"}");
    }

    private void invocationError(HttpExchange exchange, String requestId, byte[] body) throws IOException {
        Pending pending = inFlight.remove(requestId);
        if (pending == null) {
            send(exchange, 400, "{\"errorMessage\":\"unknown request id\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        pending.result().complete(new InvocationResult(requestId, null, errorType(exchange, body, "Unhandled"),
                new String(body, StandardCharsets.UTF_8)));
        send(exchange, 202, "{\"status\":\"OK\"}");
    }

    /** The {@code Lambda-Runtime-Function-Error-Type} header, else the body's {@code errorType}. */
    private static String errorType(HttpExchange exchange, byte[] body, String fallback) {
        String header = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        if (header != null && !header.isBlank()) {
            return header;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        int key = text.indexOf("\"errorType\"");
        if (key >= 0) {
            int start = text.indexOf('"', text.indexOf(':', key) + 1);
            int end = start < 0 ? -1 : text.indexOf('"', start + 1);
            if (end > start) {
                return text.substring(start + 1, end);
            }
        }
        return fallback;
    }

    /** An X-Ray trace header as Lambda formats it: {@code Root=1-<epoch hex>-<96 random bits>;Parent=..;Sampled=0}. */
    private static String traceHeader() {
        byte[] root = new byte[12];
        byte[] parent = new byte[8];
        RANDOM.nextBytes(root);
        RANDOM.nextBytes(parent);
        HexFormat hex = HexFormat.of();
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex.formatHex(root)
                + ";Parent=" + hex.formatHex(parent) + ";Sampled=0";
    }

    private static byte[] readBody(InputStream in) throws IOException {
        // The request bodies here are the function's responses: bounded a little above Lambda's limit.
        byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
        in.skip(Long.MAX_VALUE);
        return body;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        failAll("Runtime.ExitError", "{\"errorMessage\":\"runtime API closed\"}");
        server.stop(0);
        executor.shutdownNow();
    }
}
