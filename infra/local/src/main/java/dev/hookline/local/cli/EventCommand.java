package dev.hookline.local.cli;

import dev.hookline.core.config.ConfigException;
import dev.hookline.core.config.FileConfigSource;
import dev.hookline.core.config.HooklineConfig;
import dev.hookline.core.config.SourceConfig;
import dev.hookline.core.json.Json;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.internal.ApiGatewayEvents;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code hookline event <source> <payload.json>}: prints the API Gateway event the receiver would
 * get for a freshly signed request, for {@code sam local invoke -e}. Fresh matters: the timestamped
 * schemes refuse a signature older than their tolerance (5 minutes by default).
 */
public final class EventCommand {
    static final Set<String> OPTIONS = Set.of("type", "id", "config");
    static final String HELP = """
            Usage: hookline event <source> <payload.json> [--type T] [--id ID] [--config FILE]

            Prints (to stdout) the API Gateway HTTP API event (payload format 2.0) that a webhook from the source
            becomes, signed now with the source's first secret from the config (default infra/local/hookline.json):
              bin/hookline event stripe events/payloads/stripe.json > /tmp/stripe-event.json
              sam local invoke ReceiverFunction -e /tmp/stripe-event.json
            The receiver must verify with the same secrets (the same config). --type and --id as for send.
            """;

    private EventCommand() {
    }

    static int run(Args args, PrintStream out) {
        if (args.help()) {
            out.print(HELP);
            return 0;
        }
        List<String> p = args.expect("source", "payload.json");
        Path configFile = Path.of(args.option("config", LocalOptions.DEFAULT_CONFIG.toString()));
        HooklineConfig config;
        try {
            config = new FileConfigSource(configFile).current();
        } catch (ConfigException e) {
            throw new CommandException(e.getMessage());
        }
        SourceConfig source = config.source(p.get(0)).orElseThrow(() -> new UsageException("unknown source '"
                + p.get(0) + "': " + configFile + " has " + String.join(", ", config.sources().keySet())));
        Path payloadFile = Path.of(p.get(1));
        if (!Files.isRegularFile(payloadFile)) {
            throw new UsageException("payload file " + payloadFile + " does not exist");
        }
        byte[] payload;
        try {
            payload = Files.readAllBytes(payloadFile);
        } catch (IOException e) {
            throw new CommandException("cannot read " + payloadFile + ": " + e.getMessage());
        }
        out.println(signedEvent(source, payload, args.option("type"), args.option("id"), Instant.now()));
        return 0;
    }

    /**
     * The API Gateway HTTP API event (pretty JSON) of a webhook from the source, signed at {@code now}
     * with the source's first secret; {@code type} and {@code eventId} as for {@code send} (may be null).
     */
    public static String signedEvent(SourceConfig source, byte[] payload, String type, String eventId, Instant now) {
        WebhookSigner.SignedRequest signed = WebhookSigner.sign(source, payload, type, eventId, now);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        signed.headers().forEach((k, v) -> headers.put(k, List.of(v)));
        headers.put("Host", List.of("local.execute-api.localhost"));
        headers.put("Content-Length", List.of(Integer.toString(signed.body().length)));
        headers.put("User-Agent", List.of("hookline-cli"));
        var event = ApiGatewayEvents.toEvent(new ApiGatewayEvents.Request("POST", "/webhooks/" + source.name(), null,
                headers, signed.body(), "127.0.0.1", "HTTP/1.1"), now);
        return Json.MAPPER.valueToTree(ApiGatewayEvents.toJson(event)).toPrettyString();
    }
}
