package dev.hookline.testing.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What Amazon SQS refuses, where ElasticMQ 1.7.1 is lenient or answers with another error: it
 * accepts a visibility change ending more than 12 hours after the receive, reserved attribute
 * names ({@code AWS.x}) and a message whose body fits but whose attributes push it over 1 MiB; it
 * answers characters outside SQS's set with a malformed-request error instead of
 * InvalidMessageContents, and an oversized batch with MessageTooLong instead of
 * BatchRequestTooLong. The other rules it shares are checked here too, with SQS's codes. Sources (SQS API reference and developer
 * guide): SendMessage ("MessageBody ... The maximum size is 1 MiB or 1,048,576 bytes"; the allowed
 * characters "#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF", else
 * InvalidMessageContents; DelaySeconds 0 to 900); MessageAttributeValue ("All parts of the message
 * attribute, including Name, Type, and Value, are part of the message size restriction (1 MiB)";
 * string values have the body's character restrictions); "Amazon SQS message attributes" (up to 10
 * per message; names of A-Z a-z 0-9 _ - . up to 256 characters, not starting with AWS. or Amazon.
 * in any case, not starting or ending with a period, no two periods in a row; types String, Number,
 * Binary with an optional custom label, up to 256 characters); SendMessageBatch ("The maximum
 * allowed individual message size and the maximum total payload size (the sum of the individual
 * lengths of all of the batched messages) are both 1 MiB"); TooManyEntriesInBatchRequest ("the
 * maximum number of entries ... in a single SendMessageBatch, DeleteMessageBatch, or
 * ChangeMessageVisibilityBatch request is 10"); ChangeMessageVisibility ("VisibilityTimeout ...
 * Values range: 0 to 43200. Maximum: 12 hours"; "If you try to extend the visibility timeout
 * beyond 12 hours, your request is rejected": the 12 hours count from the receive);
 * ReceiveMessage (MaxNumberOfMessages 1 to 10, WaitTimeSeconds 0 to 20).
 *
 * <p>Batch requests: the batch's own faults (no entries, more than 10, bad or repeated ids, total
 * size) refuse the whole request; an entry's own faults (its body, attributes, delay, visibility)
 * fail that entry only, reported in the response's {@code Failed} list ("The result of sending each
 * message is reported individually in the response", SendMessageBatch), see {@link #entryFaults}.
 */
public final class SqsLimits {
    public static final int MAX_MESSAGE_BYTES = 1_048_576;
    public static final int MAX_BATCH_ENTRIES = 10;
    public static final int MAX_ATTRIBUTES = 10;
    public static final int MAX_DELAY_SECONDS = 900;
    public static final int MAX_VISIBILITY_SECONDS = 43_200;

    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,256}");
    private static final Pattern ENTRY_ID = Pattern.compile("[A-Za-z0-9_\\-]{1,80}");

    private final ReceiptTimes receipts;

    public SqsLimits(ReceiptTimes receipts) {
        this.receipts = receipts;
    }

    /** The error SQS would answer to this request, or null when SQS would accept it. */
    public AwsError check(AwsRequest request) {
        if (request.action() == null) {
            return null;
        }
        if (!request.isJson()) {
            return checkQuery(request);
        }
        JsonNode json = request.json();
        return switch (request.action()) {
            case "SendMessage" -> message(json, null);
            case "SendMessageBatch" -> sendBatch(json);
            case "ChangeMessageVisibility" -> visibilityChange(json.path("ReceiptHandle").asText(null),
                    json.get("VisibilityTimeout"));
            case "ChangeMessageVisibilityBatch" -> batchShape(json.path("Entries"));
            case "DeleteMessageBatch" -> batchShape(json.path("Entries"));
            case "ReceiveMessage" -> receive(json);
            default -> null;
        };
    }

    private AwsError checkQuery(AwsRequest request) {
        return switch (request.action()) {
            case "SendMessage" -> {
                String body = request.parameter("MessageBody");
                AwsError error = body == null ? null : characters(body, "message body");
                if (error == null && body != null && utf8(body) > MAX_MESSAGE_BYTES) {
                    error = tooLong(utf8(body));
                }
                yield error != null ? error : delay(request.parameter("DelaySeconds"));
            }
            case "ChangeMessageVisibility" -> {
                String timeout = request.parameter("VisibilityTimeout");
                yield timeout == null ? null
                        : visibilityChange(request.parameter("ReceiptHandle"),
                                dev.hookline.core.json.Json.MAPPER.getNodeFactory().textNode(timeout));
            }
            default -> null;
        };
    }

    /** Checks one message (SendMessage, or one batch entry) and returns its error; adds its size to {@code size} if given. */
    private AwsError message(JsonNode message, long[] size) {
        JsonNode body = message.get("MessageBody");
        if (body == null || body.asText().isEmpty()) {
            return AwsError.sqsInvalidParameter("The request must contain the parameter MessageBody.");
        }
        AwsError error = characters(body.asText(), "message body");
        if (error != null) {
            return error;
        }
        long bytes = utf8(body.asText());
        JsonNode attributes = message.path("MessageAttributes");
        if (attributes.size() > MAX_ATTRIBUTES) {
            return AwsError.sqsInvalidParameter("Number of message attributes [" + attributes.size()
                    + "] exceeds the allowed maximum [" + MAX_ATTRIBUTES + "].");
        }
        for (var entry : attributes.properties()) {
            String name = entry.getKey();
            error = attributeName(name);
            if (error != null) {
                return error;
            }
            JsonNode value = entry.getValue();
            String type = value.path("DataType").asText("");
            error = attributeType(name, type);
            if (error != null) {
                return error;
            }
            String base = type.contains(".") ? type.substring(0, type.indexOf('.')) : type;
            bytes += utf8(name) + utf8(type);
            if (base.equals("Binary")) {
                String encoded = value.path("BinaryValue").asText("");
                byte[] raw = encoded.isEmpty() ? new byte[0] : Base64.getDecoder().decode(encoded);
                if (raw.length == 0) {
                    return emptyValue(name, type);
                }
                bytes += raw.length;
            } else {
                String text = value.path("StringValue").asText("");
                if (text.isEmpty()) {
                    return emptyValue(name, type);
                }
                error = characters(text, "message attribute '" + name + "'");
                if (error != null) {
                    return error;
                }
                if (base.equals("Number") && !isNumber(text)) {
                    return AwsError.sqsInvalidParameter("Can't cast the value of message (user) attribute '" + name
                            + "' to a number.");
                }
                bytes += utf8(text);
            }
        }
        if (bytes > MAX_MESSAGE_BYTES) {
            return tooLong(bytes);
        }
        if (size != null) {
            size[0] += bytes;
        }
        return delay(message.hasNonNull("DelaySeconds") ? message.get("DelaySeconds").asText() : null);
    }

    private AwsError sendBatch(JsonNode json) {
        JsonNode entries = json.path("Entries");
        AwsError error = batchShape(entries);
        if (error != null) {
            return error;
        }
        long[] total = {0};
        for (JsonNode entry : entries) {
            message(entry, total);
        }
        if (total[0] > MAX_MESSAGE_BYTES) {
            return AwsError.sqs("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong",
                    "Batch requests cannot be longer than " + MAX_MESSAGE_BYTES + " bytes. You have sent " + total[0]
                            + " bytes.");
        }
        return null;
    }

    /** Entry count 1..10, ids well-formed and distinct: the rules every batch action shares. */
    private static AwsError batchShape(JsonNode entries) {
        if (entries.size() == 0) {
            return AwsError.sqs("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest",
                    "There should be at least one SendMessageBatchRequestEntry in the request.");
        }
        if (entries.size() > MAX_BATCH_ENTRIES) {
            return AwsError.sqs("TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
                    "Maximum number of entries per request are " + MAX_BATCH_ENTRIES + ". You have sent "
                            + entries.size() + ".");
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode entry : entries) {
            String id = entry.path("Id").asText("");
            if (!ENTRY_ID.matcher(id).matches()) {
                return AwsError.sqs("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId",
                        "A batch entry id can only contain alphanumeric characters, hyphens and underscores. "
                                + "It can be at most 80 letters long.");
            }
            if (!ids.add(id)) {
                return AwsError.sqs("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
                        "Id " + id + " repeated.");
            }
        }
        return null;
    }

    /**
     * The entries of a SendMessageBatch or ChangeMessageVisibilityBatch (that passed {@link #check})
     * SQS would fail one by one, by entry id; empty when every entry is fine.
     */
    public java.util.Map<String, AwsError> entryFaults(AwsRequest request) {
        java.util.Map<String, AwsError> faults = new java.util.LinkedHashMap<>();
        if (!request.isJson() || request.action() == null) {
            return faults;
        }
        for (JsonNode entry : request.json().path("Entries")) {
            AwsError error = switch (request.action()) {
                case "SendMessageBatch" -> message(entry, null);
                case "ChangeMessageVisibilityBatch" -> visibilityChange(entry.path("ReceiptHandle").asText(null),
                        entry.get("VisibilityTimeout"));
                default -> null;
            };
            if (error != null) {
                faults.put(entry.path("Id").asText(), error);
            }
        }
        return faults;
    }

    /**
     * 0..43200, and no later than 12 hours after the receive that produced the handle: a change
     * made 6 minutes after the receive can ask for at most 43200 - 360 seconds.
     */
    private AwsError visibilityChange(String receiptHandle, JsonNode timeoutNode) {
        if (timeoutNode == null || timeoutNode.isNull()) {
            return null;
        }
        long timeout;
        try {
            timeout = Long.parseLong(timeoutNode.asText());
        } catch (NumberFormatException e) {
            return AwsError.sqsInvalidParameter("Value " + timeoutNode.asText() + " for parameter VisibilityTimeout is invalid.");
        }
        if (timeout < 0 || timeout > MAX_VISIBILITY_SECONDS) {
            return AwsError.sqsInvalidParameter("Value " + timeout + " for parameter VisibilityTimeout is invalid. "
                    + "Reason: Must be between 0 and " + MAX_VISIBILITY_SECONDS + ".");
        }
        Instant receivedAt = receiptHandle == null ? null : receipts.receivedAt(receiptHandle);
        if (receivedAt != null) {
            long elapsed = Math.max(0, Duration.between(receivedAt, receipts.now()).toSeconds());
            if (elapsed + timeout > MAX_VISIBILITY_SECONDS) {
                return AwsError.sqsInvalidParameter("Value " + timeout + " for parameter VisibilityTimeout is invalid. "
                        + "Reason: Total VisibilityTimeout for the message is beyond the limit [" + MAX_VISIBILITY_SECONDS
                        + " seconds]; " + elapsed + " s have passed since it was received.");
            }
        }
        return null;
    }

    private static AwsError receive(JsonNode json) {
        AwsError error = range(json.get("MaxNumberOfMessages"), "MaxNumberOfMessages", 1, MAX_BATCH_ENTRIES);
        if (error == null) {
            error = range(json.get("WaitTimeSeconds"), "WaitTimeSeconds", 0, 20);
        }
        if (error == null) {
            error = range(json.get("VisibilityTimeout"), "VisibilityTimeout", 0, MAX_VISIBILITY_SECONDS);
        }
        return error;
    }

    private static AwsError range(JsonNode value, String name, long min, long max) {
        if (value == null || value.isNull()) {
            return null;
        }
        long v = value.asLong();
        if (v < min || v > max) {
            return AwsError.sqsInvalidParameter("Value " + value.asText() + " for parameter " + name
                    + " is invalid. Reason: Must be between " + min + " and " + max + ".");
        }
        return null;
    }

    private static AwsError delay(String delaySeconds) {
        if (delaySeconds == null) {
            return null;
        }
        long delay;
        try {
            delay = Long.parseLong(delaySeconds);
        } catch (NumberFormatException e) {
            delay = -1;
        }
        if (delay < 0 || delay > MAX_DELAY_SECONDS) {
            return AwsError.sqsInvalidParameter("Value " + delaySeconds + " for parameter DelaySeconds is invalid. "
                    + "Reason: DelaySeconds must be >= 0 and <= " + MAX_DELAY_SECONDS + ".");
        }
        return null;
    }

    private static AwsError tooLong(long bytes) {
        return AwsError.sqsInvalidParameter("One or more parameters are invalid. Reason: Message must be shorter than "
                + MAX_MESSAGE_BYTES + " bytes (this one has " + bytes + ").");
    }

    private static AwsError emptyValue(String name, String type) {
        return AwsError.sqsInvalidParameter("Message attribute '" + name + "' must contain a non-empty value of "
                + "message attribute type '" + type + "'.");
    }

    private static AwsError attributeName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!ATTRIBUTE_NAME.matcher(name).matches() || lower.startsWith("aws.") || lower.startsWith("amazon.")
                || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            return AwsError.sqsInvalidParameter("Message attribute name '" + name + "' is invalid.");
        }
        return null;
    }

    private static AwsError attributeType(String name, String type) {
        String base = type.contains(".") ? type.substring(0, type.indexOf('.')) : type;
        if (!(base.equals("String") || base.equals("Number") || base.equals("Binary")) || type.length() > 256
                || type.endsWith(".")) {
            return AwsError.sqsInvalidParameter("The type of message (user) attribute '" + name + "' is invalid. "
                    + "You must use only the following supported type prefixes: Binary, Number, String.");
        }
        return characters(type, "message attribute type");
    }

    private static boolean isNumber(String text) {
        try {
            new BigDecimal(text.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Null when every code point is in SQS's allowed set; else InvalidMessageContents naming the first one. */
    static AwsError characters(String text, String where) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!allowed(cp) || (Character.isSurrogate(text.charAt(i)) && Character.charCount(cp) == 1)) {
                return AwsError.sqs("InvalidMessageContents", "InvalidMessageContents",
                        "Invalid binary character '#x" + Integer.toHexString(cp).toUpperCase(Locale.ROOT)
                                + "' was found in the " + where + ", the set of allowed characters is #x9 | #xA | #xD "
                                + "| #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    static boolean allowed(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The receipt handles in a ReceiveMessage response (JSON protocol). */
    public static List<String> receiptHandles(JsonNode response) {
        List<String> handles = new ArrayList<>();
        if (response != null) {
            for (JsonNode message : response.path("Messages")) {
                if (message.hasNonNull("ReceiptHandle")) {
                    handles.add(message.get("ReceiptHandle").asText());
                }
            }
        }
        return handles;
    }
}
