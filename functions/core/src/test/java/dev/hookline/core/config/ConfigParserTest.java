package dev.hookline.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigParserTest {
    private static final String VALID = """
            {
              "sources": {
                "stripe": {"scheme": "stripe", "secrets": ["whsec_test_secret", "whsec_old"], "toleranceSeconds": 600},
                "github": {"scheme": "github", "secrets": ["It's a Secret to Everybody"], "tenant": "acme"},
                "acme":   {"scheme": "standard-webhooks", "secrets": ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]},
                "custom": {"scheme": "hmac", "secrets": ["s3cr3t"], "headers": {"signature": "X-Sig", "id": "X-Id"}}
              },
              "signingKey": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
              "endpoints": [
                {"id": "ep_demo", "url": "http://127.0.0.1:3000/_sink/demo", "eventTypes": ["*"]}
              ]
            }
            """;

    @Test
    void parsesEverySection() {
        HooklineConfig config = ConfigParser.parse(VALID);
        SourceConfig stripe = config.source("stripe").orElseThrow();
        assertEquals(Scheme.STRIPE, stripe.scheme());
        assertEquals(List.of("whsec_test_secret", "whsec_old"), stripe.secrets());
        assertEquals(Duration.ofSeconds(600), stripe.tolerance());
        assertEquals(SourceConfig.DEFAULT_TOLERANCE, config.source("github").orElseThrow().tolerance());
        assertEquals("X-Sig", config.source("custom").orElseThrow().header("signature", "X-Webhook-Signature"));
        assertEquals("X-Webhook-Id", config.source("github").orElseThrow().header("id", "X-Webhook-Id"));
        assertEquals("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", config.signingKey());
        assertEquals("ep_demo", config.endpoints().get(0).id());
        assertEquals(List.of("*"), config.endpoints().get(0).eventTypes());
        assertFalse(config.source("nope").isPresent());
        assertEquals("acme", config.source("github").orElseThrow().tenant(), "a source names its tenant");
        assertEquals("default", stripe.tenant(), "or fans out to default's endpoints");
    }

    @Test
    void signingKeyAndEndpointsAreOptional() {
        HooklineConfig config = ConfigParser.parse("{\"sources\": {}}");
        assertNull(config.signingKey());
        assertTrue(config.endpoints().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not JSON                 | {sources:                                                     | config: not valid JSON",
            "array at top level       | []                                                            | config: expected a JSON object",
            "no sources               | {}                                                            | sources: missing",
            "sources not an object    | {\"sources\": []}                                             | sources: expected an object",
            "unknown root field       | {\"sources\": {}, \"signingkey\": \"x\"}                      | config.signingkey: unknown field",
            "bad source name          | {\"sources\": {\"a b\": {}}}                                  | sources.a b: a source name",
            "missing scheme           | {\"sources\": {\"s\": {\"secrets\": [\"x\"]}}}                | sources.s.scheme: missing",
            "unknown scheme           | {\"sources\": {\"s\": {\"scheme\": \"paypal\", \"secrets\": [\"x\"]}}} | sources.s.scheme: unknown scheme 'paypal'",
            "no secrets               | {\"sources\": {\"s\": {\"scheme\": \"github\"}}}              | sources.s.secrets: expected a non-empty array",
            "empty secrets            | {\"sources\": {\"s\": {\"scheme\": \"github\", \"secrets\": []}}} | sources.s.secrets: expected a non-empty array",
            "blank secret             | {\"sources\": {\"s\": {\"scheme\": \"github\", \"secrets\": [\"\"]}}} | sources.s.secrets[0]: expected a non-empty string",
            "secret not base64        | {\"sources\": {\"s\": {\"scheme\": \"standard-webhooks\", \"secrets\": [\"whsec_%%%\"]}}} | sources.s.secrets[0]: expected whsec_",
            "tolerance zero           | {\"sources\": {\"s\": {\"scheme\": \"stripe\", \"secrets\": [\"x\"], \"toleranceSeconds\": 0}}} | sources.s.toleranceSeconds: expected a whole number",
            "tolerance text           | {\"sources\": {\"s\": {\"scheme\": \"slack\", \"secrets\": [\"x\"], \"toleranceSeconds\": \"5\"}}} | sources.s.toleranceSeconds: expected a whole number",
            "tolerance, no timestamp  | {\"sources\": {\"s\": {\"scheme\": \"github\", \"secrets\": [\"x\"], \"toleranceSeconds\": 300}}} | sources.s.toleranceSeconds: scheme github signs no timestamp",
            "tolerance on shopify     | {\"sources\": {\"s\": {\"scheme\": \"shopify\", \"secrets\": [\"x\"], \"toleranceSeconds\": 300}}} | sources.s.toleranceSeconds: scheme shopify signs no timestamp",
            "headers on stripe        | {\"sources\": {\"s\": {\"scheme\": \"stripe\", \"secrets\": [\"x\"], \"headers\": {\"id\": \"X\"}}}} | sources.s.headers: only the hmac scheme",
            "headers on github        | {\"sources\": {\"s\": {\"scheme\": \"github\", \"secrets\": [\"x\"], \"headers\": {}}}} | sources.s.headers: only the hmac scheme",
            "typo in source field     | {\"sources\": {\"s\": {\"scheme\": \"github\", \"secrets\": [\"x\"], \"toleranceSecond\": 5}}} | sources.s.toleranceSecond: unknown field",
            "unknown header key       | {\"sources\": {\"s\": {\"scheme\": \"hmac\", \"secrets\": [\"x\"], \"headers\": {\"sig\": \"X\"}}}} | sources.s.headers.sig: unknown field",
            "bad tenant               | {\"sources\": {\"s\": {\"scheme\": \"github\", \"secrets\": [\"x\"], \"tenant\": \"a b\"}}} | sources.s.tenant: expected a tenant id",
            "tenant not a string      | {\"sources\": {\"s\": {\"scheme\": \"github\", \"secrets\": [\"x\"], \"tenant\": 1}}} | sources.s.tenant: expected a tenant id",
            "short signing key        | {\"sources\": {}, \"signingKey\": \"whsec_AAAA\"}             | signingKey: must hold at least 16 bytes",
            "endpoint without url     | {\"sources\": {}, \"endpoints\": [{\"id\": \"e\", \"eventTypes\": [\"*\"]}]} | endpoints[0].url: missing",
            "endpoint without types   | {\"sources\": {}, \"endpoints\": [{\"id\": \"e\", \"url\": \"https://x\"}]} | endpoints[0].eventTypes",
    })
    void rejectsInvalidDocumentsNamingTheField(String what, String json, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(json));
        assertTrue(e.getMessage().startsWith(expected), what + ": got '" + e.getMessage() + "'");
    }

    @Test
    void acceptsTheRawSigningKeysTheSenderAccepts() {
        // The generated key on AWS is raw text, not whsec_: the config must accept what the sender can use.
        String raw = "x".repeat(16) + "generated-by-secrets-manager";
        assertEquals(raw, ConfigParser.parse("{\"sources\": {}, \"signingKey\": \"" + raw + "\"}").signingKey());
        ConfigException tooShort = assertThrows(ConfigException.class,
                () -> ConfigParser.parse("{\"sources\": {}, \"signingKey\": \"short-raw-key\"}"));
        assertTrue(tooShort.getMessage().startsWith("signingKey: must hold at least 16 bytes"), tooShort.getMessage());
    }

    @Test
    void neverEchoesASecretInAnError() {
        String json = "{\"sources\": {\"s\": {\"scheme\": \"standard-webhooks\", \"secrets\": [\"whsec_TOPSECRET!!\"]}}}";
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(json));
        assertFalse(e.getMessage().contains("TOPSECRET"), e.getMessage());
        ConfigException broken = assertThrows(ConfigException.class,
                () -> ConfigParser.parse("{\"signingKey\": \"whsec_TOPSECRET\", oops}"));
        assertFalse(broken.getMessage().contains("TOPSECRET"), broken.getMessage());
    }

    @Test
    void printingTheConfigShowsNoSecret() {
        HooklineConfig config = ConfigParser.parse(VALID);
        assertFalse(config.toString().contains("MfKQ9r8"), config.toString());
        assertFalse(config.source("stripe").orElseThrow().toString().contains("whsec_test_secret"));
    }
}
