package dev.hookline.testing.lambda;

/**
 * One event to hand to the function through {@code GET /runtime/invocation/next}.
 *
 * @param payload          the event JSON
 * @param clientContext    {@code Lambda-Runtime-Client-Context} (mobile SDK invokes only), or null
 * @param cognitoIdentity  {@code Lambda-Runtime-Cognito-Identity} (mobile SDK invokes only), or null
 */
public record Invocation(String payload, String clientContext, String cognitoIdentity) {

    public static Invocation of(String payload) {
        return new Invocation(payload, null, null);
    }
}
