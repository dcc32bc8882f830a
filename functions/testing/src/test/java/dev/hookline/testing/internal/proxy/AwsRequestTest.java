package dev.hookline.testing.internal.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who signed a request, for which service and action, and what IAM will ask of it. */
class AwsRequestTest {
    private static final String AUTH = "AWS4-HMAC-SHA256 Credential=%s/20261124/us-east-1/%s/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=abc";

    private static AwsRequest json(String keyId, String service, String target, String body) {
        return AwsRequest.parse(String.format(AUTH, keyId, service), target, "application/x-amz-json-1.0",
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keyIdNamesAFunctionWithOrWithoutATag() {
        assertEquals("receiver", AwsRequest.functionOf("receiver"));
        assertEquals("receiver", AwsRequest.functionOf("receiver.snapstart"));
        assertEquals("sender", AwsRequest.functionOf("sender.ondemand"));
        assertNull(AwsRequest.functionOf("hookline"), "the harness");
        assertNull(AwsRequest.functionOf("receivers"));
        assertNull(AwsRequest.functionOf(null));
    }

    @Test
    void readsKeyServiceAndActionFromSigV4AndTheTarget() {
        AwsRequest request = json("processor", "sqs", "AmazonSQS.SendMessageBatch", "{\"QueueUrl\":\"u\"}");
        assertEquals("processor", request.keyId());
        assertEquals("processor", request.function());
        assertEquals("sqs", request.service());
        assertEquals("SendMessageBatch", request.action());
        assertEquals("u", request.parameter("QueueUrl"));
    }

    @Test
    void withoutASignatureTheTargetStillNamesTheService() {
        AwsRequest request = AwsRequest.parse(null, "DynamoDB_20120810.GetItem", "application/x-amz-json-1.0",
                "{}".getBytes(StandardCharsets.UTF_8));
        assertNull(request.keyId());
        assertEquals("dynamodb", request.service());
        assertEquals("GetItem", request.action());
    }

    @Test
    void sqsBatchActionsAreAuthorizedAsTheirSingleForms() {
        assertEquals(List.of(new IamTargets.Target("sqs:SendMessage", "t1-deliveries", null)), IamTargets.of(json(
                "processor", "sqs", "AmazonSQS.SendMessageBatch",
                "{\"QueueUrl\":\"http://127.0.0.1:9324/000000000000/t1-deliveries\",\"Entries\":[]}")));
        assertEquals("sqs:DeleteMessage", IamTargets.of(json("sender", "sqs", "AmazonSQS.DeleteMessageBatch",
                "{\"QueueUrl\":\"http://h/0/q\"}")).get(0).iamAction());
        assertEquals("sqs:ChangeMessageVisibility", IamTargets.of(json("sender", "sqs",
                "AmazonSQS.ChangeMessageVisibilityBatch", "{\"QueueUrl\":\"http://h/0/q\"}")).get(0).iamAction());
        assertEquals(new IamTargets.Target("sqs:GetQueueUrl", "t1-inbound", null), IamTargets.of(json("receiver", "sqs",
                "AmazonSQS.GetQueueUrl", "{\"QueueName\":\"t1-inbound\"}")).get(0));
    }

    @Test
    void dynamoDbTransactionsNeedEachItemsActionAndIndexesTheirOwnResource() {
        assertEquals(List.of(new IamTargets.Target("dynamodb:PutItem", "t1-deliveries", null),
                new IamTargets.Target("dynamodb:ConditionCheckItem", "t1-events", null)), IamTargets.of(json("processor",
                "dynamodb", "DynamoDB_20120810.TransactWriteItems", "{\"TransactItems\":[{\"Put\":{\"TableName\":"
                        + "\"t1-deliveries\"}},{\"ConditionCheck\":{\"TableName\":\"t1-events\"}}]}")));
        assertEquals(List.of(new IamTargets.Target("dynamodb:Query", "t1-deliveries", "index/byStatus")), IamTargets.of(
                json("sender", "dynamodb", "DynamoDB_20120810.Query",
                        "{\"TableName\":\"t1-deliveries\",\"IndexName\":\"byStatus\"}")));
        assertEquals(2, IamTargets.of(json("sender", "dynamodb", "DynamoDB_20120810.BatchWriteItem",
                "{\"RequestItems\":{\"a\":[],\"b\":[]}}")).size());
    }

    @Test
    void aSecretArnNamesTheSecretWithoutSecretsManagersRandomSuffix() {
        assertEquals("t3-config", IamTargets.secretName(
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:t3-config-AbCdEf"));
        assertEquals("t3-config", IamTargets.secretName("t3-config"));
        assertEquals(new IamTargets.Target("secretsmanager:GetSecretValue", "t3-signing-key", null), IamTargets.of(json(
                "sender", "secretsmanager", "secretsmanager.GetSecretValue",
                "{\"SecretId\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:t3-signing-key-x1Y2z3\"}")).get(0));
    }
}
