package dev.hookline.api;

import dev.hookline.api.v1.deliveries.DeliveriesApi;
import dev.hookline.api.v1.endpoints.EndpointServices;
import dev.hookline.api.v1.events.EventServices;
import dev.hookline.core.dlq.DeadLetterQueues;
import dev.hookline.core.keys.ApiKeys;
import dev.hookline.core.tenants.Tenants;

/**
 * What the routes work on, one field per resource family: the Lambda builds it from its
 * environment, the local runtime and the tests from their own clients, and {@link ApiRoutes} hands
 * each family's routes their part.
 */
public record ApiServices(ApiKeys keys, Tenants tenants, EndpointServices endpoints, EventServices events,
                          DeliveriesApi deliveries, DeadLetterQueues dlqs) {
}
