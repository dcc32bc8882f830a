package dev.hookline.local.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.lambda.CredentialsMode;
import dev.hookline.testing.lambda.LambdaProcess;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The processor's shaded jar under the Lambda runtime interface client, in both credential modes:
 * events/processor/sqs-event.json, its records put on the provisioned inbound queue and received
 * back (real message ids and receipt handles), is routed with no batch item failure and fans the
 * invoice event out to the one subscribed endpoint.
 */
@ExtendWith(EmulatorsExtension.class)
class ProcessorConformanceIT {

    @ParameterizedTest
    @EnumSource(CredentialsMode.class)
    void sampleEventIsRoutedAndFannedOut(CredentialsMode mode, Emulators emulators) {
        ConformanceSetup setup = ConformanceSetup.create(emulators);
        new EndpointRegistry(emulators.dynamoDb(), setup.resources.endpointsTable(), new EndpointUrlPolicy(false),
                Clock.systemUTC()).create("ep_billing", "https://billing.example.com/hook", List.of("invoice.*"), null);
        String event = setup.sqsEventOnQueue("events/processor/sqs-event.json", setup.resources.inboundQueueUrl());

        int mark = emulators.calls().size();
        try (LambdaProcess processor = setup.start("processor", mode, Map.of())) {
            JsonNode response = ConformanceSetup.payload(processor.invoke(event), processor);

            assertEquals(0, response.get("batchItemFailures").size(), response.toString());
            List<DeliveryMessage> deliveries = emulators.sqs().receiveMessage(b -> b
                            .queueUrl(setup.resources.deliveriesQueueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages().stream().map(m -> DeliveryMessage.fromJson(m.body())).toList();
            assertEquals(List.of("stripe#evt_1QsampleInvoiceFailed/ep_billing"),
                    deliveries.stream().map(DeliveryMessage::deliveryId).toList());
            Credentials.assertUsed(processor, ConformanceSetup.since(emulators, mark), mode, "dynamodb", "sqs");
        }
    }
}
