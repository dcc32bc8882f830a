package dev.hookline.local.cli;

import dev.hookline.core.config.ConfigException;
import dev.hookline.core.config.FileConfigSource;
import dev.hookline.core.config.HooklineConfig;
import dev.hookline.core.config.SourceConfig;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.RuntimeInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** {@code hookline send <source> <payload.json>}: sign like the provider, POST, print the answer. */
final class SendCommand {
    static final String HELP = """
            Usage: hookline send <source> <payload.json> [options]

            Signs the payload with the source's scheme and first secret from the config (as the provider
            would: signature, event id and timestamp headers) and POSTs it to /webhooks/<source>.
            Prints the HTTP status and the response body; exits 0 on a 2xx answer, 1 otherwise.

            Options:
              --type T        event type, for schemes that send it in a header:
                              github (X-GitHub-Event, e.g. issues), shopify (X-Shopify-Topic, e.g. orders/create)
              --id ID         event id to use (default: a fresh one where the scheme sends it in a header;
                              the payload's own id for stripe and slack, which read it from the body)
              --url URL       base URL (default: the running local runtime's, else http://127.0.0.1:3000;
                              with --stack, the stack's WebhookUrl output)
              --config FILE   config with the source's secrets (default: the running runtime's config,
                              else infra/local/hookline.json; on AWS, the deployed config secret)
              --data-dir DIR  the local runtime's data dir (default .hookline/data)
              --stack NAME    send to a deployed stack (outputs read with the AWS CLI); --aws for the
                              environment variables only (see hookline --help)
            """;

    private SendCommand() {
    }

    static int run(Args args, dev.hookline.core.config.Settings env, PrintStream out) {
        if (args.help()) {
            out.print(HELP);
            return 0;
        }
        var positionals = args.expect("source", "payload.json");
        String sourceName = positionals.get(0);
        Path payloadFile = Path.of(positionals.get(1));
        boolean aws = Target.isAws(args, env);
        Target stack = aws ? Target.aws(env, Target.stack(args, env)) : null;
        RuntimeInfo runtime = aws ? null : runningRuntime(Target.dataDir(args));
        String configName;
        HooklineConfig config;
        try {
            if (aws && args.option("config") == null) {
                configName = "the deployed configuration";
                config = stack.config();
            } else {
                Path configFile = Path.of(args.option("config",
                        runtime != null ? runtime.configFile() : LocalOptions.DEFAULT_CONFIG.toString()));
                configName = configFile.toString();
                config = new FileConfigSource(configFile).current();
            }
        } catch (ConfigException e) {
            throw new CommandException(e.getMessage());
        }
        SourceConfig source = config.source(sourceName).orElseThrow(() -> new UsageException("unknown source '"
                + sourceName + "': " + configName + " has " + String.join(", ", config.sources().keySet())));
        String target;
        if (args.option("url") != null) {
            target = args.option("url").replaceAll("/+$", "") + "/webhooks/" + sourceName;
        } else if (aws) {
            if (stack.webhookUrl == null) {
                throw new UsageException("on AWS give --stack NAME (its WebhookUrl output) or --url BASE_URL");
            }
            target = stack.webhookUrl.replace("{source}", sourceName);
        } else {
            target = (runtime != null ? runtime.url() : "http://127.0.0.1:" + LocalOptions.DEFAULT_PORT)
                    + "/webhooks/" + sourceName;
        }
        if (!Files.isRegularFile(payloadFile)) {
            throw new UsageException("payload file " + payloadFile + " does not exist");
        }
        byte[] payload;
        try {
            payload = Files.readAllBytes(payloadFile);
        } catch (IOException e) {
            throw new CommandException("cannot read " + payloadFile + ": " + e.getMessage());
        }
        WebhookSigner.SignedRequest signed = WebhookSigner.sign(source, payload, args.option("type"),
                args.option("id"), Instant.now());

        URI uri;
        try {
            uri = URI.create(target);
        } catch (IllegalArgumentException e) {
            throw new UsageException("not a URL: " + target);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
        signed.headers().forEach(request::header);
        out.println("POST " + uri + "  (" + source.scheme().configName() + ", event id " + signed.eventId() + ")");
        HttpResponse<String> response;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CommandException("cannot reach " + uri + " (" + e.getClass().getSimpleName()
                    + "); is the runtime up? start it with: bin/hookline local");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted");
        }
        out.println("HTTP " + response.statusCode() + " " + response.body());
        return response.statusCode() / 100 == 2 ? 0 : 1;
    }

    private static RuntimeInfo runningRuntime(Path dataDir) {
        try {
            RuntimeInfo info = RuntimeInfo.read(dataDir);
            return info.alive() ? info : null;
        } catch (IllegalStateException e) {
            return null;
        }
    }

    static final Set<String> OPTIONS = Set.of("type", "id", "url", "config", "data-dir", "stack");
}
