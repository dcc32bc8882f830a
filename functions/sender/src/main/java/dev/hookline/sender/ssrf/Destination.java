package dev.hookline.sender.ssrf;

import java.net.InetAddress;
import java.util.List;

/**
 * A checked destination: the only addresses a request to this URL may connect to.
 *
 * @param host      the URL's host as written (for the Host header, SNI and certificate checks)
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
