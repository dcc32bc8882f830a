package dev.hookline.api;

import dev.hookline.api.auth.AdminBootstrap;
import dev.hookline.api.v1.endpoints.EndpointServices;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.outbound.http.GuardedHttpClient;
import dev.hookline.core.outbound.ssrf.SsrfGuard;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.core.signing.SigningKey;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import dev.hookline.api.v1.deliveries.DeliveriesApi;
import dev.hookline.api.v1.deliveries.EndpointTenants;
import dev.hookline.core.config.Settings;
import dev.hookline.core.deliveries.DeliveryLog;
import dev.hookline.core.keys.ApiKeys;
import dev.hookline.core.log.JsonLog;
import dev.hookline.core.resources.ApiTables;
import dev.hookline.core.tenants.Tenants;
import dev.hookline.testing.Emulators;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * A handler on fresh tables whose clients sign as the api function (so the harness holds every
 * call to ApiRole and records its use), an admin key made through the harness's own client, and
 * the handler's log lines captured.
 */
final class ApiFixture {
    /** The platform signing key the endpoint secrets derive from (stored in a secret on moto). */
    static final String SIGNING_KEY = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "api-fixture-signing-key-32-bytes".getBytes(StandardCharsets.UTF_8));
    final Emulators emulators;
    final ApiTables tables;
    /** The pipeline's tables and queues (endpoints, events table, inbound queue). */
    final HooklineResources resources;
    final EndpointRegistry harnessEndpoints;
    /** Set-up and assertions: the harness's unrestricted view of the same tables. */
    final ApiKeys harnessKeys;
    final Tenants harnessTenants;
    final ApiHandler handler;
    final ApiClient client;
    final String adminKey;
    /** Payloads a retry may send, keyed by eventKey (what core's EventPayloads holds in the deployed api). */
    final java.util.Map<String, String> payloads = new java.util.concurrent.ConcurrentHashMap<>();
    final DeliveryLog harnessDeliveries;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    ApiFixture(Emulators emulators) {
        this(emulators, null);
    }

    ApiFixture(Emulators emulators, java.util.function.Function<ApiFixture, AdminBootstrap> bootstrap) {
        this(emulators, bootstrap, List.of("127.0.0.0/8"));
    }

    /** @param allowedNetworks the deployment's ALLOWED_PRIVATE_NETWORKS (empty: as on AWS) */
    ApiFixture(Emulators emulators, java.util.function.Function<ApiFixture, AdminBootstrap> bootstrap,
               List<String> allowedNetworks) {
        this.emulators = emulators;
        tables = emulators.provisionApi();
        resources = emulators.provision();
        Clock clock = Clock.systemUTC();
        harnessKeys = new ApiKeys(emulators.dynamoDb(), tables.keysTable(), clock);
        harnessTenants = new Tenants(emulators.dynamoDb(), tables.tenantsTable(), clock);
        harnessTenants.ensureDefault();
        adminKey = harnessKeys.create(null).secret();
        var asApi = emulators.clientsAs("api");
        ApiKeys keys = new ApiKeys(asApi.dynamoDb(), tables.keysTable(), clock);
        Tenants tenants = new Tenants(asApi.dynamoDb(), tables.tenantsTable(), clock);
        AdminBootstrap boot = bootstrap == null ? AdminBootstrap.none(keys, tenants) : bootstrap.apply(this);
        harnessDeliveries = new DeliveryLog(emulators.dynamoDb(), resources.deliveriesTable(), clock);
        harnessEndpoints = new EndpointRegistry(emulators.dynamoDb(), resources.endpointsTable(),
                new EndpointUrlPolicy(true), clock);
        // As on AWS: the signing key is read from its secret (on moto) by the api's own code, when a
        // route first needs it; a test that never asks for a secret never starts moto.
        String signingSecret = Emulators.nextPrefix() + "signing-key";
        Supplier<SigningKey> fromSecret = ApiHandler.signingKey(() -> {
            emulators.secretsManager().createSecret(b -> b.name(signingSecret).secretString(SIGNING_KEY));
            return asApi.secretsManager();
        }, signingSecret);
        // Loopback allowed, as ALLOWED_PRIVATE_NETWORKS does locally: the sinks here are on 127.0.0.1.
        SsrfGuard guard = SsrfGuard.of(true, allowedNetworks);
        EndpointRegistry registry = new EndpointRegistry(asApi.dynamoDb(), resources.endpointsTable(),
                new EndpointUrlPolicy(true), clock);
        EndpointServices endpoints = new EndpointServices(registry, guard,
                GuardedHttpClient.standard(guard, "hookline/api"), fromSecret, Duration.ofHours(24), clock);
        DeliveriesApi deliveries = new DeliveriesApi(
                new DeliveryLog(asApi.dynamoDb(), resources.deliveriesTable(), clock), EndpointTenants.of(registry),
                (tenant, eventKey, messageId) -> java.util.Optional.ofNullable(payloads.get(eventKey)), asApi.sqs(),
                resources.deliveriesQueueUrl(), clock);
        handler = new ApiHandler(new ApiServices(keys, tenants, endpoints,
                ApiHandler.events(asApi.dynamoDb(), asApi.sqs(), resources, Settings.fromEnvironment(), clock),
                deliveries, ApiHandler.dlqs(asApi.sqs(), resources.inboundDlqUrl(), resources.inboundQueueUrl(),
                        resources.deliveriesDlqUrl(), resources.deliveriesQueueUrl())),
                boot, new JsonLog("api", new PrintStream(logs, true, StandardCharsets.UTF_8), clock, false), clock);
        client = new ApiClient(handler);
    }

    /** A tenant created through the harness, and a key scoped to it. */
    String tenantWithKey(String id) {
        harnessTenants.create(id, null);
        return harnessKeys.create(id).secret();
    }

    /** An endpoint of the tenant (made once per tenant), for routes that name one. */
    String endpointOf(String tenant) {
        String id = "ep_" + Integer.toHexString(tenant.hashCode());
        if (harnessEndpoints.get(id).isEmpty()) {
            harnessEndpoints.create(new EndpointRegistry.NewEndpoint(id, tenant, "http://127.0.0.1:1/" + id,
                    java.util.List.of("*"), null, java.util.Map.of(), java.util.Map.of()));
        }
        return id;
    }

    /** A fresh DEAD delivery to the tenant's endpoint, its payload kept; returns its API id. */
    String deadDeliveryOf(String tenant) {
        String endpoint = endpointOf(tenant);
        String eventKey = "matrix#evt_" + java.util.UUID.randomUUID();
        var message = new dev.hookline.core.deliveries.DeliveryMessage(
                dev.hookline.core.deliveries.DeliveryMessage.deliveryId(eventKey, endpoint), endpoint, eventKey,
                "msg_1", "matrix.test", "{}", java.time.Instant.now());
        harnessDeliveries.createPending(message);
        harnessDeliveries.record(message, new dev.hookline.core.deliveries.Attempt(java.time.Instant.now(), 400, 5,
                "HTTP 400", null), true, dev.hookline.core.deliveries.DeliveryStatus.DEAD, null, "dl-matrix");
        payloads.put(eventKey, message.payload());
        return dev.hookline.api.v1.deliveries.DeliveryIds.toApi(message.deliveryId());
    }

    String logs() {
        return logs.toString(StandardCharsets.UTF_8);
    }
}
