package dev.hookline.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, validated access to the environment. Each function reads what it needs once, in static
 * init; a missing or malformed variable fails there with a message naming it.
 */
public final class Settings {
    /** DESIGN §4's default schedule: the wait after attempt 1, 2, ... */
    public static final String DEFAULT_BACKOFF = "5s,5m,30m,2h,5h,10h,12h,12h";
    /** SQS's message limit is 1 MiB; keep 16 KiB for the envelope (headers, ids, JSON escaping slack). */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024 - 16 * 1024;
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    /**
     * Variables the local runtime sets for the whole process. On Lambda each function has its own
     * environment; locally one JVM hosts all three, and a JVM cannot change its own environment,
     * so the runtime hands the variables here before it builds the handlers.
     */
    private static volatile Map<String, String> processOverrides = Map.of();

    private final Map<String, String> env;

    public Settings(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The process environment, with the local runtime's variables (if any) on top. */
    public static Settings fromEnvironment() {
        if (processOverrides.isEmpty()) {
            return new Settings(System.getenv());
        }
        Map<String, String> merged = new java.util.HashMap<>(System.getenv());
        merged.putAll(processOverrides);
        return new Settings(merged);
    }

    /** For the local runtime only: variables every later {@link #fromEnvironment()} sees. */
    public static void setProcessOverrides(Map<String, String> variables) {
        processOverrides = Map.copyOf(variables);
    }

    public String required(String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new ConfigException("environment variable " + name + " is not set");
        }
        return value.trim();
    }

    public String optional(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public long number(String name, long fallback, long min, long max) {
        String value = optional(name);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException("environment variable " + name + ": expected a whole number from " + min
                    + " to " + max);
        }
    }

    public boolean flag(String name) {
        String value = optional(name);
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1") || value.equalsIgnoreCase("yes"));
    }

    public List<String> list(String name) {
        String value = optional(name);
        List<String> items = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    items.add(part.trim());
                }
            }
        }
        return items;
    }

    public Duration dedupeWindow() {
        return Duration.ofHours(number(EnvVars.DEDUPE_WINDOW_HOURS, 72, 1, 24 * 365));
    }

    public Duration claimLease() {
        return Duration.ofSeconds(number(EnvVars.CLAIM_LEASE_SECONDS, 30, 1, 900));
    }

    public long maxBodyBytes() {
        return number(EnvVars.MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES, 1, 1024 * 1024);
    }

    public Duration configRefresh() {
        return Duration.ofSeconds(number(EnvVars.CONFIG_REFRESH_SECONDS, 300, 1, 86_400));
    }

    /** Waits after each failed attempt, such as {@code 5s,5m,30m,2h}; parsed by {@link #parseDurations}. */
    public List<Duration> backoffSchedule() {
        String value = optional(EnvVars.BACKOFF_SCHEDULE);
        return parseDurations(value == null ? DEFAULT_BACKOFF : value, EnvVars.BACKOFF_SCHEDULE);
    }

    /** HTTP attempts per delivery (the sender counts them in the delivery record, not by SQS receives). */
    public int maxAttempts() {
        return (int) number(EnvVars.MAX_ATTEMPTS, backoffSchedule().size() + 1, 1, 100);
    }

    /** How long the processor and the sender cache endpoint records (one setting, one default: 30 s). */
    public Duration endpointCache() {
        return Duration.ofSeconds(number(EnvVars.ENDPOINT_CACHE_SECONDS, 30, 0, 3600));
    }

    public boolean debug() {
        return flag(EnvVars.DEBUG);
    }

    /** Parses a comma-separated list of durations: {@code 250ms}, {@code 5s}, {@code 5m}, {@code 2h}, {@code 1d}. */
    public static List<Duration> parseDurations(String text, String name) {
        List<Duration> durations = new ArrayList<>();
        for (String part : text.split(",")) {
            Matcher m = DURATION.matcher(part.trim());
            if (!m.matches()) {
                throw new ConfigException(name + ": '" + part.trim() + "' is not a duration such as 5s, 5m, 2h");
            }
            long n = Long.parseLong(m.group(1));
            durations.add(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        if (durations.isEmpty()) {
            throw new ConfigException(name + ": expected at least one duration");
        }
        return durations;
    }
}
