package dev.hookline.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.log.JsonLog;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.MutableClock;
import dev.hookline.testing.EmulatorsExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Against moto's Secrets Manager: skipped without moto_server, failing in CI (-Dhookline.requireMoto=true). */
@ExtendWith(EmulatorsExtension.class)
class SecretsManagerConfigSourceIT {
    private static final Duration REFRESH = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final JsonLog log = new JsonLog("test", new PrintStream(logBytes, true, StandardCharsets.UTF_8),
            clock, false);
    private SecretsManagerClient secrets;
    private String secretId;

    @BeforeEach
    void createSecret(Emulators emulators) {
        secrets = emulators.secretsManager();
        secretId = "hookline/config/" + Emulators.nextPrefix();
        secrets.createSecret(b -> b.name(secretId).secretString(document("github")));
    }

    private static String document(String sourceName) {
        return "{\"sources\": {\"" + sourceName + "\": {\"scheme\": \"github\", \"secrets\": [\"TOPSECRET\"]}}}";
    }

    private SecretsManagerConfigSource source() {
        return new SecretsManagerConfigSource(secrets, secretId, REFRESH, clock, log);
    }

    @Test
    void loadsTheDocumentFromTheSecret() {
        assertTrue(source().current().source("github").isPresent());
    }

    @Test
    void servesTheCachedValueUntilTheRefreshInterval() {
        SecretsManagerConfigSource source = source();
        source.current();
        secrets.putSecretValue(b -> b.secretId(secretId).secretString(document("gitlab")));
        clock.advance(REFRESH.minusSeconds(1));
        assertTrue(source.current().source("github").isPresent(), "still cached");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(source.current().source("gitlab").isPresent(), "refreshed");
    }

    @Test
    void keepsTheLastGoodConfigWhenTheNewDocumentIsInvalid() {
        SecretsManagerConfigSource source = source();
        source.current();
        secrets.putSecretValue(b -> b.secretId(secretId).secretString("{\"sources\": {\"x\": {\"scheme\": \"nope\"}}}"));
        clock.advance(REFRESH);
        assertTrue(source.current().source("github").isPresent());
        String logged = logBytes.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("serving the last good configuration") && logged.contains("sources.x.scheme"),
                logged);
        assertFalse(logged.contains("TOPSECRET"));
    }

    @Test
    void keepsTheLastGoodConfigWhenTheSecretCannotBeRead() {
        SecretsManagerConfigSource source = source();
        source.current();
        secrets.deleteSecret(b -> b.secretId(secretId).forceDeleteWithoutRecovery(true));
        clock.advance(REFRESH);
        assertTrue(source.current().source("github").isPresent());
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("config refresh failed"));
    }

    @Test
    void failsNamingTheSecretWhenNothingWasEverLoaded() {
        secrets.putSecretValue(b -> b.secretId(secretId).secretString("{\"sources\": {\"s\": {\"scheme\": \"github\", "
                + "\"secrets\": []}}, \"signingKey\": \"whsec_TOPSECRET\"}"));
        ConfigException e = assertThrows(ConfigException.class, () -> source().current());
        assertTrue(e.getMessage().contains(secretId) && e.getMessage().contains("sources.s.secrets"), e.getMessage());
        assertFalse(e.getMessage().contains("TOPSECRET"));
        ConfigException missing = assertThrows(ConfigException.class,
                () -> new SecretsManagerConfigSource(secrets, "absent/" + secretId, REFRESH, clock, log).current());
        assertTrue(missing.getMessage().contains("cannot be read"), missing.getMessage());
    }



    @Test
    void aSourceThatNeverLoadedWaitsBeforeAskingAgain() {
        String absent = "absent-until-later/" + secretId;
        SecretsManagerConfigSource source = new SecretsManagerConfigSource(secrets, absent, REFRESH, clock, log);
        ConfigException first = assertThrows(ConfigException.class, source::current);
        // The secret appears, but within the retry pause the source does not ask: it repeats the failure.
        secrets.createSecret(b -> b.name(absent).secretString(document("github")));
        assertSame(first, assertThrows(ConfigException.class, source::current));
        clock.advance(SecretsManagerConfigSource.FIRST_LOAD_RETRY);
        assertTrue(source.current().source("github").isPresent(), "asks again once the pause is over");
    }
}
