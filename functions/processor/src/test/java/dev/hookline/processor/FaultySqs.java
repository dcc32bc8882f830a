package dev.hookline.processor;

import dev.hookline.core.aws.AwsClients;
import dev.hookline.testing.Emulators;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

/**
 * A real SQS client on ElasticMQ whose SendMessageBatch entries carrying {@code marker} in their
 * body get an invalid {@code DelaySeconds}: the queue then refuses exactly those entries. Used
 * where a fault cannot be caused with valid input (the refusal itself is the server's).
 */
final class FaultySqs {
    private FaultySqs() {
    }

    static SqsClient delayingEntriesFor(Emulators emulators, String marker, int delaySeconds) {
        ExecutionInterceptor corrupt = new ExecutionInterceptor() {
            @Override
            public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
                if (context.request() instanceof SendMessageBatchRequest batch) {
                    return batch.toBuilder().entries(batch.entries().stream()
                            .map(e -> e.messageBody().contains(marker) ? e.toBuilder().delaySeconds(delaySeconds).build() : e)
                            .toList()).build();
                }
                return context.request();
            }
        };
        return SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .credentialsProvider(AwsClients.emulatorCredentials())
                .endpointOverride(emulators.sqsEndpoint())
                .overrideConfiguration(o -> o.addExecutionInterceptor(corrupt))
                .build();
    }
}
