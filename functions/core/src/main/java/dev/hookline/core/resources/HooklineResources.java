package dev.hookline.core.resources;

import dev.hookline.core.config.EnvVars;
import java.util.Map;

/** Names and URLs of one provisioned set of hookline tables and queues. */
public record HooklineResources(String eventsTable, String endpointsTable, String deliveriesTable,
                                String inboundQueueUrl, String inboundDlqUrl,
                                String deliveriesQueueUrl, String deliveriesDlqUrl) {

    /** The environment variables a function reads to find these resources. */
    public Map<String, String> toEnvironment() {
        return Map.of(
                EnvVars.EVENTS_TABLE, eventsTable,
                EnvVars.ENDPOINTS_TABLE, endpointsTable,
                EnvVars.DELIVERIES_TABLE, deliveriesTable,
                EnvVars.INBOUND_QUEUE_URL, inboundQueueUrl,
                EnvVars.DELIVERIES_QUEUE_URL, deliveriesQueueUrl,
                EnvVars.DELIVERIES_DLQ_URL, deliveriesDlqUrl);
    }
}
