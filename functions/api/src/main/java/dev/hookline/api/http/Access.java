package dev.hookline.api.http;

/** Who may call a route. */
public enum Access {
    /** No key needed. */
    PUBLIC,
    /** Admin keys only. A tenant key gets 404 on another tenant's path, 403 otherwise. */
    ADMIN,
    /** Any valid key; a tenant key only on its own tenant's paths (another tenant's: 404). */
    TENANT
}
