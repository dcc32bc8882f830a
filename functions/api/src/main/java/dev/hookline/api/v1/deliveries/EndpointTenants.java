package dev.hookline.api.v1.deliveries;

import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointRegistry;
import java.util.List;
import java.util.Optional;

/**
 * Which tenant an endpoint belongs to, and a tenant's endpoints: a delivery belongs to its
 * endpoint's tenant.
 */
public interface EndpointTenants {
    /** The endpoint's tenant, or empty when there is no such endpoint. */
    Optional<String> tenantOf(String endpointId);

    /** Ids of the tenant's endpoints (any status). */
    List<String> endpointsOf(String tenant);

    /** The endpoints table's owners (an endpoint item names its tenant). */
    static EndpointTenants of(EndpointRegistry registry) {
        return new EndpointTenants() {
            @Override
            public Optional<String> tenantOf(String endpointId) {
                return registry.get(endpointId).map(Endpoint::tenant);
            }

            @Override
            public List<String> endpointsOf(String tenant) {
                return registry.list().stream().filter(e -> e.tenant().equals(tenant)).map(Endpoint::id).toList();
            }
        };
    }
}
