package dev.hookline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.json.Json;
import dev.hookline.local.support.Await;
import dev.hookline.local.support.Http;
import dev.hookline.local.support.TestConfig;
import dev.hookline.testing.internal.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import dev.hookline.local.support.HooklineScript;
import dev.hookline.local.support.HooklineScript.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/hookline} script, run as a process (as a user runs it) against a local
 * runtime started in this JVM. HOOKLINE_NO_BUILD=1: the surrounding Maven run has just built the
 * classes and written target/classpath.txt.
 */
class HooklineCliIT {
    @TempDir
    static Path dir;
    static LocalRuntime runtime;
    static Path root;

    @BeforeAll
    static void start() {
        root = HooklineScript.root();
        int port = FreePorts.pick();
        runtime = LocalRuntime.start(LocalOptions.defaults(Functions.hookline())
                .withConfigFile(TestConfig.writeFor(port, dir)).withPort(port).withDataDir(dir.resolve("data")));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static Run hookline(String... args) throws IOException, InterruptedException {
        return HooklineScript.run(dir, Duration.ofSeconds(60), args);
    }

    @Test
    void printsItsHelp() throws Exception {
        Run help = hookline("--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("Usage: hookline <command>"), help.out());
        for (String command : List.of("local", "send", "endpoints", "deliveries", "dlq")) {
            assertTrue(help.out().contains(command), command);
        }
        Run sendHelp = hookline("send", "--help");
        assertEquals(0, sendHelp.code());
        assertTrue(sendHelp.out().contains("Usage: hookline send <source> <payload.json>"), sendHelp.out());
    }

    @Test
    void sendsASignedSampleThatGetsDelivered() throws Exception {
        Path payload = root.resolve("events/payloads/stripe.json");
        Run sent = hookline("send", "stripe", payload.toString(), "--id", "evt_cli_it_1",
                "--data-dir", runtime.dataDir().toString());
        assertEquals(0, sent.code(), sent.out() + sent.err());
        assertTrue(sent.out().contains("HTTP 202"), sent.out());
        assertTrue(sent.out().contains(runtime.info().url() + "/webhooks/stripe"), "found the runtime: " + sent.out());

        JsonNode delivered = Await.value("the delivery at the demo sink", Duration.ofSeconds(30), () -> {
            List<JsonNode> found = new ArrayList<>();
            Json.parseOrNull(Http.get(URI.create(runtime.info().url() + "/_sink/demo")).body()).get("deliveries")
                    .forEach(d -> {
                        if ("evt_cli_it_1".equals(d.path("body").path("data").path("id").asText())) {
                            found.add(d);
                        }
                    });
            return found;
        }, l -> !l.isEmpty()).get(0);
        assertTrue(delivered.get("signatureValid").asBoolean(), delivered.toPrettyString());

        Run again = hookline("send", "stripe", payload.toString(), "--id", "evt_cli_it_1",
                "--data-dir", runtime.dataDir().toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("HTTP 200") && again.out().contains("duplicate"), again.out());

        Run list = hookline("deliveries", "list", "--data-dir", runtime.dataDir().toString());
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("stripe#evt_cli_it_1/ep_demo"), list.out());
    }

    @Test
    void failsWithAReasonAndExitCodeOnBadInput() throws Exception {
        Run unknown = hookline("send", "paypal", "events/payloads/stripe.json", "--data-dir",
                runtime.dataDir().toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown source 'paypal'"), unknown.err());
        Run missing = hookline("endpoints", "show");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("missing <id>"), missing.err());
        Run noRuntime = hookline("deliveries", "list", "--data-dir", dir.resolve("nothing-here").toString());
        assertEquals(1, noRuntime.code());
        assertTrue(noRuntime.err().contains("bin/hookline local"), noRuntime.err());
        assertTrue(noRuntime.out().isEmpty(), noRuntime.out());
    }
}
