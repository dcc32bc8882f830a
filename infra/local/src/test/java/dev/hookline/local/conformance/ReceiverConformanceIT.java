package dev.hookline.local.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.config.SourceConfig;
import dev.hookline.core.json.Json;
import dev.hookline.local.cli.EventCommand;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.lambda.CredentialsMode;
import dev.hookline.testing.lambda.LambdaProcess;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The receiver's shaded jar under the Lambda runtime interface client, in both credential modes:
 * one API Gateway event per signature scheme from events/ (github and shopify as committed; the
 * timestamped schemes re-signed now from events/payloads, as {@code hookline event} does), each
 * answered 202 and found on the inbound queue.
 */
@ExtendWith(EmulatorsExtension.class)
class ReceiverConformanceIT {

    @ParameterizedTest
    @EnumSource(CredentialsMode.class)
    void everySchemeIsAcceptedAndQueued(CredentialsMode mode, Emulators emulators) {
        ConformanceSetup setup = ConformanceSetup.create(emulators);
        Map<String, String> events = events(setup);

        int mark = emulators.calls().size();
        try (LambdaProcess receiver = setup.start("receiver", mode, Map.of())) {
            for (Map.Entry<String, String> event : events.entrySet()) {
                JsonNode response = ConformanceSetup.payload(receiver.invoke(event.getValue()), receiver);
                assertEquals(202, response.get("statusCode").asInt(), event.getKey() + ": " + response);
                assertEquals("accepted", Json.parseOrNull(response.get("body").asText()).get("status").asText());
            }
            Set<String> queuedSources = new TreeSet<>();
            for (Message message : emulators.sqs().receiveMessage(b -> b.queueUrl(setup.resources.inboundQueueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(1).messageAttributeNames("All")).messages()) {
                queuedSources.add(message.messageAttributes().get("source").stringValue());
            }
            assertEquals(new TreeSet<>(events.keySet()), queuedSources);
            Credentials.assertUsed(receiver, ConformanceSetup.since(emulators, mark), mode, "dynamodb", "sqs",
                    "secretsmanager");
        }
    }

    /** Source name to API Gateway event: every scheme of infra/local/hookline.json. */
    private static Map<String, String> events(ConformanceSetup setup) {
        Map<String, String> events = new LinkedHashMap<>();
        events.put("github", ConformanceSetup.read("events/receiver/github.json"));
        events.put("shopify", ConformanceSetup.read("events/receiver/shopify.json"));
        Instant now = Instant.now();
        for (String source : new String[] {"stripe", "slack", "acme", "generic"}) {
            SourceConfig config = setup.config.source(source).orElseThrow();
            byte[] payload = ConformanceSetup.read("events/payloads/" + source + ".json").getBytes(StandardCharsets.UTF_8);
            events.put(source, EventCommand.signedEvent(config, payload, null, null, now));
        }
        assertTrue(events.size() == 6, "one event per scheme");
        return events;
    }
}
