package dev.hookline.core.config;

/** Where the current configuration comes from: a file locally, Secrets Manager on AWS. */
public interface ConfigSource {
    /** The configuration in force now. Never null; throws {@link ConfigException} if none was ever loaded. */
    HooklineConfig current();
}
