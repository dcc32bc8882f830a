package dev.hookline.core.outbound.ssrf;

import java.net.InetAddress;
import java.util.List;

/**
 * A checked destination: the only addresses a request to this URL may connect to.
 *
 * @param host      the URL's host for the Host header, SNI and the certificate check: as written, except
 *                  that one trailing dot of a fully qualified name ({@code example.com.}) is dropped
 * @param addresses every address the host resolved to, each one checked; connect to these, never re-resolve
 */
public record Destination(String scheme, String host, int port, List<InetAddress> addresses) {
    public Destination {
        addresses = List.copyOf(addresses);
    }

    public boolean https() {
        return scheme.equals("https");
    }
}
