package dev.hookline.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class JsonLogTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    private JsonNode onlyLine() {
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(1, lines.length, "exactly one line");
        return Json.parseOrNull(lines[0]);
    }

    @Test
    void writesOneJsonLineWithTypedFields() {
        new JsonLog("receiver", new PrintStream(bytes, true, StandardCharsets.UTF_8), clock, false)
                .info("accepted").with("source", "stripe").with("latencyMs", 12).with("ratio", 0.5)
                .with("duplicate", false).with("absent", null).emit();
        JsonNode line = onlyLine();
        assertEquals("2026-11-22T10:00:00Z", line.get("time").asText());
        assertEquals("INFO", line.get("level").asText());
        assertEquals("receiver", line.get("function").asText());
        assertEquals("accepted", line.get("message").asText());
        assertEquals("stripe", line.get("source").asText());
        assertEquals(12, line.get("latencyMs").asInt());
        assertTrue(line.get("latencyMs").isIntegralNumber());
        assertEquals(0.5, line.get("ratio").asDouble());
        assertFalse(line.get("duplicate").asBoolean());
        assertFalse(line.has("absent"));
    }

    @Test
    void redactsSecretsSignaturesAndBodies() {
        new JsonLog("receiver", new PrintStream(bytes, true, StandardCharsets.UTF_8), clock, false)
                .warn("x").with("secret", "s1").with("signingKey", "k").with("webhookSecret", "s2")
                .with("signature", "v1,abc").with("stripeSignature", "t=1").with("body", "{\"card\":1}")
                .with("eventKey", "stripe#evt_1").emit();
        JsonNode line = onlyLine();
        for (String field : new String[] {"secret", "signingKey", "webhookSecret", "signature", "stripeSignature",
                "body"}) {
            assertEquals(JsonLog.REDACTED, line.get(field).asText(), field);
        }
        assertEquals("stripe#evt_1", line.get("eventKey").asText(), "a key that is no secret stays readable");
    }

    @Test
    void debugShowsBodiesAndSignaturesButNeverSecrets() {
        new JsonLog("receiver", new PrintStream(bytes, true, StandardCharsets.UTF_8), clock, true)
                .info("x").with("body", "{}").with("signature", "v1,abc").with("secret", "s1").emit();
        JsonNode line = onlyLine();
        assertEquals("{}", line.get("body").asText());
        assertEquals("v1,abc", line.get("signature").asText());
        assertEquals(JsonLog.REDACTED, line.get("secret").asText());
    }

    @Test
    void debugUnredactsOnlyTheFieldsWrittenForItNotPayloadsOrHeaders() {
        new JsonLog("sender", new PrintStream(bytes, true, StandardCharsets.UTF_8), clock, true)
                .info("x").with("payload", "{\"card\":1}").with("headers", "authorization: x").with("response", "r")
                .with("responseBody", "r").with("requestBody", "b").emit();
        JsonNode line = onlyLine();
        for (String field : new String[] {"payload", "headers", "response", "responseBody"}) {
            assertEquals(JsonLog.REDACTED, line.get(field).asText(), field);
        }
        assertEquals("b", line.get("requestBody").asText(), "a *body field is a debug field");
        assertEquals(java.util.Set.of("signature", "body"), JsonLog.DEBUG_FIELDS,
                "the receiver's refused-request line writes exactly these (ReceiverHandlerIT checks it)");
    }

    @Test
    void securityEventsAreFlagged() {
        new JsonLog("receiver", new PrintStream(bytes, true, StandardCharsets.UTF_8), clock, false)
                .security("event id reused with another body").emit();
        JsonNode line = onlyLine();
        assertEquals("WARN", line.get("level").asText());
        assertTrue(line.get("security").asBoolean());
    }
}
