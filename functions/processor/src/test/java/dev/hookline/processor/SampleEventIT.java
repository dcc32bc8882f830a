package dev.hookline.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.Settings;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.json.Json;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.LocalContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sample event of {@code events/processor/} (also what {@code sam local invoke} uses) through the real handler. */
@ExtendWith(EmulatorsExtension.class)
class SampleEventIT {

    @Test
    void sampleSqsEventIsRoutedByTheHandlerBuiltFromTheEnvironment(Emulators emulators) {
        ProcessorFixture f = ProcessorFixture.create(emulators);
        f.registry.create("ep_billing", "https://billing.example.com/hook", List.of("invoice.*"), null);
        Map<String, String> env = new HashMap<>(f.resources.toEnvironment());
        env.put(EnvVars.ENDPOINT_URL_DYNAMODB, emulators.dynamoDbEndpoint().toString());
        env.put(EnvVars.ENDPOINT_URL_SQS, emulators.sqsEndpoint().toString());
        env.put(EnvVars.ENDPOINT_CACHE_SECONDS, "5");
        env.put("AWS_REGION", "us-east-1");
        SQSEvent event = EventLoader.loadSQSEvent("../../events/processor/sqs-event.json");

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.out;
        SQSBatchResponse response;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            ProcessorHandler handler = ProcessorHandler.fromEnvironment(new Settings(env));
            response = handler.handleRequest(event, new LocalContext("processor"));
        } finally {
            System.setOut(original);
            original.print(stdout.toString(StandardCharsets.UTF_8)); // the function's log and metrics, for the report
        }

        assertEquals(List.of(), response.getBatchItemFailures());
        List<DeliveryMessage> deliveries = f.drainDeliveries();
        assertEquals(1, deliveries.size());
        assertEquals("stripe#evt_1QsampleInvoiceFailed/ep_billing", deliveries.get(0).deliveryId());
        JsonNode payload = Json.parseOrNull(deliveries.get(0).payload());
        assertEquals("2026-11-01T09:30:00.123Z", payload.get("timestamp").asText());
        assertEquals("in_1QsampleInvoice", payload.at("/data/data/object/id").asText());
        assertEquals("PROCESSED", f.status("stripe#evt_1QsampleInvoiceFailed"));
        assertEquals("PROCESSED", f.status("github#5f0e2a10-b7d1-11ef-9a3c-2f1d8a6c0b11"), "unrouted, acknowledged");

        List<JsonNode> lines = stdout.toString(StandardCharsets.UTF_8).lines().map(Json::parseOrNull).toList();
        JsonNode alert = lines.stream().filter(l -> l != null && "payment_failed".equals(Json.text(l, "alert")))
                .findFirst().orElseThrow(() -> new AssertionError("the example handler ran: " + lines));
        assertEquals("cus_Qsample", alert.get("customerId").asText());
        assertEquals(4200, alert.get("amountDue").asInt());
        JsonNode metrics = lines.stream().filter(l -> l != null && l.has("_aws")).findFirst().orElseThrow();
        assertEquals(2, metrics.get("processed").asInt());
        assertEquals(1, metrics.get("unrouted").asInt());
        assertTrue(metrics.get("endToEndLatency").isArray());
    }
}
