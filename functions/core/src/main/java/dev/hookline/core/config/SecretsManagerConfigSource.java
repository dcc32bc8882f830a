package dev.hookline.core.config;

import dev.hookline.core.log.JsonLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * Configuration held in a Secrets Manager secret, cached and refreshed every {@code refresh}.
 * A failed refresh (Secrets Manager down, a bad edit of the secret) keeps serving the last good
 * configuration and logs why, so a mistake in the console never takes the receiver down.
 *
 * <p>Written here rather than taken from aws-secretsmanager-caching-java: that library caches
 * the raw string, while what we must keep is the last <em>valid parsed</em> document, and it
 * would add a second cache in front of ours for no gain.
 */
public final class SecretsManagerConfigSource implements ConfigSource {
    /** How soon a function that never loaded its config asks again (far shorter than the refresh interval). */
    static final Duration FIRST_LOAD_RETRY = Duration.ofSeconds(5);

    private final SecretsManagerClient client;
    private final String secretId;
    private final Duration refresh;
    private final Clock clock;
    private final JsonLog log;

    private volatile HooklineConfig config;
    private volatile Instant nextRefresh = Instant.MIN;
    /** While nothing was ever loaded: the last failure, rethrown until {@link #nextRefresh}. */
    private volatile ConfigException firstLoadFailure;

    public SecretsManagerConfigSource(SecretsManagerClient client, String secretId, Duration refresh, Clock clock,
                                      JsonLog log) {
        this.client = client;
        this.secretId = secretId;
        this.refresh = refresh;
        this.clock = clock;
        this.log = log;
    }

    @Override
    public HooklineConfig current() {
        Instant now = clock.instant();
        if (config == null || !now.isBefore(nextRefresh)) {
            refresh(now);
        }
        return config;
    }

    private synchronized void refresh(Instant now) {
        if (now.isBefore(nextRefresh)) {
            if (config != null) {
                return; // another thread refreshed while this one waited
            }
            // Never loaded, and the last try failed moments ago: answer with that failure instead of
            // sending every request of a cold function to a Secrets Manager that is down.
            throw firstLoadFailure;
        }
        try {
            String text = client.getSecretValue(GetSecretValueRequest.builder().secretId(secretId).build())
                    .secretString();
            config = ConfigParser.parse(text);
        } catch (RuntimeException e) {
            if (config == null) {
                firstLoadFailure = e instanceof ConfigException ce
                        ? new ConfigException("config secret " + secretId + ": " + ce.getMessage(), ce)
                        : new ConfigException("config secret " + secretId + ": cannot be read ("
                        + e.getClass().getSimpleName() + ")", e);
                nextRefresh = now.plus(FIRST_LOAD_RETRY);
                throw firstLoadFailure;
            }
            log.warn("config refresh failed; serving the last good configuration")
                    .with("secretId", secretId)
                    .with("error", e instanceof ConfigException ? e.getMessage() : e.getClass().getSimpleName())
                    .emit();
        }
        // After a failure too: retrying on every request would hammer a service that is down.
        nextRefresh = now.plus(refresh);
        firstLoadFailure = null;
    }
}
