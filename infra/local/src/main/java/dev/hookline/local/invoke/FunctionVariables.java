package dev.hookline.local.invoke;

import dev.hookline.core.resources.HooklineResources;
import dev.hookline.testing.lambda.SamTemplate;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables template.yaml gives a function (Globals plus its own Environment),
 * with the given tables, queues and secrets standing in for its {@code Ref}s and the parameters'
 * defaults for the others. A function run with exactly these sees what it would see on AWS; the
 * caller lays what pointing at emulators needs (endpoint overrides) on top.
 */
public final class FunctionVariables {
    private FunctionVariables() {
    }

    /**
     * @param function  {@code receiver}, {@code processor} or {@code sender}
     * @param root      the repository root (where template.yaml is)
     * @param resources the tables and queues the template's Refs resolve to
     * @param secrets   logical id ({@code ConfigSecret}, {@code SigningKeySecret}) to secret ARN; a secret
     *                  not in it leaves its variable out (the function then uses its off-AWS fallback)
     * @param overrides laid over the template's values
     */
    public static Map<String, String> of(String function, Path root, HooklineResources resources,
                                         Map<String, String> secrets, Map<String, String> overrides) {
        Map<String, String> byLogicalId = new LinkedHashMap<>(secrets);
        byLogicalId.put("EventsTable", resources.eventsTable());
        byLogicalId.put("EndpointsTable", resources.endpointsTable());
        byLogicalId.put("DeliveriesTable", resources.deliveriesTable());
        byLogicalId.put("InboundQueue", resources.inboundQueueUrl());
        byLogicalId.put("InboundDlq", resources.inboundDlqUrl());
        byLogicalId.put("DeliveriesQueue", resources.deliveriesQueueUrl());
        byLogicalId.put("DeliveriesDlq", resources.deliveriesDlqUrl());
        // The api function's tables share the prefix (ResourceProvisioner.provisionApi).
        String events = resources.eventsTable();
        String prefix = events.endsWith("events") ? events.substring(0, events.length() - "events".length()) : "";
        byLogicalId.putIfAbsent("KeysTable", prefix + "keys");
        byLogicalId.putIfAbsent("TenantsTable", prefix + "tenants");
        Map<String, String> variables = new LinkedHashMap<>(SamTemplate.load(root).environment(function,
                byLogicalId::get));
        variables.putAll(overrides);
        return variables;
    }
}
