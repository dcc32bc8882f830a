package dev.hookline.local.invoke;

import dev.hookline.core.config.EnvVars;
import dev.hookline.core.resources.HooklineResources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment variables template.yaml gives each function (Globals plus the function's own
 * Environment), with the template's literal values, and the table names and queue URLs of the
 * given resources standing in for its {@code Ref}s. A function run with exactly these sees what it
 * would see on AWS; a caller adds what pointing at emulators needs (endpoint overrides) on top.
 */
public final class FunctionVariables {
    private static final Map<String, String> GLOBALS = Map.of(
            EnvVars.CONFIG_REFRESH_SECONDS, "300",
            EnvVars.DEBUG, "false");

    private static final Map<String, List<String>> FROM_RESOURCES = Map.of(
            "receiver", List.of(EnvVars.EVENTS_TABLE, EnvVars.INBOUND_QUEUE_URL),
            "processor", List.of(EnvVars.EVENTS_TABLE, EnvVars.ENDPOINTS_TABLE, EnvVars.DELIVERIES_TABLE,
                    EnvVars.DELIVERIES_QUEUE_URL),
            "sender", List.of(EnvVars.ENDPOINTS_TABLE, EnvVars.DELIVERIES_TABLE, EnvVars.DELIVERIES_QUEUE_URL,
                    EnvVars.DELIVERIES_DLQ_URL));

    private FunctionVariables() {
    }

    /**
     * @param function  {@code receiver}, {@code processor} or {@code sender}
     * @param resources the tables and queues the function's Refs resolve to
     * @param overrides laid over the template's values (endpoint overrides, the config's location...)
     */
    public static Map<String, String> of(String function, HooklineResources resources, Map<String, String> overrides) {
        List<String> refs = FROM_RESOURCES.get(function);
        if (refs == null) {
            throw new IllegalArgumentException("unknown function '" + function + "'");
        }
        Map<String, String> variables = new LinkedHashMap<>(GLOBALS);
        Map<String, String> resourceValues = resources.toEnvironment();
        refs.forEach(name -> variables.put(name, resourceValues.get(name)));
        variables.putAll(literals(function));
        variables.putAll(overrides);
        return variables;
    }

    /** The template's literal values and parameter defaults for the function. */
    private static Map<String, String> literals(String function) {
        return switch (function) {
            case "receiver" -> Map.of(
                    EnvVars.DEDUPE_WINDOW_HOURS, "72",
                    EnvVars.CLAIM_LEASE_SECONDS, "30",
                    EnvVars.MAX_BODY_BYTES, "1032192");
            case "processor" -> Map.of(
                    EnvVars.DEDUPE_WINDOW_HOURS, "72",
                    EnvVars.ENDPOINT_CACHE_SECONDS, "30",
                    EnvVars.ALLOW_HTTP_ENDPOINTS, "false");
            default -> Map.ofEntries(
                    Map.entry(EnvVars.BACKOFF_SCHEDULE, "5s,5m,30m,2h,5h,10h,12h,12h"),
                    Map.entry(EnvVars.MAX_ATTEMPTS, "9"),
                    Map.entry(EnvVars.ALLOW_HTTP_ENDPOINTS, "false"),
                    Map.entry(EnvVars.ALLOWED_PRIVATE_NETWORKS, ""),
                    Map.entry(EnvVars.SECRET_GRACE_HOURS, "24"),
                    Map.entry(EnvVars.CIRCUIT_FAILURE_THRESHOLD, "5"),
                    Map.entry(EnvVars.CIRCUIT_OPEN_SECONDS, "300"),
                    Map.entry(EnvVars.DISABLE_AFTER_HOURS, "120"),
                    Map.entry(EnvVars.SENDER_CONCURRENCY, "10"),
                    Map.entry(EnvVars.ENDPOINT_CACHE_SECONDS, "30"));
        };
    }
}
