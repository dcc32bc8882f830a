package dev.hookline.testing.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Runtime API as a runtime client talks to it, over real HTTP. */
class RuntimeApiServerTest {
    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:hookline-test";
    private final HttpClient http = HttpClient.newHttpClient();
    private final RuntimeApiServer server = RuntimeApiServer.start(ARN, Duration.ofSeconds(15));

    @AfterEach
    void close() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String errorType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (errorType != null) {
            request.header("Lambda-Runtime-Function-Error-Type", errorType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://" + server.address() + "/2018-06-01/runtime/" + path);
    }

    @Test
    void nextInvocationCarriesEveryHeaderLambdaSendsAndTheResponseCompletesIt() throws Exception {
        long before = System.currentTimeMillis();
        CompletableFuture<InvocationResult> result = server.submit(new Invocation("{\"a\":1}", "{\"custom\":{}}",
                "{\"cognitoIdentityId\":\"id\"}"));

        HttpResponse<String> next = get("invocation/next");

        assertEquals(200, next.statusCode());
        assertEquals("{\"a\":1}", next.body());
        String requestId = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
        long deadline = Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
        assertTrue(deadline >= before + 15_000 && deadline <= System.currentTimeMillis() + 15_000, "deadline " + deadline);
        assertEquals(ARN, next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn").orElseThrow());
        assertTrue(next.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow()
                .matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0"));
        assertEquals("{\"custom\":{}}", next.headers().firstValue("Lambda-Runtime-Client-Context").orElseThrow());
        assertEquals("{\"cognitoIdentityId\":\"id\"}",
                next.headers().firstValue("Lambda-Runtime-Cognito-Identity").orElseThrow());

        assertEquals(202, post("invocation/" + requestId + "/response", "{\"ok\":true}", null).statusCode());
        InvocationResult done = result.get(5, TimeUnit.SECONDS);
        assertEquals(new InvocationResult(requestId, "{\"ok\":true}", null, null), done);
        assertFalse(done.failed());
    }

    @Test
    void withoutClientContextOrIdentityThoseHeadersAreAbsent() throws Exception {
        server.submit(Invocation.of("{}"));
        HttpResponse<String> next = get("invocation/next");
        assertTrue(next.headers().firstValue("Lambda-Runtime-Client-Context").isEmpty());
        assertTrue(next.headers().firstValue("Lambda-Runtime-Cognito-Identity").isEmpty());
    }

    @Test
    void anErrorPostEndsTheInvocationWithItsTypeAndAnUnknownIdIsRefused() throws Exception {
        CompletableFuture<InvocationResult> result = server.submit(Invocation.of("{}"));
        String requestId = get("invocation/next").headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
        String error = "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\"}";

        assertEquals(202, post("invocation/" + requestId + "/error", error, "Runtime.UserException").statusCode());
        InvocationResult failed = result.get(5, TimeUnit.SECONDS);
        assertEquals("Runtime.UserException", failed.errorType());
        assertEquals(error, failed.error());
        assertNull(failed.payload());

        assertEquals(400, post("invocation/" + requestId + "/response", "{}", null).statusCode(), "already answered");
        assertEquals(400, post("invocation/no-such-id/error", error, null).statusCode());
    }

    @Test
    void aResponseOverSixMegabytesIsRefusedAndTheCallerGetsAnError() throws Exception {
        CompletableFuture<InvocationResult> result = server.submit(Invocation.of("{}"));
        String requestId = get("invocation/next").headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();

        String big = "\"" + "x".repeat(RuntimeApiServer.MAX_RESPONSE_BYTES) + "\"";
        assertEquals(413, post("invocation/" + requestId + "/response", big, null).statusCode());
        assertEquals("Function.ResponseSizeTooLarge", result.get(5, TimeUnit.SECONDS).errorType());
    }

    @Test
    void anInitErrorEndsWhatIsQueuedAndEveryLaterInvocation() throws Exception {
        CompletableFuture<InvocationResult> queued = server.submit(Invocation.of("{}"));
        String error = "{\"errorMessage\":\"missing EVENTS_TABLE\",\"errorType\":\"java.lang.IllegalStateException\"}";

        assertEquals(202, post("init/error", error, "Runtime.BadFunctionCode").statusCode());

        assertEquals("Runtime.BadFunctionCode", queued.get(5, TimeUnit.SECONDS).errorType());
        assertEquals(error, server.initError().get(5, TimeUnit.SECONDS));
        InvocationResult later = server.submit(Invocation.of("{}")).get(5, TimeUnit.SECONDS);
        assertEquals("Runtime.BadFunctionCode", later.errorType());
        assertEquals(error, later.error());
    }

    @Test
    void aProcessThatExitsEndsItsInvocationWithExitError() throws Exception {
        CompletableFuture<InvocationResult> running = server.submit(Invocation.of("{}"));
        get("invocation/next");
        server.processExited(137);
        InvocationResult result = running.get(5, TimeUnit.SECONDS);
        assertEquals("Runtime.ExitError", result.errorType());
        assertTrue(result.error().contains("137"), result.error());
    }

    @Test
    void snapStartRestoreIsAnsweredAndUnknownPathsAreNot() throws Exception {
        assertEquals(200, get("restore/next").statusCode());
        assertEquals(404, get("invocation/previous").statusCode());
        assertNotNull(server.requests());
        assertEquals("GET /2018-06-01/runtime/restore/next", server.requests().get(0));
    }
}
