package dev.hookline.receiver.coldstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.receiver.ReceiverHandler;
import java.util.Map;

/**
 * Runs in a fresh JVM on the shaded jar: builds the handler as Lambda would (no-arg constructor,
 * everything from the environment), handles one GitHub delivery and prints wall-clock marks.
 * Started by {@link ColdStartProbe}; uses nothing outside the shaded jar but this class.
 *
 * <p>Arguments: delivery id, X-Hub-Signature-256 value, body.
 */
public final class ColdStartDriver {
    public static void main(String[] args) {
        long mainAt = System.currentTimeMillis();
        ReceiverHandler handler = new ReceiverHandler();
        long constructedAt = System.currentTimeMillis();
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRawPath("/webhooks/github")
                .withPathParameters(Map.of("source", "github"))
                .withHeaders(Map.of("x-github-delivery", args[0], "x-github-event", "push",
                        "x-hub-signature-256", args[1], "content-type", "application/json"))
                .withBody(args[2])
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
                        .build())
                .build();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        long respondedAt = System.currentTimeMillis();
        System.out.println("COLDSTART status=" + response.getStatusCode() + " main=" + mainAt + " constructed="
                + constructedAt + " responded=" + respondedAt);
        System.out.flush();
        // Lambda would keep the process; we are done once the first response exists.
        System.exit(0);
    }
}
