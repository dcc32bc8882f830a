package dev.hookline.core.tenants;

import java.time.Instant;

/** A tenant: the customer that owns endpoints (what Svix calls an application). */
public record Tenant(String id, String name, Instant createdAt) {
}
