package dev.hookline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.json.Json;
import dev.hookline.core.resources.QueueSpec;
import dev.hookline.local.support.TestConfig;
import dev.hookline.local.support.TestFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** What survives a clean restart: the tables (DynamoDB Local on disk) and the queued messages (ElasticMQ's H2 store). */
class LocalRuntimeRestartIT {
    @TempDir
    Path dir;

    @Test
    void keepsTablesAndQueuedMessagesAcrossARestart() {
        Path config = TestConfig.writeFor(0, dir);
        Path data = dir.resolve("data");
        LocalOptions options = LocalOptions.defaults(new TestFunctions().functions()).withConfigFile(config)
                .withPort(0).withDataDir(data);

        try (LocalRuntime first = LocalRuntime.start(options)) {
            assertEquals(0L, first.restoredMessages().values().stream().mapToLong(Long::longValue).sum());
            new EndpointRegistry(first.clients().dynamoDb(), first.resources().endpointsTable(),
                    new EndpointUrlPolicy(true), Clock.systemUTC())
                    .create("ep_kept", "https://example.com/hook", List.of("*"), null);
            // No poller reads the DLQs: what is there stays until a redrive.
            first.clients().sqs().sendMessage(b -> b.queueUrl(first.resources().inboundDlqUrl())
                    .messageBody("{\"kept\":true}"));
            assertTrue(Files.exists(RuntimeInfo.file(data)));
            assertTrue(Files.exists(SamEnvFile.file(data)));
        }
        assertFalse(Files.exists(RuntimeInfo.file(data)), "a clean stop removes runtime.json");
        assertFalse(Files.exists(SamEnvFile.file(data)), "and sam-env.json, whose ports are gone");

        try (LocalRuntime second = LocalRuntime.start(options)) {
            EndpointRegistry registry = new EndpointRegistry(second.clients().dynamoDb(),
                    second.resources().endpointsTable(), new EndpointUrlPolicy(true), Clock.systemUTC());
            assertTrue(registry.get("ep_kept").isPresent(), "endpoints persist");
            assertTrue(registry.get("ep_demo").isPresent(), "seeds are still there, not duplicated");
            assertEquals(1L, second.restoredMessages().get(LocalRuntime.PREFIX + "inbound-dlq"));
            var received = second.clients().sqs().receiveMessage(b -> b.queueUrl(second.resources().inboundDlqUrl())
                    .waitTimeSeconds(1)).messages();
            assertEquals(1, received.size());
            assertEquals("{\"kept\":true}", received.get(0).body());
        }
    }

    @Test
    void aRestartWithOtherQueueSettingsAppliesThemToTheRestoredQueues() {
        Path config = TestConfig.writeFor(0, dir);
        LocalOptions options = LocalOptions.defaults(new TestFunctions().functions()).withConfigFile(config)
                .withPort(0).withDataDir(dir.resolve("data"));
        try (LocalRuntime first = LocalRuntime.start(options)) {
            assertEquals("360", attribute(first, QueueAttributeName.VISIBILITY_TIMEOUT));
        }
        // ElasticMQ, like SQS, refuses to "create" an existing queue with other attributes: the
        // restart must still start, and the queues take the new settings.
        LocalOptions changed = options.withVisibilityTimeout(Duration.ofSeconds(7));
        try (LocalRuntime second = LocalRuntime.start(changed)) {
            assertEquals("7", attribute(second, QueueAttributeName.VISIBILITY_TIMEOUT));
            // The redrive policy survives the change: the sender counts the attempt budget, the queue's is a safety net.
            assertEquals(QueueSpec.DELIVERIES_MAX_RECEIVES, Json.parseOrNull(attribute(second,
                    QueueAttributeName.REDRIVE_POLICY)).get("maxReceiveCount").asInt());
        }
    }

    @Test
    void aFixedEmulatorPortInUseFailsTheStartSayingWhichOption() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            LocalOptions options = LocalOptions.defaults(new TestFunctions().functions())
                    .withConfigFile(TestConfig.writeFor(0, dir)).withPort(0).withDataDir(dir.resolve("data"))
                    .withEmulatorPorts(0, taken.getLocalPort());
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> LocalRuntime.start(options));
            assertEquals("port " + taken.getLocalPort() + " on 127.0.0.1 is in use; pick another with --sqs-port",
                    e.getMessage());
        }
        // What it had started is stopped again: the data dir is free for the next start.
        try (LocalRuntime next = LocalRuntime.start(LocalOptions.defaults(new TestFunctions().functions())
                .withConfigFile(TestConfig.writeFor(0, dir)).withPort(0).withDataDir(dir.resolve("data")))) {
            assertEquals(200, next.health().status());
        }
    }

    private static String attribute(LocalRuntime runtime, QueueAttributeName name) {
        return runtime.clients().sqs().getQueueAttributes(b -> b.queueUrl(runtime.resources().deliveriesQueueUrl())
                .attributeNames(name)).attributes().get(name);
    }
}
