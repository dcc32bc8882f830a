package dev.hookline.processor;

import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.Settings;
import dev.hookline.core.resources.HooklineResources;
import java.time.Duration;

/**
 * Where the processor writes: the events table (idempotence), the deliveries table (records)
 * and the deliveries queue.
 *
 * @param dedupeWindow TTL given to an events item the processor has to create (its claim expired)
 */
public record ProcessorTargets(String eventsTable, String deliveriesTable, String deliveriesQueueUrl,
                               Duration dedupeWindow) {

    public static ProcessorTargets fromSettings(Settings settings) {
        return new ProcessorTargets(settings.required(EnvVars.EVENTS_TABLE), settings.required(EnvVars.DELIVERIES_TABLE),
                settings.required(EnvVars.DELIVERIES_QUEUE_URL), settings.dedupeWindow());
    }

    public static ProcessorTargets of(HooklineResources resources) {
        return new ProcessorTargets(resources.eventsTable(), resources.deliveriesTable(),
                resources.deliveriesQueueUrl(), Duration.ofHours(72));
    }
}
