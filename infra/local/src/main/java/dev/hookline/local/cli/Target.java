package dev.hookline.local.cli;

import dev.hookline.core.aws.AwsClients;
import dev.hookline.core.config.ConfigParser;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.FileConfigSource;
import dev.hookline.core.config.Settings;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.RuntimeInfo;
import java.nio.file.Path;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the CLI's table and queue commands act: the running local runtime (found through
 * {@code <data-dir>/runtime.json}), or AWS with {@code --aws} (or {@code HOOKLINE_TARGET=aws}),
 * where the names come from the same environment variables the functions read and the
 * credentials and region from the usual AWS settings (profile, {@code AWS_REGION}).
 */
final class Target {
    final String description;
    final DynamoDbClient dynamo;
    final SqsClient sqs;
    final HooklineResources resources;
    final boolean allowHttp;
    private final Supplier<String> signingKey;

    private Target(String description, AwsClients clients, HooklineResources resources, boolean allowHttp,
                   Supplier<String> signingKey) {
        this.description = description;
        this.dynamo = clients.dynamoDb();
        this.sqs = clients.sqs();
        this.resources = resources;
        this.allowHttp = allowHttp;
        this.signingKey = signingKey;
    }

    static Target resolve(Args args, Settings env) {
        boolean aws = args.flag("aws") || "aws".equalsIgnoreCase(env.optional("HOOKLINE_TARGET"));
        return aws ? aws(env) : local(dataDir(args));
    }

    static Path dataDir(Args args) {
        return Path.of(args.option("data-dir", LocalOptions.DEFAULT_DATA_DIR.toString()));
    }

    static Target local(Path dataDir) {
        RuntimeInfo info;
        try {
            info = RuntimeInfo.read(dataDir);
        } catch (IllegalStateException e) {
            throw new CommandException(e.getMessage());
        }
        if (!info.alive()) {
            throw new CommandException("the local runtime that used data dir " + dataDir + " (pid " + info.pid()
                    + ") is not running; start it with: bin/hookline local");
        }
        AwsClients clients = AwsClients.forEmulators(java.net.URI.create(info.dynamoDbEndpoint()),
                java.net.URI.create(info.sqsEndpoint()), null);
        return new Target("local runtime " + info.url(), clients, info.resources(), true,
                () -> new FileConfigSource(Path.of(info.configFile())).current().signingKey());
    }

    static Target aws(Settings env) {
        HooklineResources resources = new HooklineResources(env.optional(EnvVars.EVENTS_TABLE),
                env.optional(EnvVars.ENDPOINTS_TABLE), env.optional(EnvVars.DELIVERIES_TABLE),
                env.optional(EnvVars.INBOUND_QUEUE_URL), env.optional("INBOUND_DLQ_URL"),
                env.optional(EnvVars.DELIVERIES_QUEUE_URL), env.optional(EnvVars.DELIVERIES_DLQ_URL));
        AwsClients clients = AwsClients.fromEnvironment(env);
        Supplier<String> key = () -> {
            String keyId = env.optional(EnvVars.SIGNING_KEY_SECRET_ID);
            if (keyId != null) {
                return clients.secretsManager().getSecretValue(b -> b.secretId(keyId)).secretString();
            }
            String configId = env.optional(EnvVars.CONFIG_SECRET_ID);
            if (configId != null) {
                return ConfigParser.parse(clients.secretsManager().getSecretValue(b -> b.secretId(configId))
                        .secretString()).signingKey();
            }
            throw new CommandException("set " + EnvVars.SIGNING_KEY_SECRET_ID + " or " + EnvVars.CONFIG_SECRET_ID
                    + " (the stack's secrets) to derive endpoint secrets on AWS");
        };
        return new Target("AWS " + clients.region(), clients, resources, env.flag(EnvVars.ALLOW_HTTP_ENDPOINTS), key);
    }

    /** A resource name or URL, or a clear error naming the variable to set on AWS. */
    static String need(String value, String variable) {
        if (value == null) {
            throw new CommandException("set " + variable + " (from the stack's outputs) to use this command on AWS");
        }
        return value;
    }

    String signingKey() {
        String key = signingKey.get();
        if (key == null) {
            throw new CommandException("the configuration has no signingKey, so endpoint secrets cannot be derived");
        }
        return key;
    }
}
