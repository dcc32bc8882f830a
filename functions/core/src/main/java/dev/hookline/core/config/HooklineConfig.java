package dev.hookline.core.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configuration document of DESIGN §6: sources, the signing key and seed endpoints. */
public record HooklineConfig(Map<String, SourceConfig> sources, String signingKey, List<EndpointSeed> endpoints) {
    public HooklineConfig {
        sources = Map.copyOf(sources);
        endpoints = List.copyOf(endpoints);
    }

    public Optional<SourceConfig> source(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    @Override
    public String toString() {
        return "HooklineConfig[sources=" + sources.keySet() + ", signingKey=" + (signingKey == null ? "none" : "set")
                + ", endpoints=" + endpoints.size() + "]";
    }
}
