package dev.hookline.core.outbound.ssrf;

import java.util.Arrays;
import java.util.List;

/**
 * Address ranges no webhook may reach (IANA special-purpose registries, RFC 6890 and successors).
 * IPv6 is allowed only inside global unicast {@code 2000::/3}; forms that embed an IPv4 address
 * (IPv4-mapped, SIIT, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by that
 * IPv4 address; IPv4-compatible {@code ::/96} and Teredo are refused outright.
 */
final class SpecialAddresses {
    private record Range(Cidr cidr, String label) {
    }

    private static final List<Range> V4 = List.of(
            range("0.0.0.0/8", "unspecified/this network"),
            range("10.0.0.0/8", "private"),
            range("100.64.0.0/10", "carrier-grade NAT"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.0.0/16", "link-local (cloud metadata)"),
            range("172.16.0.0/12", "private"),
            range("192.0.0.0/24", "IETF protocol assignments"),
            range("192.0.2.0/24", "documentation"),
            range("192.88.99.0/24", "6to4 relay anycast"),
            range("192.168.0.0/16", "private"),
            range("198.18.0.0/15", "benchmarking"),
            range("198.51.100.0/24", "documentation"),
            range("203.0.113.0/24", "documentation"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved/broadcast"));

    private static final Cidr GLOBAL_UNICAST_V6 = Cidr.parse("2000::/3");
    private static final List<Range> V6 = List.of(
            range("::/128", "unspecified"),
            range("::1/128", "loopback"),
            range("::/96", "IPv4-compatible (deprecated)"),
            range("64:ff9b:1::/48", "local-use NAT64"),
            range("100::/64", "discard-only"),
            range("2001::/23", "IETF protocol assignments (Teredo, benchmarking, ORCHID)"),
            range("2001:db8::/32", "documentation"),
            range("3fff::/20", "documentation"),
            range("fc00::/7", "unique local (private)"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "site-local (deprecated)"),
            range("ff00::/8", "multicast"));

    private static final Cidr MAPPED = Cidr.parse("::ffff:0:0/96");
    private static final Cidr SIIT = Cidr.parse("::ffff:0:0:0/96");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    private SpecialAddresses() {
    }

    /** The IPv4 address an IPv6 address stands for (mapped, SIIT, NAT64, 6to4), or null. */
    static byte[] embeddedIpv4(byte[] address) {
        if (address.length != 16) {
            return null;
        }
        if (MAPPED.contains(address) || SIIT.contains(address) || NAT64.contains(address)) {
            return Arrays.copyOfRange(address, 12, 16);
        }
        if (SIX_TO_FOUR.contains(address)) {
            return Arrays.copyOfRange(address, 2, 6);
        }
        return null;
    }

    /** Why an address is refused, or null if it is public. */
    static String blockedReason(byte[] address) {
        if (address.length == 4) {
            for (Range r : V4) {
                if (r.cidr().contains(address)) {
                    return r.label();
                }
            }
            return null;
        }
        for (Range r : V6) {
            if (r.cidr().contains(address)) {
                return r.label();
            }
        }
        byte[] v4 = embeddedIpv4(address);
        if (v4 != null) {
            String reason = blockedReason(v4);
            return reason == null ? null : reason + " (embedded in IPv6)";
        }
        if (!GLOBAL_UNICAST_V6.contains(address)) {
            return "not global unicast IPv6";
        }
        return null;
    }

    private static Range range(String cidr, String label) {
        return new Range(Cidr.parse(cidr), label);
    }
}
