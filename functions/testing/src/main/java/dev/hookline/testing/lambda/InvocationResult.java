package dev.hookline.testing.lambda;

/**
 * What the runtime answered for one invocation: the response payload, or an error (the
 * {@code Lambda-Runtime-Function-Error-Type} header and the error document the runtime posted).
 *
 * @param requestId the request id the Runtime API handed out
 * @param payload   the response body, or null on an error
 * @param errorType the error type ({@code Runtime.ExitError} when the process died), or null on success
 * @param error     the error document (JSON) or a description, or null on success
 */
public record InvocationResult(String requestId, String payload, String errorType, String error) {

    public boolean failed() {
        return errorType != null;
    }
}
