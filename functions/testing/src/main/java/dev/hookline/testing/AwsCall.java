package dev.hookline.testing;

/**
 * One AWS API call that went through the harness's proxy, as {@link Emulators#calls()} lists it.
 *
 * @param keyId     the SigV4 access key id the request was signed with ({@code receiver},
 *                  {@code receiver.snapstart}, {@code hookline} for the harness itself)
 * @param function  the function the key id names ({@code receiver}, {@code processor},
 *                  {@code sender}), or null for the harness
 * @param service   {@code dynamodb}, {@code sqs} or {@code secretsmanager}
 * @param action    the API action, e.g. {@code SendMessage}
 * @param resource  the table name, queue name or secret id the call names (several joined by
 *                  commas for batch and transaction calls), or null when it names none
 * @param status    the HTTP status the caller got
 * @param errorCode the error code the caller got ({@code InvalidMessageContents},
 *                  {@code AccessDeniedException} ...), or null on success; for a batch answered 200
 *                  with failed entries, the first failed entry's code
 */
public record AwsCall(String keyId, String function, String service, String action, String resource, int status,
                      String errorCode) {
}
