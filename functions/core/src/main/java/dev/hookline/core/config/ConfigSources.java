package dev.hookline.core.config;

import dev.hookline.core.aws.AwsClients;
import dev.hookline.core.log.JsonLog;
import java.nio.file.Path;
import java.time.Clock;

/** Picks the configuration source from the environment: the secret on AWS, else the file. */
public final class ConfigSources {
    private ConfigSources() {
    }

    public static ConfigSource fromEnvironment(Settings settings, AwsClients clients, Clock clock, JsonLog log) {
        String secretId = settings.optional(EnvVars.CONFIG_SECRET_ID);
        if (secretId != null) {
            return new SecretsManagerConfigSource(clients.secretsManager(), secretId, settings.configRefresh(), clock,
                    log);
        }
        String file = settings.optional(EnvVars.CONFIG_FILE);
        if (file != null) {
            return new FileConfigSource(Path.of(file));
        }
        throw new ConfigException("no configuration: set " + EnvVars.CONFIG_SECRET_ID + " (Secrets Manager) or "
                + EnvVars.CONFIG_FILE + " (a JSON file)");
    }

    /**
     * The local config file only, for a function that reads the configuration nowhere but off AWS
     * (the sender's signing key comes from its own secret there): its role then needs no access
     * to the config secret, which holds every provider's secret.
     */
    public static ConfigSource fromFile(Settings settings) {
        String file = settings.optional(EnvVars.CONFIG_FILE);
        if (file == null) {
            throw new ConfigException("no configuration: set " + EnvVars.CONFIG_FILE + " (a JSON file)");
        }
        return new FileConfigSource(Path.of(file));
    }
}
