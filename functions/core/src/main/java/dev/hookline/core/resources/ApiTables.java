package dev.hookline.core.resources;

import dev.hookline.core.config.EnvVars;
import java.util.Map;

/** Names of the api function's tables. */
public record ApiTables(String keysTable, String tenantsTable) {
    public Map<String, String> toEnvironment() {
        return Map.of(EnvVars.KEYS_TABLE, keysTable, EnvVars.TENANTS_TABLE, tenantsTable);
    }
}
