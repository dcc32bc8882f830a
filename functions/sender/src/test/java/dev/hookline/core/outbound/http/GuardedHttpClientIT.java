package dev.hookline.core.outbound.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.hookline.core.outbound.ssrf.Cidr;
import dev.hookline.core.outbound.ssrf.SsrfGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP client against real sockets on loopback: the guard, limits, timeouts and TLS validation. */
class GuardedHttpClientIT {
    private static final Map<String, String> HEADERS = Map.of("webhook-id", "msg_1");
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    private static GuardedHttpClient client(SsrfGuard guard, Duration total) {
        return new GuardedHttpClient(guard, Duration.ofSeconds(1), total,
                (SSLSocketFactory) SSLSocketFactory.getDefault(), "hookline/test");
    }

    /** A listener on every local address that counts connections and answers 200 to anything. */
    private static final class CountingListener implements AutoCloseable {
        final ServerSocket server;
        final AtomicInteger accepted = new AtomicInteger();
        final Thread thread;

        CountingListener() throws IOException {
            server = new ServerSocket(0, 50);
            thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        accepted.incrementAndGet();
                        readRequest(s);
                        s.getOutputStream().write(
                                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void strictGuardRefusesEveryLoopbackFormWithoutOpeningAConnection() throws Exception {
        try (CountingListener listener = new CountingListener()) {
            GuardedHttpClient strict = client(SsrfGuard.strict(), Duration.ofSeconds(2));
            int p = listener.port();
            for (String host : List.of("127.0.0.1", "2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "127.1",
                    "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::127.0.0.1]", "[64:ff9b::7f00:1]",
                    "[2002:7f00:1::]", "0.0.0.0", "0", "[::]", "localhost")) {
                HttpResult result = strict.post(URI.create("https://" + host + ":" + p + "/hook"), HEADERS, BODY);
                assertTrue(result.blocked(), host + " was not refused: " + result);
                assertEquals(0, result.statusCode());
            }
            HttpResult plain = strict.post(URI.create("http://127.0.0.1:" + p + "/"), HEADERS, BODY);
            assertTrue(plain.blocked(), "http refused by default");
            // A control: the listener does count connections when the guard lets one through.
            HttpResult allowed = client(SsrfGuard.of(true, List.of("127.0.0.0/8")), Duration.ofSeconds(2))
                    .post(URI.create("http://127.0.0.1:" + p + "/"), HEADERS, BODY);
            assertEquals(200, allowed.statusCode(), String.valueOf(allowed));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (listener.accepted.get() < 1 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals(1, listener.accepted.get(), "only the allowed request connected");
        }
    }

    @Test
    void readsAtMostOneKibOfTheResponseBody() throws Exception {
        String big = "x".repeat(5000);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = serveOnce(server, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5000\r\n\r\n" + big);
            HttpResult result = client(SsrfGuard.of(true, List.of("127.0.0.0/8")), Duration.ofSeconds(3))
                    .post(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"), HEADERS, BODY);
            assertEquals(500, result.statusCode());
            assertEquals(1024, result.responseBody().length());
            t.join(2000);
        }
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String chunked = "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\nRetry-After: 30\r\n\r\n"
                    + "10\r\n0123456789abcdef\r\n" + Integer.toHexString(4000) + "\r\n" + "y".repeat(4000) + "\r\n0\r\n\r\n";
            Thread t = serveOnce(server, chunked);
            HttpResult result = client(SsrfGuard.of(true, List.of("127.0.0.0/8")), Duration.ofSeconds(3))
                    .post(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"), HEADERS, BODY);
            assertEquals(503, result.statusCode());
            assertEquals("30", result.retryAfter());
            assertEquals(1024, result.responseBody().length());
            assertTrue(result.responseBody().startsWith("0123456789abcdefyyy"));
            t.join(2000);
        }
    }

    @Test
    void serverThatTricklesBytesIsCutOffAtTheTotalTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 50; i++) { // one header byte every 100 ms: never idle long enough to time out
                        out.write('X');
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException ignored) {
                    // the client hung up, as it should
                }
            });
            t.setDaemon(true);
            t.start();
            HttpResult result = client(SsrfGuard.of(true, List.of("127.0.0.0/8")), Duration.ofSeconds(1))
                    .post(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"), HEADERS, BODY);
            assertEquals(0, result.statusCode());
            assertTrue(result.error().startsWith("timeout"), result.error());
            assertFalse(result.blocked());
        }
    }

    @Test
    void refusesUntrustedCertificate(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("self-signed.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "test", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertEquals(0, keytool.waitFor());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        AtomicInteger handled = new AtomicInteger();
        server.createContext("/", exchange -> {
            handled.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            HttpResult result = client(SsrfGuard.of(false, List.of("127.0.0.0/8")), Duration.ofSeconds(3))
                    .post(URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/hook"), HEADERS, BODY);
            assertEquals(0, result.statusCode());
            assertTrue(result.error().startsWith("tls:"), result.error());
            assertEquals(0, handled.get(), "no request reached a server whose certificate is not trusted");
        } finally {
            server.stop(0);
        }
    }

    /**
     * A fully qualified name with its trailing dot: resolved, SNI and certificate check on the name without
     * the dot, so a delivery reaches the endpoint (the JDK refuses an SNI name ending in a dot).
     */
    @Test
    void trailingDotHostIsSentWithoutTheDotForSniHostAndCertificate(@TempDir Path dir) throws Exception {
        KeyStore ks = selfSigned(dir, "CN=hooks.example", "SAN=dns:hooks.example");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        java.util.List<String> hosts = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.createContext("/", exchange -> {
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        SsrfGuard guard = new SsrfGuard(false, List.of(Cidr.parse("127.0.0.0/8")), host -> {
            asked.add(host);
            return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
        });
        try {
            int port = server.getAddress().getPort();
            HttpResult result = new GuardedHttpClient(guard, Duration.ofSeconds(1), Duration.ofSeconds(3),
                    clientContext.getSocketFactory(), "hookline/test")
                    .post(URI.create("https://hooks.example.:" + port + "/hook"), HEADERS, BODY);
            assertEquals(204, result.statusCode(), String.valueOf(result.error()));
            assertEquals(List.of("hooks.example"), asked);
            assertEquals(List.of("hooks.example:" + port), hosts);
        } finally {
            server.stop(0);
        }
    }

    private static KeyStore selfSigned(Path dir, String dname, String san) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "test", "-keyalg", "EC", "-dname", dname, "-ext", san,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertEquals(0, keytool.waitFor());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }

    @Test
    void returnsRedirectWithoutFollowingIt() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = serveOnce(server, "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://169.254.169.254/\r\n"
                    + "Content-Length: 0\r\n\r\n");
            HttpResult result = client(SsrfGuard.of(true, List.of("127.0.0.0/8")), Duration.ofSeconds(2))
                    .post(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/a?b=c"), HEADERS, BODY);
            assertEquals(307, result.statusCode());
            assertNull(result.error());
            t.join(2000);
        }
    }

    /** Reads one request with the 2-byte test body: the head up to the blank line, then the body. */
    private static void readRequest(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder seen = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            seen.append((char) c);
            if (seen.length() >= 6 && seen.substring(seen.length() - 6).equals("\r\n\r\n{}")) {
                return;
            }
        }
    }

    private static Thread serveOnce(ServerSocket server, String response) {
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                readRequest(s);
                s.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException ignored) {
                // the client may close early after its 1 KiB
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
