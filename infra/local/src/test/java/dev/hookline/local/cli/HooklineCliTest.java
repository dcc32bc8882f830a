package dev.hookline.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's answers to wrong command lines: exit 2 with the reason and the usage, or exit 1 when it cannot act. */
class HooklineCliTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static void assertUsage(CliRun r, String message) {
        r.assertUsage(message, "Usage: hookline");
    }

    @Test
    void printsHelpForEveryCommand() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"send", "--help"},
                new String[] {"endpoints", "--help"}, new String[] {"deliveries", "--help"},
                new String[] {"dlq", "--help"}, new String[] {"local", "--help"}, new String[] {"event", "--help"},
                new String[] {"endpoints", "add", "--help"})) {
            CliRun r = run(args);
            assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: hookline"), r.out());
        }
    }

    @Test
    void rejectsNoCommandAndUnknownCommands() {
        assertEquals(2, run().code());
        assertUsage(run("frobnicate"), "unknown command 'frobnicate'");
        assertUsage(run("endpoints", "frob"), "unknown endpoints command 'frob'");
        assertUsage(run("deliveries", "frob"), "unknown deliveries command 'frob'");
        assertUsage(run("dlq", "flush"), "unknown dlq command 'flush'");
        assertUsage(run("endpoints"), "missing <command>");
    }

    @Test
    void rejectsMissingExtraAndUnknownArguments() {
        assertUsage(run("send", "stripe"), "missing <payload.json>");
        assertUsage(run("send", "stripe", "a.json", "b.json"), "unexpected argument 'b.json'");
        assertUsage(run("send", "stripe", "a.json", "--colour", "red"), "unknown option --colour");
        assertUsage(run("send", "stripe", "a.json", "--type"), "--type needs a value");
        assertUsage(run("endpoints", "add", "ep_x"), "missing <url>");
        assertUsage(run("endpoints", "show"), "missing <id>");
        assertUsage(run("dlq", "redrive", "outbound"), "inbound or deliveries, not 'outbound'");
        assertUsage(run("deliveries", "list", "--status", "LOST"), "--status must be one of");
        assertUsage(run("deliveries", "list", "--limit", "0"), "--limit must be a whole number");
        assertUsage(run("local", "--port", "http"), "--port must be a whole number from 1 to 65535");
    }

    @Test
    void sendNamesTheSourcesItKnowsAndTheFileItCannotFind() {
        Path config = Path.of("hookline.json").toAbsolutePath();
        if (!config.toFile().isFile()) {
            config = Path.of("infra/local/hookline.json").toAbsolutePath();
        }
        CliRun unknown = run("send", "paypal", "x.json", "--config", config.toString(), "--data-dir", dir.toString());
        assertUsage(unknown, "unknown source 'paypal'");
        assertTrue(unknown.err().contains("stripe"), unknown.err());
        CliRun noFile = run("send", "stripe", dir.resolve("missing.json").toString(), "--config", config.toString(),
                "--data-dir", dir.toString());
        assertUsage(noFile, "does not exist");
        CliRun badConfig = run("send", "stripe", "x.json", "--config", dir.resolve("none.json").toString(),
                "--data-dir", dir.toString());
        assertEquals(1, badConfig.code(), badConfig.err());
    }

    @Test
    void eventPrintsAFreshlySignedApiGatewayEventForSamLocalInvoke() throws Exception {
        Path config = Path.of("hookline.json").toAbsolutePath();
        if (!config.toFile().isFile()) {
            config = Path.of("infra/local/hookline.json").toAbsolutePath();
        }
        Path payload = dir.resolve("p.json");
        java.nio.file.Files.writeString(payload, "{\"type\":\"invoice.paid\"}");
        CliRun r = run("event", "acme", payload.toString(), "--id", "msg_1", "--config", config.toString());
        assertEquals(0, r.code(), r.err());
        var event = dev.hookline.core.json.Json.parseOrNull(r.out());
        assertEquals("2.0", event.get("version").asText());
        assertEquals("/webhooks/acme", event.get("rawPath").asText());
        assertEquals("acme", event.get("pathParameters").get("source").asText());
        assertEquals("{\"type\":\"invoice.paid\"}", event.get("body").asText());
        var headers = event.get("headers");
        String secret = new dev.hookline.core.config.FileConfigSource(config).current().source("acme").orElseThrow()
                .secrets().get(0);
        assertTrue(dev.hookline.core.signing.StandardWebhooks.verify(new dev.hookline.core.signing.StandardWebhooks
                        .Headers(headers.get("webhook-id").asText(), headers.get("webhook-timestamp").asText(),
                        headers.get("webhook-signature").asText()), event.get("body").asText(), List.of(secret),
                java.time.Instant.now(), java.time.Duration.ofMinutes(5)));
        assertUsage(run("event", "acme"), "missing <payload.json>");
    }

    @Test
    void saysHowToStartTheRuntimeWhenNoneIsRunning() {
        CliRun r = run("endpoints", "list", "--data-dir", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("bin/hookline local"), r.err());
        CliRun d = run("deliveries", "list", "--data-dir", dir.toString());
        assertEquals(1, d.code());
    }

    @Test
    void sayWhichVariableIsMissingOnAws() {
        CliRun r = run("deliveries", "show", "x", "--aws");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("DELIVERIES_TABLE"), r.err());
    }
}
