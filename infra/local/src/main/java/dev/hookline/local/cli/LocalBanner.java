package dev.hookline.local.cli;

import dev.hookline.core.config.FileConfigSource;
import dev.hookline.core.config.HooklineConfig;
import dev.hookline.core.config.Scheme;
import dev.hookline.core.config.SourceConfig;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalRuntime;
import java.nio.file.Path;

/** What {@code hookline local} prints once it is up: where things are and a first command to try. */
final class LocalBanner {
    private LocalBanner() {
    }

    static String text(LocalRuntime runtime, LocalOptions options) {
        HooklineConfig config = new FileConfigSource(Path.of(runtime.info().configFile())).current();
        String url = runtime.info().url();
        StringBuilder b = new StringBuilder();
        b.append("hookline local is up (pid ").append(runtime.info().pid()).append(")\n");
        b.append("  webhooks   POST ").append(url).append("/webhooks/{source}   sources: ")
                .append(String.join(", ", new java.util.TreeSet<>(config.sources().keySet()))).append('\n');
        b.append("  sinks      POST|GET ").append(url).append("/_sink/{name}   (?fail=500|timeout|410 to fail)\n");
        config.endpoints().forEach(e -> b.append("  endpoint   ").append(e.id()).append(" -> ").append(e.url())
                .append(' ').append(e.eventTypes()).append('\n'));
        b.append("  api        ").append(url).append("/v1   (GET ").append(url).append("/v1/openapi.json)\n");
        var admin = runtime.adminKey();
        if (admin.created()) {
            b.append("  admin key  ").append(admin.secret()).append("   (shown once; kept in ").append(admin.file())
                    .append(")\n");
        } else {
            b.append("  admin key  ").append(admin.masked()).append(admin.revoked() ? "   REVOKED" : "")
                    .append("   (in ").append(admin.file()).append(")\n");
        }
        b.append("  health     GET ").append(url).append("/_health\n");
        b.append("  DynamoDB Local ").append(runtime.info().dynamoDbEndpoint()).append(" (tables in ")
                .append(runtime.dataDir().resolve("dynamodb")).append(")\n");
        b.append("  ElasticMQ      ").append(runtime.info().sqsEndpoint()).append(" (queues and messages in ")
                .append(runtime.dataDir().resolve("sqs")).append(")\n");
        b.append("  sam local invoke --env-vars ").append(dev.hookline.local.SamEnvFile.file(runtime.dataDir()))
                .append('\n');
        b.append("  config     ").append(runtime.info().configFile()).append('\n');
        for (var seed : config.endpoints()) {
            if (seed.url().startsWith("http://127.0.0.1:") && !seed.url().startsWith(url + "/")) {
                b.append("  note: endpoint ").append(seed.id()).append(" points at another port than ")
                        .append(runtime.port()).append("; deliveries to it will fail\n");
            }
        }
        long restored = runtime.restoredMessages().values().stream().mapToLong(Long::longValue).sum();
        if (restored > 0) {
            b.append("  restored   ").append(restored).append(" queued message(s) from the last run: ")
                    .append(new java.util.TreeMap<>(runtime.restoredMessages())).append('\n');
        }
        String source = config.sources().values().stream().filter(s -> s.scheme() == Scheme.STRIPE)
                .map(SourceConfig::name).findFirst().orElse(config.sources().keySet().stream().findFirst().orElse("stripe"));
        String flags = options.dataDir().equals(LocalOptions.DEFAULT_DATA_DIR) ? ""
                : " --data-dir " + options.dataDir();
        b.append("\nTry it (in another terminal):\n");
        b.append("  bin/hookline send ").append(source).append(" events/payloads/").append(source).append(".json")
                .append(flags).append('\n');
        b.append("  curl -s ").append(url).append("/_sink/demo\n");
        b.append("  bin/hookline deliveries list").append(flags).append('\n');
        b.append("Ctrl-C stops it.\n");
        return b.toString();
    }
}
