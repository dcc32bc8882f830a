package dev.hookline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.config.FileConfigSource;
import dev.hookline.core.config.SourceConfig;
import dev.hookline.core.json.Json;
import dev.hookline.local.cli.EventCommand;
import dev.hookline.local.support.Await;
import dev.hookline.local.support.Http;
import dev.hookline.local.support.TestConfig;
import dev.hookline.testing.internal.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import dev.hookline.local.support.HooklineScript;
import dev.hookline.local.support.HooklineScript.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/hookline invoke}, run as a user runs it, against a local runtime started in this JVM:
 * the function's shaded jar runs in its own JVM under the Lambda runtime interface client and
 * works on the runtime's own tables and queues.
 */
class HooklineInvokeIT {
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
        return HooklineScript.run(dir, Duration.ofSeconds(90), args);
    }

    @Test
    void invokesTheReceiverJarOnceAndTheRuntimeDeliversWhatItQueued() throws Exception {
        // What `hookline event stripe events/payloads/stripe.json --id evt_invoke_it_1` prints.
        SourceConfig stripe = new FileConfigSource(Path.of(runtime.info().configFile())).current().source("stripe")
                .orElseThrow();
        Path eventFile = dir.resolve("stripe-event.json");
        Files.writeString(eventFile, EventCommand.signedEvent(stripe,
                Files.readAllBytes(root.resolve("events/payloads/stripe.json")), null, "evt_invoke_it_1", Instant.now()),
                StandardCharsets.UTF_8);

        Run invoked = hookline("invoke", "receiver", "--event", eventFile.toString(),
                "--data-dir", runtime.dataDir().toString());

        assertEquals(0, invoked.code(), invoked.out() + invoked.err());
        JsonNode response = Json.parseOrNull(invoked.out());
        assertEquals(202, response.get("statusCode").asInt(), invoked.out());
        assertTrue(invoked.err().contains("\"outcome\":\"accepted\""), "the function's log on stderr: " + invoked.err());
        // The invoked receiver queued on the runtime's inbound queue: its pollers route and deliver it.
        Await.value("the delivery at the demo sink", Duration.ofSeconds(30), () -> {
            List<JsonNode> found = new ArrayList<>();
            Json.parseOrNull(Http.get(URI.create(runtime.info().url() + "/_sink/demo")).body()).get("deliveries")
                    .forEach(d -> {
                        if ("evt_invoke_it_1".equals(d.path("body").path("data").path("id").asText())) {
                            found.add(d);
                        }
                    });
            return found;
        }, l -> !l.isEmpty());
    }

    @Test
    void anInvocationErrorExitsOneWithTheErrorType() throws Exception {
        Path bad = dir.resolve("bad-sqs-event.json");
        Files.writeString(bad, "{\"Records\":\"not a list\"}", StandardCharsets.UTF_8);

        Run invoked = hookline("invoke", "processor", "--event", bad.toString(),
                "--data-dir", runtime.dataDir().toString());

        assertEquals(1, invoked.code(), invoked.out() + invoked.err());
        assertEquals("", invoked.out());
        assertTrue(invoked.err().contains("hookline: processor failed: "), invoked.err());
        assertTrue(invoked.err().contains("\"errorType\""), invoked.err());
    }
}
