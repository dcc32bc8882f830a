package dev.hookline.processor.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.json.Json;
import dev.hookline.core.log.JsonLog;
import dev.hookline.processor.InboundEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaymentFailedAlertTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PaymentFailedAlert alert = new PaymentFailedAlert(
            new JsonLog("processor", new PrintStream(out, true, StandardCharsets.UTF_8), Clock.systemUTC(), false));

    private JsonNode handle(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        alert.handle(new InboundEvent("stripe#evt_1", "msg_x", "stripe", "evt_1", "invoice.payment_failed",
                Instant.now(), bytes, Json.parseOrNull(body), Map.of()));
        return Json.parseOrNull(out.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void logsAnAlertLineWithTheInvoiceIdentifiersAndAmount() {
        JsonNode line = handle("{\"type\":\"invoice.payment_failed\",\"data\":{\"object\":{\"id\":\"in_1\","
                + "\"customer\":\"cus_9\",\"amount_due\":4200,\"currency\":\"eur\",\"attempt_count\":2,"
                + "\"customer_email\":\"jane@example.com\"}}}");
        assertEquals("WARN", line.get("level").asText());
        assertEquals("payment_failed", line.get("alert").asText());
        assertEquals("in_1", line.get("invoiceId").asText());
        assertEquals("cus_9", line.get("customerId").asText());
        assertEquals(4200, line.get("amountDue").asInt());
        assertEquals(2, line.get("attemptCount").asInt());
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("jane@example.com"), "no personal data");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"amountDue\":4200,"), "whole numbers stay whole");
    }

    @Test
    void stillAlertsWhenTheBodyIsNotTheExpectedShape() {
        JsonNode line = handle("not json");
        assertEquals("payment_failed", line.get("alert").asText());
        assertEquals("unknown", line.get("invoiceId").asText());
    }
}
