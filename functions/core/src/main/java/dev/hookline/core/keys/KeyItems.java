package dev.hookline.core.keys;

/** The keys table's attribute names: its one home. */
public final class KeyItems {
    public static final String PK = "pk";
    /** SHA-256 of the secret (binary). */
    public static final String HASH = "hash";
    public static final String TENANT = "tenant";
    public static final String CREATED_AT = "createdAt";
    public static final String REVOKED_AT = "revokedAt";

    private KeyItems() {
    }
}
