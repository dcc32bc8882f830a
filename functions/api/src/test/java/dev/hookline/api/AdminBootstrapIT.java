package dev.hookline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.api.ApiClient.Result;
import dev.hookline.api.auth.AdminBootstrap;
import dev.hookline.core.keys.ApiKeys;
import dev.hookline.core.keys.KeySecret;
import dev.hookline.core.tenants.Tenants;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deploy-time admin key: {@code hk_<value of the admin-key secret>} (Secrets Manager on moto,
 * read as the api function) is accepted as an admin key the first time, stored with the default
 * tenant, and from then on is an ordinary key, revocable for good.
 */
@ExtendWith(EmulatorsExtension.class)
class AdminBootstrapIT {

    @Test
    void theSecretsKeyIsAnAdminKeyOnceAndRevokedStaysRevoked(Emulators emulators) {
        String value = "Bootstrap" + "x".repeat(39);
        AtomicInteger reads = new AtomicInteger();
        ApiFixture fx = fixture(emulators, value, reads);
        fx.harnessTenants.delete("default");
        String bootstrapKey = KeySecret.PREFIX + value;

        assertEquals(401, fx.client.call("GET", "/v1/keys", "hk_" + "x".repeat(48), null).status());
        assertEquals(401, fx.client.call("GET", "/v1/keys", bootstrapKey + "y", null).status());
        Result first = fx.client.call("GET", "/v1/keys?limit=100", bootstrapKey, null);
        assertEquals(200, first.status(), first.body());
        String id = KeySecret.idOf(KeySecret.hash(bootstrapKey));
        assertTrue(first.body().contains(id), "stored like any key, so it is listed");
        assertTrue(fx.harnessTenants.get("default").isPresent(), "the default tenant comes with the first admin key");
        assertEquals(200, fx.client.call("GET", "/v1/keys", bootstrapKey, null).status());
        assertEquals(1, reads.get(), "the secret is read once per container");

        assertEquals(204, fx.client.call("DELETE", "/v1/keys/" + id, bootstrapKey, null).status());
        assertEquals(401, fx.client.call("GET", "/v1/keys", bootstrapKey, null).status(),
                "a revoked bootstrap key is not stored afresh");
    }

    @Test
    void withoutASecretNoUnknownKeyIsEverAccepted(Emulators emulators) {
        ApiFixture fx = new ApiFixture(emulators);
        assertEquals(401, fx.client.call("GET", "/v1/keys", "hk_" + "x".repeat(48), null).status());
    }

    private static ApiFixture fixture(Emulators emulators, String value, AtomicInteger reads) {
        var secrets = emulators.secretsManager();
        String name = Emulators.nextPrefix() + "admin-key";
        secrets.createSecret(b -> b.name(name).secretString(value));
        var asApi = emulators.clientsAs("api");
        return new ApiFixture(emulators, f -> {
            ApiKeys keys = new ApiKeys(asApi.dynamoDb(), f.tables.keysTable(), Clock.systemUTC());
            Tenants tenants = new Tenants(asApi.dynamoDb(), f.tables.tenantsTable(), Clock.systemUTC());
            var read = ApiHandler.secretValue(asApi.secretsManager(), name);
            return new AdminBootstrap(() -> {
                reads.incrementAndGet();
                return read.get();
            }, keys, tenants);
        });
    }
}
