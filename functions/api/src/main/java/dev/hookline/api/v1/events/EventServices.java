package dev.hookline.api.v1.events;

import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.events.EventPayloads;
import dev.hookline.core.events.EventReplay;
import dev.hookline.core.intake.EventIntake;

/** What the events routes use, built once by the handler: one constructor argument for the route table. */
public record EventServices(EventIntake intake, EventPayloads payloads, EventReplay replay,
                            EndpointRegistry endpoints) {
}
