package dev.hookline.core.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointUrlPolicyTest {
    private final EndpointUrlPolicy httpsOnly = new EndpointUrlPolicy(false);
    private final EndpointUrlPolicy httpAllowed = new EndpointUrlPolicy(true);

    private static String error(EndpointUrlPolicy policy, String url) {
        return assertThrows(IllegalArgumentException.class, () -> policy.validate(url)).getMessage();
    }

    @Test
    void acceptsHttpsAndReturnsTheParsedUrl() {
        assertEquals("hooks.example.com",
                httpsOnly.validate("https://hooks.example.com:8443/in?team=7").getHost());
        assertEquals("https", httpsOnly.validate("HTTPS://hooks.example.com/").getScheme().toLowerCase());
    }

    @Test
    void refusesPlainHttpUnlessConfigAllowsIt() {
        assertEquals("endpoint url must use https, not 'http'", error(httpsOnly, "http://hooks.example.com/"));
        assertEquals("127.0.0.1", httpAllowed.validate("http://127.0.0.1:3000/_sink/demo").getHost());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ftp://files.example.com/x    | endpoint url must use https, not 'ftp'",
            "hooks.example.com/path       | endpoint url must use https, not '(none)'",
            "https:///only-a-path         | endpoint url has no host",
            "https://user:pw@example.com/ | endpoint url must not carry credentials (user:password@)",
            "https://example.com/#frag    | endpoint url must not have a #fragment",
    })
    void refusesUrlsThatCannotBeEndpointsWithAClearReason(String url, String message) {
        assertEquals(message, error(httpsOnly, url));
    }

    @Test
    void refusesAMissingOrBlankUrl() {
        assertEquals("endpoint url is missing", error(httpsOnly, null));
        assertEquals("endpoint url is missing", error(httpsOnly, "  "));
    }

    @Test
    void refusesSomethingThatIsNotAUrl() {
        String message = error(httpsOnly, "https://exa mple.com/");
        assertEquals(true, message.startsWith("endpoint url is not a valid URL: "), message);
    }

    @Test
    void refusesAnOverlongUrl() {
        String url = "https://example.com/" + "a".repeat(2048);
        assertEquals("endpoint url is longer than 2048 characters", error(httpsOnly, url));
    }

    @Test
    void httpAllowedStillRefusesOtherSchemes() {
        assertEquals("endpoint url must use https or http, not 'ftp'", error(httpAllowed, "ftp://example.com/"));
    }
}
