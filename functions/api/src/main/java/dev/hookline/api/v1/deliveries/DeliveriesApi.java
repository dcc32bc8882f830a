package dev.hookline.api.v1.deliveries;

import dev.hookline.core.deliveries.DeliveryLog;
import java.time.Clock;
import software.amazon.awssdk.services.sqs.SqsClient;

/** What the delivery-log routes need, built once per container by the handler. */
public record DeliveriesApi(DeliveryLog log, EndpointTenants endpoints, DeliveryPayloads payloads, SqsClient sqs,
                            String deliveriesQueueUrl, Clock clock) {
}
