package dev.hookline.receiver.testing;

import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * A real SQS client on ElasticMQ whose SendMessage really sends and then throws the SDK's
 * timeout, as when SQS stored the message but its answer never arrived. A fake for the one fault
 * that cannot be caused for real on a loopback emulator: a lost response after a successful write.
 */
public final class SendThenFailSqs implements SqsClient {
    private final SqsClient real;

    public SendThenFailSqs(SqsClient real) {
        this.real = real;
    }

    @Override
    public SendMessageResponse sendMessage(SendMessageRequest request) {
        real.sendMessage(request);
        throw ApiCallTimeoutException.create(8_000);
    }

    @Override
    public String serviceName() {
        return real.serviceName();
    }

    @Override
    public void close() {
        // The real client belongs to the test harness.
    }
}
