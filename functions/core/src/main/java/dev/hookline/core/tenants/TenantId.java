package dev.hookline.core.tenants;

import java.util.regex.Pattern;

/** Tenant ids: 1–64 of {@code A-Z a-z 0-9 _ -}, so they sit in a URL path without escaping. */
public final class TenantId {
    /** The tenant that today's endpoints and sources belong to; created on first start. */
    public static final String DEFAULT = "default";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private TenantId() {
    }

    public static boolean valid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
