package dev.hookline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.events.EventStatus;
import dev.hookline.local.support.TestConfig;
import dev.hookline.local.support.TestFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What survives a restart: the tables (DynamoDB Local on disk), not the queued messages (ElasticMQ in memory). */
class LocalRuntimeRestartIT {
    @TempDir
    Path dir;

    @Test
    void keepsTablesAcrossARestartAndCountsTheQueuedEventsItLost() {
        Path config = TestConfig.writeFor(0, dir);
        Path data = dir.resolve("data");
        LocalOptions options = LocalOptions.defaults(new TestFunctions().functions()).withConfigFile(config)
                .withPort(0).withDataDir(data);

        try (LocalRuntime first = LocalRuntime.start(options)) {
            assertEquals(0, first.lostOnRestart());
            new EndpointRegistry(first.clients().dynamoDb(), first.resources().endpointsTable(),
                    new EndpointUrlPolicy(true), Clock.systemUTC())
                    .create("ep_kept", "https://example.com/hook", List.of("*"), null);
            // As the receiver leaves an accepted event: claimed and ENQUEUED, its message on the queue.
            first.clients().dynamoDb().putItem(b -> b.tableName(first.resources().eventsTable()).item(Map.of(
                    "pk", AttributeValue.fromS("stripe#evt_in_flight"),
                    "status", AttributeValue.fromS(EventStatus.ENQUEUED.name()))));
            assertTrue(Files.exists(RuntimeInfo.file(data)));
        }
        assertFalse(Files.exists(RuntimeInfo.file(data)), "a clean stop removes runtime.json");

        try (LocalRuntime second = LocalRuntime.start(options)) {
            EndpointRegistry registry = new EndpointRegistry(second.clients().dynamoDb(),
                    second.resources().endpointsTable(), new EndpointUrlPolicy(true), Clock.systemUTC());
            assertTrue(registry.get("ep_kept").isPresent(), "endpoints persist");
            assertTrue(registry.get("ep_demo").isPresent(), "seeds are still there, not duplicated");
            assertEquals(1, second.lostOnRestart(), "the in-flight event's message did not survive");
            assertEquals(0, Integer.parseInt(second.clients().sqs().getQueueAttributes(b -> b
                    .queueUrl(second.resources().inboundQueueUrl()).attributeNamesWithStrings(
                            "ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages")));
        }
    }
}
