package dev.hookline.testing.internal.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.json.Json;
import dev.hookline.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each SQS rule: refused just past the limit, accepted at it. */
class SqsLimitsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T00:00:00Z"));
    private final ReceiptTimes receipts = new ReceiptTimes(clock);
    private final SqsLimits limits = new SqsLimits(receipts);

    private static AwsRequest request(String action, ObjectNode body) {
        return AwsRequest.parse("AWS4-HMAC-SHA256 Credential=sender/20261124/us-east-1/sqs/aws4_request, "
                + "SignedHeaders=host, Signature=x", "AmazonSQS." + action, "application/x-amz-json-1.0",
                Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode send(String body) {
        return Json.object().put("QueueUrl", "http://127.0.0.1:1/000000000000/t1-inbound").put("MessageBody", body);
    }

    private AwsError check(String action, ObjectNode body) {
        return limits.check(request(action, body));
    }

    @Test
    void bodyWithACharacterOutsideSqsSetIsRefusedWithInvalidMessageContents() {
        for (String bad : new String[] {"\uFFFF", "\uFFFE", "\u0000", "\u0008", "\u001F"}) {
            AwsError error = check("SendMessage", send("a" + bad + "b"));
            assertEquals("InvalidMessageContents", error.code(), "U+" + Integer.toHexString(bad.charAt(0)));
            assertEquals("InvalidMessageContents", error.queryCode());
            assertEquals(400, error.status());
        }
    }

    @Test
    void bodyWithTheEdgesOfTheAllowedSetIsAccepted() {
        assertNull(check("SendMessage", send("\t\n\r \uD7FF\uE000\uFFFD" + new String(Character.toChars(0x10000))
                + new String(Character.toChars(0x10FFFF)))));
    }

    @Test
    void attributeValueIsHeldToTheBodysCharacters() {
        ObjectNode body = send("ok");
        body.putObject("MessageAttributes").putObject("type").put("DataType", "String").put("StringValue", "x\uFFFF");
        assertEquals("InvalidMessageContents", check("SendMessage", body).code());
    }

    @Test
    void messageOfExactlyOneMebibyteCountingAttributesIsAcceptedAndOneByteMoreRefused() {
        // name "source" (6) + type "String" (6) + value "stripe" (6) = 18 bytes of attribute.
        ObjectNode atLimit = send("x".repeat(SqsLimits.MAX_MESSAGE_BYTES - 18));
        atLimit.putObject("MessageAttributes").putObject("source").put("DataType", "String").put("StringValue", "stripe");
        assertNull(check("SendMessage", atLimit));

        ObjectNode over = send("x".repeat(SqsLimits.MAX_MESSAGE_BYTES - 17));
        over.putObject("MessageAttributes").putObject("source").put("DataType", "String").put("StringValue", "stripe");
        AwsError error = check("SendMessage", over);
        assertEquals("InvalidParameterValue", error.queryCode());
        assertTrue(error.message().contains("shorter than 1048576 bytes"), error.message());
    }

    @Test
    void multiByteCharactersCountAsTheirUtf8Bytes() {
        String euro = "\u20AC"; // 3 bytes in UTF-8
        assertNull(check("SendMessage", send(euro.repeat(SqsLimits.MAX_MESSAGE_BYTES / 3))));
        assertEquals("InvalidParameterValue",
                check("SendMessage", send(euro.repeat(SqsLimits.MAX_MESSAGE_BYTES / 3 + 1))).queryCode());
    }

    @Test
    void delayOf900IsAcceptedAnd901Refused() {
        assertNull(check("SendMessage", send("m").put("DelaySeconds", 900)));
        assertEquals("InvalidParameterValue", check("SendMessage", send("m").put("DelaySeconds", 901)).queryCode());
    }

    private static ObjectNode batch(int entries) {
        ObjectNode body = Json.object().put("QueueUrl", "http://127.0.0.1:1/000000000000/t1-deliveries");
        ArrayNode list = body.putArray("Entries");
        for (int i = 0; i < entries; i++) {
            list.addObject().put("Id", "e" + i).put("MessageBody", "m" + i);
        }
        return body;
    }

    @Test
    void batchOfTenIsAcceptedElevenRefusedWithTooManyEntries() {
        assertNull(check("SendMessageBatch", batch(10)));
        AwsError error = check("SendMessageBatch", batch(11));
        assertEquals("TooManyEntriesInBatchRequest", error.code());
        assertEquals("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", error.queryCode());
        assertEquals("TooManyEntriesInBatchRequest", check("DeleteMessageBatch", batch(11)).code());
        assertEquals("TooManyEntriesInBatchRequest", check("ChangeMessageVisibilityBatch", batch(11)).code());
    }

    @Test
    void emptyBatchAndRepeatedOrMalformedIdsAreRefused() {
        assertEquals("EmptyBatchRequest", check("SendMessageBatch", batch(0)).code());
        ObjectNode repeated = batch(2);
        ((ObjectNode) repeated.get("Entries").get(1)).put("Id", "e0");
        assertEquals("BatchEntryIdsNotDistinct", check("SendMessageBatch", repeated).code());
        ObjectNode malformed = batch(1);
        ((ObjectNode) malformed.get("Entries").get(0)).put("Id", "has space");
        assertEquals("InvalidBatchEntryId", check("SendMessageBatch", malformed).code());
        ObjectNode longest = batch(1);
        ((ObjectNode) longest.get("Entries").get(0)).put("Id", "a".repeat(80));
        assertNull(check("SendMessageBatch", longest));
        ((ObjectNode) longest.get("Entries").get(0)).put("Id", "a".repeat(81));
        assertEquals("InvalidBatchEntryId", check("SendMessageBatch", longest).code());
    }

    @Test
    void batchWhoseEntriesTogetherExceedOneMebibyteIsRefusedWithBatchRequestTooLong() {
        ObjectNode body = batch(2);
        int half = SqsLimits.MAX_MESSAGE_BYTES / 2;
        ((ObjectNode) body.get("Entries").get(0)).put("MessageBody", "x".repeat(half));
        ((ObjectNode) body.get("Entries").get(1)).put("MessageBody", "x".repeat(half));
        assertNull(check("SendMessageBatch", body));
        ((ObjectNode) body.get("Entries").get(1)).put("MessageBody", "x".repeat(half + 1));
        assertEquals("BatchRequestTooLong", check("SendMessageBatch", body).code());
    }

    @Test
    void aBadEntryFailsOnlyThatEntry() {
        ObjectNode body = batch(3);
        ((ObjectNode) body.get("Entries").get(1)).put("DelaySeconds", 901);
        ((ObjectNode) body.get("Entries").get(2)).put("MessageBody", "\uFFFF");
        assertNull(check("SendMessageBatch", body));
        Map<String, AwsError> faults = limits.entryFaults(request("SendMessageBatch", body));
        assertEquals(2, faults.size());
        assertEquals("InvalidParameterValue", faults.get("e1").queryCode());
        assertEquals("InvalidMessageContents", faults.get("e2").code());
    }

    @Test
    void tenAttributesAreAcceptedElevenRefused() {
        ObjectNode ten = send("m");
        ObjectNode attributes = ten.putObject("MessageAttributes");
        for (int i = 0; i < 10; i++) {
            attributes.putObject("a" + i).put("DataType", "String").put("StringValue", "v");
        }
        assertNull(check("SendMessage", ten));
        attributes.putObject("a10").put("DataType", "String").put("StringValue", "v");
        assertEquals("InvalidParameterValue", check("SendMessage", ten).queryCode());
    }

    @Test
    void attributeNamesAndTypesFollowSqsRules() {
        for (String bad : new String[] {"AWS.trace", "amazon.x", ".lead", "trail.", "two..dots", "sp ace", "x".repeat(257)}) {
            ObjectNode body = send("m");
            body.putObject("MessageAttributes").putObject(bad).put("DataType", "String").put("StringValue", "v");
            assertEquals("InvalidParameterValue", check("SendMessage", body).queryCode(), bad);
        }
        ObjectNode good = send("m");
        ObjectNode attributes = good.putObject("MessageAttributes");
        attributes.putObject("a-b_c.d").put("DataType", "String.custom").put("StringValue", "v");
        attributes.putObject("n").put("DataType", "Number").put("StringValue", "-12.5e3");
        attributes.putObject("b").put("DataType", "Binary").put("BinaryValue", "AAE=");
        assertNull(check("SendMessage", good));

        ObjectNode badType = send("m");
        badType.putObject("MessageAttributes").putObject("t").put("DataType", "Text").put("StringValue", "v");
        assertEquals("InvalidParameterValue", check("SendMessage", badType).queryCode());
        ObjectNode notANumber = send("m");
        notANumber.putObject("MessageAttributes").putObject("n").put("DataType", "Number").put("StringValue", "ten");
        assertEquals("InvalidParameterValue", check("SendMessage", notANumber).queryCode());
    }

    private static ObjectNode visibility(String handle, long seconds) {
        return Json.object().put("QueueUrl", "http://127.0.0.1:1/000000000000/t1-deliveries")
                .put("ReceiptHandle", handle).put("VisibilityTimeout", seconds);
    }

    @Test
    void visibilityCountsTwelveHoursFromTheReceiveNotFromTheChange() {
        receipts.received("rh-1");
        assertNull(check("ChangeMessageVisibility", visibility("rh-1", 43_200)), "right at the receive: 12 h is fine");
        clock.advance(Duration.ofMinutes(6));
        AwsError error = check("ChangeMessageVisibility", visibility("rh-1", 43_200));
        assertEquals("InvalidParameterValue", error.queryCode());
        assertTrue(error.message().contains("Total VisibilityTimeout"), error.message());
        assertNull(check("ChangeMessageVisibility", visibility("rh-1", 43_200 - 360)));
        assertEquals("InvalidParameterValue", check("ChangeMessageVisibility", visibility("rh-1", 43_200 - 359)).queryCode());
    }

    @Test
    void visibilityOutsideZeroToTwelveHoursIsRefusedEvenForAnUnknownHandle() {
        assertNull(check("ChangeMessageVisibility", visibility("never-seen", 43_200)));
        assertEquals("InvalidParameterValue", check("ChangeMessageVisibility", visibility("never-seen", 43_201)).queryCode());
        assertEquals("InvalidParameterValue", check("ChangeMessageVisibility", visibility("never-seen", -1)).queryCode());
    }

    @Test
    void visibilityBatchFailsOnlyTheEntriesPastTheirTwelveHours() {
        receipts.received("old");
        clock.advance(Duration.ofHours(1));
        receipts.received("new");
        ObjectNode body = Json.object().put("QueueUrl", "http://127.0.0.1:1/000000000000/t1-deliveries");
        body.putArray("Entries").add(Json.object().put("Id", "a").put("ReceiptHandle", "old").put("VisibilityTimeout", 40_000))
                .add(Json.object().put("Id", "b").put("ReceiptHandle", "new").put("VisibilityTimeout", 40_000));
        assertNull(check("ChangeMessageVisibilityBatch", body));
        assertEquals(java.util.Set.of("a"), limits.entryFaults(request("ChangeMessageVisibilityBatch", body)).keySet());
    }

    @Test
    void deletedHandlesAreForgotten() {
        receipts.received("gone");
        receipts.forget("gone");
        clock.advance(Duration.ofHours(13));
        assertNull(check("ChangeMessageVisibility", visibility("gone", 100)));
    }

    @Test
    void receiveParametersAreHeldToTheirRanges() {
        ObjectNode receive = Json.object().put("QueueUrl", "u").put("MaxNumberOfMessages", 10).put("WaitTimeSeconds", 20)
                .put("VisibilityTimeout", 43_200);
        assertNull(check("ReceiveMessage", receive));
        assertEquals("InvalidParameterValue", check("ReceiveMessage", receive.deepCopy().put("MaxNumberOfMessages", 11)).queryCode());
        assertEquals("InvalidParameterValue", check("ReceiveMessage", receive.deepCopy().put("WaitTimeSeconds", 21)).queryCode());
        assertEquals("InvalidParameterValue", check("ReceiveMessage", receive.deepCopy().put("VisibilityTimeout", 43_201)).queryCode());
    }

    @Test
    void queryProtocolSendMessageIsCheckedToo() {
        AwsRequest query = AwsRequest.parse("AWS4-HMAC-SHA256 Credential=hookline/20261124/us-east-1/sqs/aws4_request",
                null, "application/x-www-form-urlencoded; charset=utf-8",
                ("Action=SendMessage&QueueUrl=http%3A%2F%2Fh%2F0%2Fq&MessageBody=a%EF%BF%BFb").getBytes(StandardCharsets.UTF_8));
        assertEquals("SendMessage", query.action());
        assertEquals("sqs", query.service());
        assertEquals("InvalidMessageContents", limits.check(query).code());
    }
}
