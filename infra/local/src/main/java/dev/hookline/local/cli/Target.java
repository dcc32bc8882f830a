package dev.hookline.local.cli;

import dev.hookline.core.aws.AwsClients;
import dev.hookline.core.config.ConfigParser;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.FileConfigSource;
import dev.hookline.core.config.HooklineConfig;
import dev.hookline.core.config.Settings;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.RuntimeInfo;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the CLI's table and queue commands act: the running local runtime (found through
 * {@code <data-dir>/runtime.json}), or AWS with {@code --aws}, {@code --stack NAME} (or
 * {@code HOOKLINE_TARGET=aws}, {@code HOOKLINE_STACK}), where the names come from the same
 * environment variables the functions read or from the stack's outputs, and the credentials and
 * region from the usual AWS settings (profile, {@code AWS_REGION}).
 */
final class Target {
    final String description;
    final DynamoDbClient dynamo;
    final SqsClient sqs;
    final HooklineResources resources;
    final boolean allowHttp;
    private final Supplier<String> signingKey;
    private final Supplier<HooklineConfig> config;
    /** The deployed webhook URL with a {source} placeholder, or null (local, or AWS without --stack). */
    final String webhookUrl;

    private Target(String description, AwsClients clients, HooklineResources resources, boolean allowHttp,
                   Supplier<String> signingKey, Supplier<HooklineConfig> config, String webhookUrl) {
        this.config = config;
        this.webhookUrl = webhookUrl;
        this.description = description;
        this.dynamo = clients.dynamoDb();
        this.sqs = clients.sqs();
        this.resources = resources;
        this.allowHttp = allowHttp;
        this.signingKey = signingKey;
    }

    static Target resolve(Args args, Settings env) {
        return isAws(args, env) ? aws(env, stack(args, env)) : local(dataDir(args));
    }

    static boolean isAws(Args args, Settings env) {
        return args.flag("aws") || stack(args, env) != null || "aws".equalsIgnoreCase(env.optional("HOOKLINE_TARGET"));
    }

    static String stack(Args args, Settings env) {
        String stack = args.option("stack");
        return stack != null ? stack : env.optional("HOOKLINE_STACK");
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
        Supplier<HooklineConfig> config = () -> new FileConfigSource(Path.of(info.configFile())).current();
        return new Target("local runtime " + info.url(), clients, info.resources(), true,
                () -> config.get().signingKey(), config, null);
    }

    /**
     * AWS: each name from its environment variable, else from the stack's outputs when a stack is
     * named ({@code --stack} or {@code HOOKLINE_STACK}).
     */
    static Target aws(Settings env, String stack) {
        Map<String, String> outputs = stack == null ? Map.of()
                : StackOutputs.describe(stack, env.optional("AWS_REGION") != null ? env.optional("AWS_REGION")
                : env.optional("AWS_DEFAULT_REGION"));
        java.util.function.BiFunction<String, String, String> pick = (variable, output) -> {
            String value = env.optional(variable);
            return value != null ? value : outputs.get(output);
        };
        HooklineResources resources = new HooklineResources(pick.apply(EnvVars.EVENTS_TABLE, "EventsTableName"),
                pick.apply(EnvVars.ENDPOINTS_TABLE, "EndpointsTableName"),
                pick.apply(EnvVars.DELIVERIES_TABLE, "DeliveriesTableName"),
                pick.apply(EnvVars.INBOUND_QUEUE_URL, "InboundQueueUrl"),
                pick.apply("INBOUND_DLQ_URL", "InboundDlqUrl"),
                pick.apply(EnvVars.DELIVERIES_QUEUE_URL, "DeliveriesQueueUrl"),
                pick.apply(EnvVars.DELIVERIES_DLQ_URL, "DeliveriesDlqUrl"));
        AwsClients clients = AwsClients.fromEnvironment(env);
        String keyId = pick.apply(EnvVars.SIGNING_KEY_SECRET_ID, "SigningKeySecretArn");
        String configId = pick.apply(EnvVars.CONFIG_SECRET_ID, "ConfigSecretArn");
        Supplier<HooklineConfig> config = () -> {
            if (configId == null) {
                throw new CommandException("set " + EnvVars.CONFIG_SECRET_ID + " or --stack NAME to read the "
                        + "deployed configuration, or give --config FILE");
            }
            return ConfigParser.parse(clients.secretsManager().getSecretValue(b -> b.secretId(configId))
                    .secretString());
        };
        Supplier<String> key = () -> keyId != null
                ? clients.secretsManager().getSecretValue(b -> b.secretId(keyId)).secretString()
                : config.get().signingKey();
        return new Target("AWS " + clients.region(), clients, resources, env.flag(EnvVars.ALLOW_HTTP_ENDPOINTS), key,
                config, outputs.get("WebhookUrl"));
    }

    /** A resource name or URL, or a clear error naming the variable to set on AWS. */
    static String need(String value, String variable) {
        if (value == null) {
            throw new CommandException("set " + variable + " (from the stack's outputs) to use this command on AWS");
        }
        return value;
    }

    HooklineConfig config() {
        return config.get();
    }

    String signingKey() {
        String key = signingKey.get();
        if (key == null) {
            throw new CommandException("the configuration has no signingKey, so endpoint secrets cannot be derived");
        }
        return key;
    }
}
