package dev.hookline.core.config;

/** The configuration is missing or invalid; the message names the field at fault. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
