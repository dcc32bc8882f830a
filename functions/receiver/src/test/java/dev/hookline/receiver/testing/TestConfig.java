package dev.hookline.receiver.testing;

import dev.hookline.core.config.ConfigParser;
import dev.hookline.core.config.ConfigSource;
import dev.hookline.core.config.HooklineConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The sample sources (one per scheme) that the tests and {@code events/receiver/} are signed for. */
public final class TestConfig {
    public static final String ACME_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public static final String STRIPE_SECRET = "whsec_sample_stripe_secret";
    public static final String GITHUB_SECRET = "sample-github-secret";
    public static final String SHOPIFY_SECRET = "shpss_sample_shopify_secret";
    public static final String SLACK_SECRET = "sample-slack-signing-secret";
    public static final String GENERIC_SECRET = "sample-generic-secret";

    private TestConfig() {
    }

    public static String text() {
        try (InputStream in = TestConfig.class.getResourceAsStream("/config/receiver-test-config.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HooklineConfig config() {
        return ConfigParser.parse(text());
    }

    public static ConfigSource source() {
        HooklineConfig config = config();
        return () -> config;
    }
}
