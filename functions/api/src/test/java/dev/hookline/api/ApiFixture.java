package dev.hookline.api;

import dev.hookline.api.auth.AdminBootstrap;
import dev.hookline.api.v1.deliveries.DeliveriesApi;
import dev.hookline.api.v1.deliveries.EndpointTenants;
import dev.hookline.core.deliveries.DeliveryLog;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.keys.ApiKeys;
import dev.hookline.core.resources.HooklineResources;
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
    final ApiTables tables;
    /** Set-up and assertions: the harness's unrestricted view of the same tables. */
    final ApiKeys harnessKeys;
    final Tenants harnessTenants;
    final ApiHandler handler;
    final ApiClient client;
    final String adminKey;
    /** The pipeline's tables and queues, for the delivery-log and DLQ routes. */
    final HooklineResources resources;
    /** Payloads a retry may send, keyed by eventKey (what core's EventPayloads will hold once merged). */
    final java.util.Map<String, String> payloads = new java.util.concurrent.ConcurrentHashMap<>();
    /** Endpoint id to its tenant, for endpoints not in default. */
    final java.util.Map<String, String> owners = new java.util.concurrent.ConcurrentHashMap<>();
    final EndpointRegistry harnessEndpoints;
    final DeliveryLog harnessDeliveries;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    ApiFixture(Emulators emulators) {
        this(emulators, null);
    }

    ApiFixture(Emulators emulators, java.util.function.Function<ApiFixture, AdminBootstrap> bootstrap) {
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
        harnessEndpoints = new EndpointRegistry(emulators.dynamoDb(), resources.endpointsTable(),
                new EndpointUrlPolicy(true), clock);
        harnessDeliveries = new DeliveryLog(emulators.dynamoDb(), resources.deliveriesTable(), clock);
        EndpointTenants registryOwners = EndpointTenants.allDefault(new EndpointRegistry(asApi.dynamoDb(),
                resources.endpointsTable(), new EndpointUrlPolicy(true), clock));
        // Endpoints made for another tenant (owners) stand in for the tenant attribute the endpoints
        // routes add; every other endpoint of the table is default's, as in the deployed api today.
        EndpointTenants tenantsOfEndpoints = new EndpointTenants() {
            @Override
            public java.util.Optional<String> tenantOf(String endpointId) {
                String owner = owners.get(endpointId);
                return owner != null ? registryOwners.tenantOf(endpointId).map(t -> owner)
                        : registryOwners.tenantOf(endpointId);
            }

            @Override
            public java.util.List<String> endpointsOf(String tenant) {
                java.util.List<String> ids = new java.util.ArrayList<>(registryOwners.endpointsOf(
                        dev.hookline.core.tenants.TenantId.DEFAULT));
                ids.removeIf(id -> !tenant.equals(owners.getOrDefault(id, dev.hookline.core.tenants.TenantId.DEFAULT)));
                return ids;
            }
        };
        DeliveriesApi deliveries = new DeliveriesApi(
                new DeliveryLog(asApi.dynamoDb(), resources.deliveriesTable(), clock),
                tenantsOfEndpoints,
                (eventKey, messageId) -> java.util.Optional.ofNullable(payloads.get(eventKey)), asApi.sqs(),
                resources.deliveriesQueueUrl(), clock);
        handler = new ApiHandler(keys, tenants, boot,
                new JsonLog("api", new PrintStream(logs, true, StandardCharsets.UTF_8), clock, false), clock,
                deliveries, ApiHandler.dlqs(asApi.sqs(), resources.inboundDlqUrl(), resources.inboundQueueUrl(),
                        resources.deliveriesDlqUrl(), resources.deliveriesQueueUrl()));
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
            harnessEndpoints.create(id, "http://127.0.0.1:1/" + id, java.util.List.of("*"), null);
        }
        owners.put(id, tenant);
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
