package dev.hookline.core.config;

import java.util.List;

/** An endpoint listed in the config file: seeds the endpoints table, which is the truth after that. */
public record EndpointSeed(String id, String url, List<String> eventTypes, String description) {
    public EndpointSeed {
        eventTypes = List.copyOf(eventTypes);
    }
}
