package dev.hookline.api.v1.deliveries;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.deliveries.DeliveryAttributes;
import dev.hookline.core.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A delivery record as the API shows it: its API id, never the internal one; times ISO 8601 UTC. */
final class DeliveryOut {
    private DeliveryOut() {
    }

    static ObjectNode summary(Map<String, AttributeValue> item) {
        ObjectNode out = Json.object();
        out.put("id", DeliveryIds.toApi(item.get(DeliveryAttributes.PK).s()));
        out.put("endpoint", text(item, DeliveryAttributes.ENDPOINT_ID));
        String eventKey = text(item, DeliveryAttributes.EVENT_KEY);
        int hash = eventKey == null ? -1 : eventKey.indexOf('#');
        out.put("source", hash < 0 ? null : eventKey.substring(0, hash));
        out.put("eventId", hash < 0 ? eventKey : eventKey.substring(hash + 1));
        out.put("messageId", text(item, DeliveryAttributes.MESSAGE_ID));
        out.put("type", text(item, DeliveryAttributes.TYPE));
        out.put("status", text(item, DeliveryAttributes.STATUS));
        out.put("attempts", (int) number(item, DeliveryAttributes.ATTEMPTS, 0));
        Integer last = item.containsKey(DeliveryAttributes.LAST_STATUS_CODE)
                ? (int) number(item, DeliveryAttributes.LAST_STATUS_CODE, 0) : null;
        out.put("lastStatusCode", last);
        out.put("lastError", text(item, DeliveryAttributes.LAST_ERROR));
        out.put("createdAt", time(item, DeliveryAttributes.CREATED_AT));
        out.put("updatedAt", time(item, DeliveryAttributes.UPDATED_AT));
        out.put("nextAttemptAt", time(item, DeliveryAttributes.NEXT_ATTEMPT_AT));
        out.put("redrivenAt", time(item, DeliveryAttributes.REDRIVEN_AT));
        return out;
    }

    /** The summary plus every attempt, oldest first (deferrals and skips included, marked by a null status). */
    static ObjectNode full(Map<String, AttributeValue> item) {
        ObjectNode out = summary(item);
        ArrayNode attempts = out.putArray("attemptLog");
        AttributeValue log = item.get(DeliveryAttributes.ATTEMPT_LOG);
        List<AttributeValue> entries = log == null || !log.hasL() ? List.of() : log.l();
        for (AttributeValue entry : entries) {
            Map<String, AttributeValue> a = entry.m();
            ObjectNode node = attempts.addObject();
            node.put("at", time(a, "at"));
            node.put("statusCode", a.containsKey("statusCode") ? (Integer) (int) number(a, "statusCode", 0) : null);
            node.put("durationMs", number(a, "durationMs", 0));
            node.put("error", text(a, "error"));
            node.put("responseExcerpt", text(a, "responseBody"));
            AttributeValue request = a.get(dev.hookline.core.deliveries.DeliveryLog.ATTEMPT_REQUEST);
            if (request == null || !request.hasM()) {
                node.putNull("request");
            } else {
                ObjectNode sent = node.putObject("request");
                sent.put("url", text(request.m(), "url"));
                ObjectNode headers = sent.putObject("headers");
                AttributeValue h = request.m().get("headers");
                if (h != null && h.hasM()) {
                    new java.util.TreeMap<>(h.m()).forEach((k, v) -> headers.put(k, v.s()));
                }
            }
        }
        return out;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static long number(Map<String, AttributeValue> item, String name, long otherwise) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? otherwise : new java.math.BigDecimal(v.n()).longValue();
    }

    private static String time(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Instant.ofEpochMilli(new java.math.BigDecimal(v.n()).longValue())
                .toString();
    }
}
