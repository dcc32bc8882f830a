package dev.hookline.local.support;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.aws.AwsClients;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.Settings;
import dev.hookline.core.json.Json;
import dev.hookline.local.Functions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Stand-in functions that test the runtime's machinery, not hookline's logic: like the real ones
 * they build everything from {@link Settings#fromEnvironment()} in their constructor, so they fail
 * if the runtime has not set the process variables first.
 */
public final class TestFunctions {
    /** Bodies the processor saw, one entry per invocation record (so retries show as repeats). */
    public final List<String> processed = new CopyOnWriteArrayList<>();
    public final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

    public Functions functions() {
        return new Functions(EchoReceiver::new, () -> new RecordingProcessor(this), () -> new NoopSender());
    }

    /** Echoes the API Gateway event it got, and enqueues the body on the inbound queue. */
    static final class EchoReceiver implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        private final SqsClient sqs;
        private final String inbound;

        EchoReceiver() {
            Settings settings = Settings.fromEnvironment();
            this.sqs = AwsClients.fromEnvironment(settings).sqs();
            this.inbound = settings.required(EnvVars.INBOUND_QUEUE_URL);
        }

        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event,
                                                      com.amazonaws.services.lambda.runtime.Context context) {
            ObjectNode echo = Json.object();
            echo.put("method", event.getRequestContext().getHttp().getMethod());
            echo.put("rawPath", event.getRawPath());
            echo.put("rawQueryString", event.getRawQueryString());
            echo.put("source", event.getPathParameters().get("source"));
            echo.put("isBase64Encoded", event.getIsBase64Encoded());
            echo.put("body", event.getBody());
            echo.set("headers", Json.MAPPER.valueToTree(event.getHeaders()));
            if (event.getQueryStringParameters() != null) {
                echo.set("query", Json.MAPPER.valueToTree(event.getQueryStringParameters()));
            }
            if ("POST".equals(event.getRequestContext().getHttp().getMethod()) && event.getBody() != null) {
                sqs.sendMessage(b -> b.queueUrl(inbound).messageBody(event.getBody()));
            }
            APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
            response.setStatusCode(event.getRequestContext().getHttp().getMethod().equals("POST") ? 202 : 405);
            response.setHeaders(Map.of("content-type", "application/json", "x-echo", "yes"));
            response.setBody(Json.write(echo));
            return response;
        }
    }

    /** Records every record; reports as failed those whose body contains "fail-me". */
    static final class RecordingProcessor implements RequestHandler<SQSEvent, SQSBatchResponse> {
        private final TestFunctions owner;

        RecordingProcessor(TestFunctions owner) {
            Settings.fromEnvironment().required(EnvVars.DELIVERIES_QUEUE_URL);
            this.owner = owner;
        }

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, com.amazonaws.services.lambda.runtime.Context context) {
            owner.batchSizes.add(event.getRecords().size());
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (SQSEvent.SQSMessage record : event.getRecords()) {
                owner.processed.add(record.getBody());
                if (record.getBody().contains("fail-me")) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                }
            }
            return new SQSBatchResponse(failures);
        }
    }

    static final class NoopSender implements RequestHandler<SQSEvent, SQSBatchResponse> {
        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, com.amazonaws.services.lambda.runtime.Context context) {
            return new SQSBatchResponse(List.of());
        }
    }
}
