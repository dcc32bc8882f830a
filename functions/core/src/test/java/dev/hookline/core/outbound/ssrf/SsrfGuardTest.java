package dev.hookline.core.outbound.ssrf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SsrfGuardTest {
    private final SsrfGuard strict = SsrfGuard.strict();

    @ParameterizedTest
    @ValueSource(strings = {
            // loopback in every IPv4 spelling a resolver accepts
            "https://127.0.0.1/", "https://2130706433/", "https://0177.0.0.1/", "https://0x7f.0.0.1/",
            "https://0x7f000001/", "https://017700000001/", "https://127.1/", "https://127.0.1/",
            "https://0x7f.1/", "https://127.0.0.1./", "https://127.255.255.254:8443/x",
            // loopback and unspecified in IPv6, mapped, compatible, NAT64, SIIT and 6to4 forms
            "https://[::1]/", "https://[0:0:0:0:0:0:0:1]/", "https://[::ffff:127.0.0.1]/", "https://[::ffff:7f00:1]/",
            "https://[0:0:0:0:0:ffff:127.0.0.1]/", "https://[::127.0.0.1]/", "https://[::7f00:1]/",
            "https://[64:ff9b::127.0.0.1]/", "https://[64:ff9b::a9fe:a9fe]/", "https://[::ffff:0:a9fe:a9fe]/",
            "https://[2002:7f00:1::]/", "https://[2002:a9fe:a9fe::1]/", "https://[::]/", "https://0.0.0.0/",
            "https://0/",
            // private, CGNAT, link-local / metadata, ULA, multicast, broadcast, reserved
            "https://10.0.0.1/", "https://012.0.0.1/", "https://172.16.5.4/", "https://172.31.255.255/",
            "https://192.168.1.1/", "https://100.64.0.1/", "https://100.127.255.254/", "https://169.254.169.254/",
            "https://2852039166/", "https://0xa9fea9fe/", "https://[fd00:ec2::254]/", "https://[fe80::1]/",
            "https://[fc00::1]/", "https://[fd12:3456::1]/", "https://224.0.0.1/", "https://239.255.255.250/",
            "https://[ff02::1]/", "https://255.255.255.255/", "https://240.0.0.1/", "https://198.18.0.1/",
            "https://192.0.0.170/", "https://[2001:db8::1]/", "https://[2001::1]/", "https://[fec0::1]/",
            "https://[100::1]/",
            // a name that resolves to loopback
            "https://localhost/", "https://LOCALHOST:8443/",
            // numeric-looking but invalid: refused, never sent to DNS
            "https://256.0.0.1/", "https://08.0.0.1/", "https://1.2.3.4.5/", "https://0x1g.0.0.1/",
            // zone ids, credentials, other schemes
            "https://[fe80::1%25eth0]/", "https://user:pass@example.com/", "http://example.com/",
            "ftp://example.com/", "file:///etc/passwd"})
    void refusesBlockedDestinations(String url) {
        assertThrows(BlockedDestinationException.class, () -> strict.check(URI.create(url)), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.216.34/", "https://1.1.1.1:8443/hook", "https://[2606:4700:4700::1111]/",
            "https://[64:ff9b::808:808]/", "https://[::ffff:8.8.8.8]/", "https://134744072/", "https://0x08080808/"})
    void allowsPublicAddressLiteralsWithoutDns(String url) throws Exception {
        Destination d = strict.check(URI.create(url));
        assertEquals(1, d.addresses().size());
        assertTrue(d.https());
    }

    @Test
    void readsEveryLiteralSpellingAsTheSameAddress() throws Exception {
        SsrfGuard loopbackAllowed = new SsrfGuard(false, List.of(Cidr.parse("127.0.0.0/8")), host -> {
            throw new UnknownHostException(host);
        });
        for (String host : List.of("127.0.0.1", "2130706433", "0177.0.0.1", "0x7f.0.0.1", "127.1", "0x7f000001")) {
            Destination d = loopbackAllowed.check(URI.create("https://" + host + ":9/"));
            assertEquals(InetAddress.getByName("127.0.0.1"), d.addresses().get(0), host);
            assertEquals(9, d.port());
        }
    }

    @Test
    void allowsListedPrivateNetworksOnly() throws Exception {
        SsrfGuard guard = SsrfGuard.of(true, List.of("10.1.0.0/16", "127.0.0.0/8", "fd00::/8"));
        guard.check(URI.create("http://10.1.2.3/"));
        guard.check(URI.create("https://[fd00::5]/"));
        guard.check(URI.create("https://[::ffff:127.0.0.1]:8080/"));
        guard.check(URI.create("http://localhost:8080/"));
        assertThrows(BlockedDestinationException.class, () -> guard.check(URI.create("http://10.2.0.1/")));
        assertThrows(BlockedDestinationException.class, () -> guard.check(URI.create("http://169.254.169.254/")));
    }

    @Test
    void checksEveryResolvedAddress() throws Exception {
        // A fake resolver stands in for a DNS answer mixing public and private addresses, which the
        // test machine's resolver cannot be made to give.
        InetAddress publicAddress = InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 216, 34});
        InetAddress privateAddress = InetAddress.getByAddress(new byte[] {10, 0, 0, 7});
        SsrfGuard mixed = new SsrfGuard(false, List.of(), host -> new InetAddress[] {publicAddress, privateAddress});
        BlockedDestinationException e = assertThrows(BlockedDestinationException.class,
                () -> mixed.check(URI.create("https://hooks.example.com/")));
        assertTrue(e.getMessage().contains("private"), e.getMessage());

        SsrfGuard clean = new SsrfGuard(false, List.of(), host -> new InetAddress[] {publicAddress});
        Destination d = clean.check(URI.create("https://hooks.example.com/in"));
        assertEquals(List.of(publicAddress), d.addresses());
        assertEquals("hooks.example.com", d.host());
        assertEquals(443, d.port());
    }

    @Test
    void unresolvableHostIsRetryableNotRefused() {
        SsrfGuard guard = new SsrfGuard(false, List.of(), host -> {
            throw new UnknownHostException(host);
        });
        assertThrows(UnknownHostException.class, () -> guard.check(URI.create("https://nowhere.invalid/")));
    }

    @Test
    void rejectsInvalidAllowedNetworks() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("banana/8"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("fc00::/129"));
        assertTrue(Cidr.parse("fc00::/7").contains(new byte[] {(byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
    }
}
