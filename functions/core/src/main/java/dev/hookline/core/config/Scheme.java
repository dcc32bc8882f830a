package dev.hookline.core.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a source signs its webhooks (DESIGN §2). */
public enum Scheme {
    STANDARD_WEBHOOKS("standard-webhooks", true),
    STRIPE("stripe", true),
    GITHUB("github", false),
    SHOPIFY("shopify", false),
    SLACK("slack", true),
    HMAC("hmac", true);

    private final String configName;
    private final boolean timestamped;

    Scheme(String configName, boolean timestamped) {
        this.configName = configName;
        this.timestamped = timestamped;
    }

    public String configName() {
        return configName;
    }

    /** Whether the scheme signs a timestamp, so replays can be refused by age. */
    public boolean timestamped() {
        return timestamped;
    }

    public static Scheme fromConfigName(String name, String field) {
        for (Scheme scheme : values()) {
            if (scheme.configName.equals(name)) {
                return scheme;
            }
        }
        throw new ConfigException(field + ": unknown scheme '" + name + "', expected one of "
                + Arrays.stream(values()).map(Scheme::configName).collect(Collectors.joining(", ")));
    }
}
