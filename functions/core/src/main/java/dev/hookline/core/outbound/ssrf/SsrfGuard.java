package dev.hookline.core.outbound.ssrf;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides where an outbound request may go, before any connection is opened. Only https (http
 * where allowed, as in local runs); the host, whether an IP literal in any spelling or a name, is
 * turned into addresses here and every one of them must be public or inside an explicitly allowed
 * network. The caller connects to the returned addresses only, so a DNS answer that changes
 * between this check and the connection (rebinding) cannot redirect the request.
 */
public final class SsrfGuard {
    /** Resolves a host name to addresses; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowHttp;
    private final List<Cidr> allowedNetworks;
    private final Resolver resolver;

    public SsrfGuard(boolean allowHttp, List<Cidr> allowedNetworks, Resolver resolver) {
        this.allowHttp = allowHttp;
        this.allowedNetworks = List.copyOf(allowedNetworks);
        this.resolver = resolver;
    }

    /** The default: https only, no private network allowed, the system resolver. */
    /** Whether {@code http://} URLs pass (local runs), so a registration check can say the same. */
    public boolean allowsHttp() {
        return allowHttp;
    }

    public static SsrfGuard strict() {
        return new SsrfGuard(false, List.of(), boundedResolver(DNS_TIMEOUT));
    }

    public static SsrfGuard of(boolean allowHttp, List<String> allowedCidrs) {
        return new SsrfGuard(allowHttp, allowedCidrs.stream().map(Cidr::parse).toList(),
                boundedResolver(DNS_TIMEOUT));
    }

    /** The system resolver can stall for many seconds; a delivery waits this long at most for DNS. */
    static final Duration DNS_TIMEOUT = Duration.ofSeconds(3);
    private static final ExecutorService DNS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hookline-dns");
        t.setDaemon(true);
        return t;
    });

    /** The system resolver, given up on after {@code timeout} (the lookup itself runs on until the OS ends it). */
    public static Resolver boundedResolver(Duration timeout) {
        return host -> {
            Future<InetAddress[]> lookup = DNS.submit(() -> InetAddress.getAllByName(host));
            try {
                return lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                lookup.cancel(true);
                throw new UnknownHostException("DNS lookup took longer than " + timeout.toSeconds() + " s");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownHostException unknown) {
                    throw unknown;
                }
                throw new UnknownHostException("DNS lookup failed");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnknownHostException("DNS lookup interrupted");
            }
        };
    }

    /**
     * Checks a URL and returns the addresses a request may connect to.
     *
     * @throws BlockedDestinationException the URL is refused: a permanent failure
     * @throws UnknownHostException        the host name does not resolve now: worth a retry
     */
    public Destination check(URI uri) throws BlockedDestinationException, UnknownHostException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new BlockedDestinationException("scheme '" + scheme + "' is not allowed (https"
                    + (allowHttp ? " or http" : " only") + ")");
        }
        if (uri.getRawUserInfo() != null) {
            throw new BlockedDestinationException("URLs with credentials are not allowed");
        }
        // java.net.URI leaves getHost() null for hosts it does not parse (127.1, 0x7f.0.0.1, a_b.example):
        // read the authority ourselves so every spelling gets the same scrutiny.
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new BlockedDestinationException("the URL has no host");
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new BlockedDestinationException("the URL's IPv6 host is not closed by ]");
            }
            host = authority.substring(0, close + 1);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new BlockedDestinationException("unexpected text after the IPv6 host");
                }
                portText = after.substring(1);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        int port;
        if (portText == null || portText.isEmpty()) {
            port = scheme.equals("https") ? 443 : 80;
        } else if (!portText.matches("\\d{1,5}")) {
            throw new BlockedDestinationException("port is not a number");
        } else {
            port = Integer.parseInt(portText);
        }
        if (port < 1 || port > 65535) {
            throw new BlockedDestinationException("port " + port + " is not valid");
        }
        if (host.isEmpty() || host.indexOf('%') >= 0) {
            throw new BlockedDestinationException("host is empty or carries an escape or zone id");
        }
        List<InetAddress> addresses = new ArrayList<>();
        switch (HostLiterals.classify(host)) {
            case HostLiterals.Literal literal -> addresses.add(Cidr.toAddress(literal.address()));
            case HostLiterals.Malformed malformed -> throw new BlockedDestinationException(
                    "host is " + malformed.reason());
            case HostLiterals.Name name -> {
                InetAddress[] resolved;
                try {
                    resolved = resolver.resolve(name.name());
                } catch (UnknownHostException e) {
                    // Not a refusal: DNS may be down for a moment, so the caller retries.
                    throw new UnknownHostException("host '" + name.name() + "' does not resolve");
                }
                if (resolved == null || resolved.length == 0) {
                    throw new UnknownHostException("host '" + name.name() + "' does not resolve");
                }
                addresses.addAll(List.of(resolved));
            }
        }
        for (InetAddress address : addresses) {
            String reason = blockedReason(address.getAddress());
            if (reason != null) {
                throw new BlockedDestinationException("host '" + host + "' resolves to a " + reason
                        + " address, which is not allowed");
            }
        }
        // "example.com." is the same fully qualified name as "example.com" (RFC 1034 section 3.1), and the
        // resolver was asked for it without the dot (HostLiterals). SNI forbids the trailing dot (RFC 6066
        // section 3: "the hostname is represented ... without a trailing dot") and certificates never carry
        // it, so the request goes on with the name as certificates spell it, Host header included.
        String requestHost = !host.startsWith("[") && host.length() > 1 && host.endsWith(".")
                ? host.substring(0, host.length() - 1) : host;
        return new Destination(scheme, requestHost, port, addresses);
    }

    /** Why this address is refused under this guard's allowances, or null if a request may go there. */
    public String blockedReason(byte[] address) {
        if (allowed(address)) {
            return null;
        }
        byte[] embedded = SpecialAddresses.embeddedIpv4(address);
        if (embedded != null && allowed(embedded)) {
            return null;
        }
        return SpecialAddresses.blockedReason(address);
    }

    private boolean allowed(byte[] address) {
        for (Cidr cidr : allowedNetworks) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
