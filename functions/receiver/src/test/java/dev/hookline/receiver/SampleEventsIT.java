package dev.hookline.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.hookline.core.log.JsonLog;
import dev.hookline.core.metrics.Metrics;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.receiver.testing.InboundProbe;
import dev.hookline.testing.MutableClock;
import dev.hookline.receiver.testing.TestConfig;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.LocalContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sample API Gateway events of {@code events/receiver/} (one per scheme, signed with the
 * secrets of {@code config/receiver-test-config.json}), loaded with aws-lambda-java-tests and
 * handed to the handler with its clock at the event's time.
 */
@ExtendWith(EmulatorsExtension.class)
class SampleEventsIT {
    private static final Path EVENTS = Path.of("../../events/receiver");

    private static Emulators emulators;
    private static HooklineResources resources;

    @BeforeAll
    static void provision(Emulators given) {
        emulators = given;
        resources = given.provision();
    }

    @ParameterizedTest
    @ValueSource(strings = {"standard-webhooks", "stripe", "github", "shopify", "slack", "hmac"})
    void sampleEventIsAccepted(String scheme) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(EVENTS.resolve(scheme + ".json").toString());
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(event.getRequestContext().getTimeEpoch()));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        var asReceiver = emulators.clientsAs("receiver");
        ReceiverHandler handler = new ReceiverHandler(TestConfig.source(), asReceiver.dynamoDb(), asReceiver.sqs(),
                resources.eventsTable(), resources.inboundQueueUrl(), clock, ReceiverOptions.defaults(),
                new JsonLog("receiver", quiet, clock, false), new Metrics("receiver", quiet, clock));

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new LocalContext("receiver"));

        assertEquals(202, response.getStatusCode(), response.getBody());
        String source = event.getPathParameters().get("source");
        String eventId = dev.hookline.core.json.Json.parseOrNull(response.getBody()).get("eventId").asText();
        var messages = new InboundProbe(emulators.sqs(), resources.inboundQueueUrl()).messagesFor(source, eventId);
        assertEquals(1, messages.size());
        // The test config sends shopify's events to tenant "shops"; the others name none.
        assertEquals(source.equals("shopify") ? "shops" : "default",
                dev.hookline.core.events.InboundMessage.fromJson(messages.get(0).body()).tenant(),
                "the queued event names the tenant its source fans out to");
    }

    @Test
    void everySampleEventIsTested() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS)) {
            assertEquals(List.of("github.json", "hmac.json", "shopify.json", "slack.json", "standard-webhooks.json",
                    "stripe.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(Files.isRegularFile(EVENTS.resolve("github.json")));
    }
}
