package dev.hookline.core.outbound.http;

import dev.hookline.core.outbound.ssrf.BlockedDestinationException;
import dev.hookline.core.outbound.ssrf.Destination;
import dev.hookline.core.outbound.ssrf.HostLiterals;
import dev.hookline.core.outbound.ssrf.SsrfGuard;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal HTTP/1.1 client for webhook POSTs, written on plain sockets so the SSRF guard's
 * decision is the connection: the host is resolved and checked once by {@link SsrfGuard}, and the
 * socket connects to one of those checked addresses (no second DNS lookup, so no rebinding
 * window). The JDK's HttpClient and HttpURLConnection resolve the host themselves and offer no
 * way to pin the address, which is why they are not used here.
 *
 * <p>TLS: the JDK's default trust store validates the chain and the {@code HTTPS} endpoint
 * identification algorithm checks the certificate against the URL's host (SNI is sent for
 * names). Redirects are never followed (a 3xx is returned as is). At most 1 KiB of the body is
 * read. A watchdog closes the socket when the total timeout passes, so a server that trickles
 * bytes cannot hold a delivery past it.
 */
public final class GuardedHttpClient implements HttpSender {
    public static final int MAX_BODY_BYTES = 1024;
    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hookline-http-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final SsrfGuard guard;
    private final Duration connectTimeout;
    private final Duration totalTimeout;
    private final SSLSocketFactory tls;
    private final String userAgent;

    public GuardedHttpClient(SsrfGuard guard, Duration connectTimeout, Duration totalTimeout, SSLSocketFactory tls,
                             String userAgent) {
        this.guard = guard;
        this.connectTimeout = connectTimeout;
        this.totalTimeout = totalTimeout;
        this.tls = tls;
        this.userAgent = userAgent;
    }

    /** Connect ~3 s, total ~10 s (DESIGN §4), the JDK's default trust store. */
    public static GuardedHttpClient standard(SsrfGuard guard, String userAgent) {
        return new GuardedHttpClient(guard, Duration.ofSeconds(3), Duration.ofSeconds(10),
                (SSLSocketFactory) SSLSocketFactory.getDefault(), userAgent);
    }

    @Override
    public HttpResult post(URI url, Map<String, String> headers, byte[] body) {
        long start = System.nanoTime();
        long deadline = start + totalTimeout.toNanos();
        Destination destination;
        try {
            destination = guard.check(url);
        } catch (BlockedDestinationException e) {
            return HttpResult.refused("blocked by SSRF guard: " + e.getMessage());
        } catch (UnknownHostException e) {
            return HttpResult.failure("dns: " + e.getMessage(), millisSince(start));
        }
        byte[] head;
        try {
            head = requestHead(url, destination, headers, body.length);
        } catch (IllegalArgumentException e) {
            return HttpResult.refused(e.getMessage());
        }
        Socket socket = null;
        ScheduledFuture<?> watchdog = null;
        try {
            socket = connect(destination, deadline);
            Socket toClose = socket;
            watchdog = WATCHDOG.schedule(() -> closeQuietly(toClose), remainingNanos(deadline), TimeUnit.NANOSECONDS);
            if (destination.https()) {
                socket = startTls(socket, destination);
            }
            InputStream in = new BufferedInputStream(socket.getInputStream());
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head);
                out.write(body);
                out.flush();
            } catch (IOException writeFailed) {
                // A server may answer early (413, say) and close before reading all of the body: its answer counts.
                try {
                    return readResponse(socket, in, deadline, start);
                } catch (IOException noResponse) {
                    throw writeFailed;
                }
            }
            return readResponse(socket, in, deadline, start);
        } catch (SocketTimeoutException e) {
            return HttpResult.failure("timeout after " + millisSince(start) + " ms", millisSince(start));
        } catch (SSLException e) {
            return HttpResult.failure(System.nanoTime() >= deadline ? "timeout after " + millisSince(start) + " ms"
                    : "tls: " + shortMessage(e), millisSince(start));
        } catch (IOException e) {
            return HttpResult.failure(System.nanoTime() >= deadline ? "timeout after " + millisSince(start) + " ms"
                    : "network: " + shortMessage(e), millisSince(start));
        } catch (RuntimeException e) {
            // Anything else setting up the request (TLS parameters, a JDK check on the name) is a failure of this
            // attempt to this endpoint, retried and counted like one, never an exception that ends the delivery
            // without a recorded reason.
            return HttpResult.failure("request: " + shortMessage(e), millisSince(start));
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            closeQuietly(socket);
        }
    }

    /** Tries each checked address in turn; the connect timeout applies to each, within the total. */
    private Socket connect(Destination destination, long deadline) throws IOException {
        IOException last = null;
        for (InetAddress address : destination.addresses()) {
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(remainingNanos(deadline));
            if (remainingMillis <= 0) {
                break;
            }
            Socket socket = new Socket(Proxy.NO_PROXY);
            try {
                socket.connect(new InetSocketAddress(address, destination.port()),
                        (int) Math.max(1, Math.min(connectTimeout.toMillis(), remainingMillis)));
                socket.setTcpNoDelay(true);
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                last = e;
            }
        }
        throw last != null ? last : new SocketTimeoutException("no time left to connect");
    }

    private Socket startTls(Socket plain, Destination destination) throws IOException {
        String host = hostWithoutBrackets(destination.host());
        SSLSocket ssl = (SSLSocket) tls.createSocket(plain, host, destination.port(), true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (HostLiterals.classify(destination.host()) instanceof HostLiterals.Name) {
            params.setServerNames(List.of(new SNIHostName(host)));
        }
        params.setApplicationProtocols(new String[] {"http/1.1"});
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        return ssl;
    }

    private byte[] requestHead(URI url, Destination destination, Map<String, String> headers, int length) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        boolean defaultPort = destination.port() == (destination.https() ? 443 : 80);
        StringBuilder head = new StringBuilder(512);
        head.append("POST ").append(path).append(" HTTP/1.1\r\n");
        header(head, "host", defaultPort ? destination.host() : destination.host() + ":" + destination.port());
        header(head, "user-agent", userAgent);
        header(head, "content-type", "application/json");
        header(head, "content-length", Integer.toString(length));
        header(head, "accept", "*/*");
        header(head, "connection", "close");
        headers.forEach((name, value) -> header(head, name, value));
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void header(StringBuilder head, String name, String value) {
        if (!name.matches("[A-Za-z0-9\\-]+") || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header '" + name + "' has characters HTTP does not allow");
        }
        head.append(name).append(": ").append(value).append("\r\n");
    }

    private HttpResult readResponse(Socket socket, InputStream in, long deadline, long start) throws IOException {
        while (true) {
            socket.setSoTimeout(soTimeout(deadline));
            String statusLine = readLine(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
                return HttpResult.failure("protocol: not an HTTP/1.x status line", millisSince(start));
            }
            int status = Integer.parseInt(parts[1]);
            String retryAfter = null;
            long contentLength = -1;
            boolean chunked = false;
            int headerBytes = 0;
            String line;
            while (!(line = readLine(in)).isEmpty()) {
                headerBytes += line.length();
                if (headerBytes > MAX_HEADER_BYTES) {
                    return HttpResult.failure("protocol: response headers too large", millisSince(start));
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                switch (name) {
                    case "retry-after" -> retryAfter = value;
                    case "content-length" -> {
                        try {
                            contentLength = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            contentLength = -1;
                        }
                    }
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    default -> {
                    }
                }
            }
            if (status >= 100 && status < 200) {
                continue; // interim response (100 Continue, 103 Early Hints): the real one follows
            }
            String body;
            if (status == 204 || status == 304) {
                body = "";
            } else if (chunked) {
                body = readChunked(in, socket, deadline);
            } else {
                body = readLimited(in, socket, deadline, contentLength < 0 ? MAX_BODY_BYTES
                        : (int) Math.min(contentLength, MAX_BODY_BYTES));
            }
            return HttpResult.response(status, millisSince(start), retryAfter, body);
        }
    }

    private static String readLimited(InputStream in, Socket socket, long deadline, int max) throws IOException {
        return new String(readBytes(in, socket, deadline, max), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(InputStream in, Socket socket, long deadline, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(16, max));
        byte[] buffer = new byte[MAX_BODY_BYTES];
        while (out.size() < max) {
            socket.setSoTimeout(soTimeout(deadline));
            int n = in.read(buffer, 0, Math.min(buffer.length, max - out.size()));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static String readChunked(InputStream in, Socket socket, long deadline) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(MAX_BODY_BYTES);
        while (out.size() < MAX_BODY_BYTES) {
            socket.setSoTimeout(soTimeout(deadline));
            String sizeLine = readLine(in);
            int semicolon = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (size <= 0) {
                break;
            }
            int want = Math.min(size, MAX_BODY_BYTES - out.size());
            byte[] chunk = readBytes(in, socket, deadline, want);
            out.writeBytes(chunk);
            if (want < size || chunk.length < want) {
                break; // the first 1 KiB is all we keep; the rest is never read
            }
            readLine(in);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("response line longer than " + MAX_LINE + " bytes");
            }
            line.write(c);
        }
        throw new IOException("connection closed before the response was complete");
    }

    private static int soTimeout(long deadline) throws SocketTimeoutException {
        long millis = TimeUnit.NANOSECONDS.toMillis(remainingNanos(deadline));
        if (millis <= 0) {
            throw new SocketTimeoutException("total timeout reached");
        }
        return (int) Math.min(Integer.MAX_VALUE, millis);
    }

    private static long remainingNanos(long deadline) {
        return deadline - System.nanoTime();
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static String hostWithoutBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Exception text without stack or internals, short enough for the delivery log. */
    private static String shortMessage(Exception e) {
        String message = e.getMessage();
        String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is best effort; the socket is abandoned either way
            }
        }
    }
}
