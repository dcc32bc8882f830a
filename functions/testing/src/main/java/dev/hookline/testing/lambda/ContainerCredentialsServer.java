package dev.hookline.testing.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The credentials endpoint a SnapStart function gets instead of key variables: Lambda sets
 * {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}, and
 * the SDK fetches the role's credentials from that URI with the token in the {@code Authorization}
 * header (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials;
 * the SDK side: https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html).
 * It answers {@code {AccessKeyId, SecretAccessKey, Token, Expiration}} to the right token and 401
 * to anything else, and counts both, so a test can tell the function really asked.
 */
public final class ContainerCredentialsServer implements AutoCloseable {
    private static final String PATH = "/2018-06-01/credentials";

    private final HttpServer server;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final String authorizationToken;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private ContainerCredentialsServer(String accessKeyId, String secretAccessKey, String sessionToken) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        byte[] token = new byte[24];
        new SecureRandom().nextBytes(token);
        this.authorizationToken = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the credentials endpoint's port", e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves these credentials to whoever presents the token this server generates. */
    public static ContainerCredentialsServer start(String accessKeyId, String secretAccessKey, String sessionToken) {
        return new ContainerCredentialsServer(accessKeyId, secretAccessKey, sessionToken);
    }

    /** The value of {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} (loopback http, which the SDKs accept). */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** The value of {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}. */
    public String authorizationToken() {
        return authorizationToken;
    }

    /** Requests answered with credentials. */
    public int served() {
        return served.get();
    }

    /** Requests refused (wrong path or missing or wrong token). */
    public int refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String presented = exchange.getRequestHeaders().getFirst("Authorization");
            boolean tokenOk = presented != null && MessageDigest.isEqual(
                    presented.getBytes(StandardCharsets.UTF_8), authorizationToken.getBytes(StandardCharsets.UTF_8));
            if (!"GET".equals(exchange.getRequestMethod()) || !PATH.equals(exchange.getRequestURI().getPath())
                    || !tokenOk) {
                refused.incrementAndGet();
                send(exchange, 401, "{\"message\":\"unauthorized\"}");
                return;
            }
            served.incrementAndGet();
            // Role credentials last about an hour; the SDK refreshes them a few minutes before expiry.
            Instant expiration = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
            send(exchange, 200, "{\"AccessKeyId\":\"" + accessKeyId + "\",\"SecretAccessKey\":\"" + secretAccessKey
                    + "\",\"Token\":\"" + sessionToken + "\",\"Expiration\":\"" + expiration + "\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
