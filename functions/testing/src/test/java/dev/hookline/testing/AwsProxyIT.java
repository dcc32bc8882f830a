package dev.hookline.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.aws.AwsClients;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.core.resources.Tables;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException;

/** Real SDK clients through the harness's proxy get what AWS would answer, and every call is recorded. */
@ExtendWith(EmulatorsExtension.class)
class AwsProxyIT {
    private static Emulators emulators;
    private static HooklineResources resources;

    @BeforeAll
    static void provision(Emulators given) {
        emulators = given;
        resources = given.provision();
    }

    @Test
    void recordsWhoCalledWhichActionOnWhichResourceAndTheOutcome() {
        AwsClients receiver = emulators.clientsAs("receiver.probe");
        receiver.sqs().sendMessage(b -> b.queueUrl(resources.inboundQueueUrl()).messageBody("hello"));
        receiver.dynamoDb().getItem(b -> b.tableName(resources.eventsTable())
                .key(Map.of(Tables.PK, AttributeValue.fromS("acme#1"))));
        emulators.sqs().getQueueAttributes(b -> b.queueUrl(resources.inboundQueueUrl()).attributeNamesWithStrings("All"));

        List<AwsCall> calls = emulators.calls();
        String inbound = resources.inboundQueueUrl().substring(resources.inboundQueueUrl().lastIndexOf('/') + 1);
        assertTrue(calls.contains(new AwsCall("receiver.probe", "receiver", "sqs", "SendMessage", inbound, 200, null)),
                calls.toString());
        assertTrue(calls.contains(new AwsCall("receiver.probe", "receiver", "dynamodb", "GetItem",
                resources.eventsTable(), 200, null)), calls.toString());
        assertTrue(calls.contains(new AwsCall("hookline", null, "sqs", "GetQueueAttributes", inbound, 200, null)),
                calls.toString());
    }

    @Test
    void sqsRefusesCharactersOutsideItsSetWithInvalidMessageContents() {
        var e = assertThrows(InvalidMessageContentsException.class, () -> emulators.sqs().sendMessage(b -> b
                .queueUrl(resources.inboundQueueUrl()).messageBody("ok \uFFFF")));
        assertEquals(400, e.statusCode());
        AwsCall last = lastCall("SendMessage");
        assertEquals("InvalidMessageContents", last.errorCode());
    }

    @Test
    void sqsRefusesABatchOfElevenWithTooManyEntries() {
        List<SendMessageBatchRequestEntry> entries = IntStream.range(0, 11)
                .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("e" + i).messageBody("m" + i).build()).toList();
        assertThrows(TooManyEntriesInBatchRequestException.class, () -> emulators.sqs().sendMessageBatch(b -> b
                .queueUrl(resources.inboundQueueUrl()).entries(entries)));
    }

    @Test
    void aBatchEntrySqsRefusesFailsAloneAndTheOthersAreSent() {
        String queue = emulators.sqs().createQueue(b -> b.queueName(Emulators.nextPrefix() + "batch")).queueUrl();
        var response = emulators.sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(
                SendMessageBatchRequestEntry.builder().id("good").messageBody("fine").build(),
                SendMessageBatchRequestEntry.builder().id("bad").messageBody("not \uFFFE fine").build(),
                SendMessageBatchRequestEntry.builder().id("late").messageBody("fine").delaySeconds(901).build()));
        assertEquals(List.of("good"), response.successful().stream().map(e -> e.id()).toList());
        assertEquals(Map.of("bad", "InvalidMessageContents", "late", "InvalidParameterValue"), response.failed().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.id(), e -> e.code())));
        assertTrue(response.failed().stream().allMatch(e -> e.senderFault()));
        List<Message> received = emulators.sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages();
        assertEquals(List.of("fine"), received.stream().map(Message::body).toList());
    }

    @Test
    void sqsRefusesAVisibilityThatEndsMoreThanTwelveHoursAfterTheReceive() throws Exception {
        emulators.sqs().sendMessage(b -> b.queueUrl(resources.deliveriesQueueUrl()).messageBody("later"));
        Message message = emulators.sqs().receiveMessage(b -> b.queueUrl(resources.deliveriesQueueUrl())
                .waitTimeSeconds(5)).messages().get(0);
        Thread.sleep(1100);
        var e = assertThrows(SqsException.class, () -> emulators.sqs().changeMessageVisibility(b -> b
                .queueUrl(resources.deliveriesQueueUrl()).receiptHandle(message.receiptHandle()).visibilityTimeout(43_200)));
        assertEquals("InvalidParameterValue", e.awsErrorDetails().errorCode());
        emulators.sqs().changeMessageVisibility(b -> b.queueUrl(resources.deliveriesQueueUrl())
                .receiptHandle(message.receiptHandle()).visibilityTimeout(43_200 - 60));
    }

    @Test
    void dynamoDbRefusesAnItemOver400KbWithValidationException() {
        String big = "x".repeat(400 * 1024);
        var e = assertThrows(DynamoDbException.class, () -> emulators.dynamoDb().putItem(b -> b
                .tableName(resources.eventsTable()).item(Map.of(Tables.PK, AttributeValue.fromS("big"),
                        "body", AttributeValue.fromS(big)))));
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertTrue(e.getMessage().contains("Item size has exceeded the maximum allowed size"), e.getMessage());
    }

    @Test
    void aFunctionGetsAccessDeniedForWhatItsRoleDoesNotGrant() {
        AwsClients processor = emulators.clientsAs("processor.probe");
        var sqs = assertThrows(SqsException.class, () -> processor.sqs().sendMessage(b -> b
                .queueUrl(resources.inboundQueueUrl()).messageBody("not mine")));
        assertEquals("AccessDenied", sqs.awsErrorDetails().errorCode());
        var dynamo = assertThrows(DynamoDbException.class, () -> processor.dynamoDb().deleteItem(b -> b
                .tableName(resources.endpointsTable()).key(Map.of(Tables.PK, AttributeValue.fromS("ep")))));
        assertEquals("AccessDeniedException", dynamo.awsErrorDetails().errorCode());
        AwsCall denied = lastCall("DeleteItem");
        assertEquals("processor", denied.function());
        assertEquals("AccessDeniedException", denied.errorCode());
    }

    @Test
    void secretsManagerAnswersAccessDeniedToAFunctionWhoseRoleDoesNotNameTheSecret() {
        String name = Emulators.nextPrefix() + "signing-key";
        emulators.secretsManager().createSecret(b -> b.name(name).secretString("whsec_x"));
        assertEquals("whsec_x", emulators.clientsAs("sender.probe").secretsManager()
                .getSecretValue(b -> b.secretId(name)).secretString());
        var e = assertThrows(software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException.class,
                () -> emulators.clientsAs("receiver.probe").secretsManager().getSecretValue(b -> b.secretId(name)));
        assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
        assertEquals(new AwsCall("receiver.probe", "receiver", "secretsmanager", "GetSecretValue", name, 400,
                "AccessDeniedException"), lastCall("GetSecretValue"));
    }

    @Test
    void aFaultInTheProxyItselfIsAnsweredAs500NamingIt() throws Exception {
        // No SDK sends invalid base64; a hand-made request does, and trips the item-size rule's decoder.
        var request = java.net.http.HttpRequest.newBuilder(emulators.dynamoDbEndpoint())
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810.PutItem")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"TableName\":\"" + resources.eventsTable()
                        + "\",\"Item\":{\"pk\":{\"S\":\"k\"},\"b\":{\"B\":\"not base64!\"}}}"))
                .build();
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(500, response.statusCode());
            assertTrue(response.body().contains("hookline.proxy#InternalFailure"), response.body());
        }
    }

    private static AwsCall lastCall(String action) {
        List<AwsCall> calls = emulators.calls();
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (action.equals(calls.get(i).action())) {
                return calls.get(i);
            }
        }
        throw new AssertionError("no " + action + " in " + calls);
    }
}
