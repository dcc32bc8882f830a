package dev.hookline.api.v1.deliveries;

import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointRegistry;
import java.util.List;
import java.util.Optional;

/**
 * Which tenant an endpoint belongs to, and a tenant's endpoints: a delivery belongs to its
 * endpoint's tenant. Behind an interface because endpoint ownership arrives with the endpoints
 * routes (branch feat/endpoints): until then every endpoint is in {@code default}, where the
 * tenants issue put today's endpoints.
 */
public interface EndpointTenants {
    /** The endpoint's tenant, or empty when there is no such endpoint. */
    Optional<String> tenantOf(String endpointId);

    /** Ids of the tenant's endpoints (any status). */
    List<String> endpointsOf(String tenant);

    /** Today's registry, which knows no tenants: every endpoint is {@code default}'s. */
    static EndpointTenants allDefault(EndpointRegistry registry) {
        String owner = dev.hookline.core.tenants.TenantId.DEFAULT;
        return new EndpointTenants() {
            @Override
            public Optional<String> tenantOf(String endpointId) {
                return registry.get(endpointId).map(e -> owner);
            }

            @Override
            public List<String> endpointsOf(String tenant) {
                return owner.equals(tenant) ? registry.list().stream().map(Endpoint::id).toList() : List.of();
            }
        };
    }
}
