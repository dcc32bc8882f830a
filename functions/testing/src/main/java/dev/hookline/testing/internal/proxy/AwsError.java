package dev.hookline.testing.internal.proxy;

/**
 * An error the proxy answers instead of the emulator, in the shape the service uses.
 *
 * @param status    HTTP status
 * @param type      the JSON protocol's {@code __type} (e.g.
 *                  {@code com.amazon.coral.validate#ValidationException})
 * @param queryCode for SQS, the query-protocol code that SQS's JSON responses carry in
 *                  {@code x-amzn-query-error} and the SDK reports as the error code; null otherwise
 * @param message   the human-readable message
 */
public record AwsError(int status, String type, String queryCode, String message) {

    /** The short code ({@code ValidationException}, {@code InvalidMessageContents}). */
    public String code() {
        return type.substring(type.indexOf('#') + 1);
    }

    /** DynamoDB's ValidationException (400), as the SDK's DynamoDbException with that error code. */
    public static AwsError dynamoDbValidation(String message) {
        return new AwsError(400, "com.amazon.coral.validate#ValidationException", null, message);
    }

    /**
     * An SQS error with its own modeled shape: the JSON protocol names it {@code com.amazonaws.sqs#<shape>}
     * and repeats the query code in {@code x-amzn-query-error} (SQS developer guide, "Interpreting
     * Amazon SQS JSON API responses").
     */
    public static AwsError sqs(String shape, String queryCode, String message) {
        return new AwsError(400, "com.amazonaws.sqs#" + shape, queryCode, message);
    }

    /** SQS's unmodeled InvalidParameterValue (400; SQS API reference, "Common Errors"). */
    public static AwsError sqsInvalidParameter(String message) {
        return new AwsError(400, "com.amazon.coral.validate#ValidationException", "InvalidParameterValue", message);
    }
}
