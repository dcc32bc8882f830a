package dev.hookline.core.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.events.InboundMessage;
import dev.hookline.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqsTextTest {
    /** Every character SQS refuses that valid UTF-8 can carry, next to allowed neighbours. */
    private static final String HOSTILE = "a\uFFFFb\uFFFEc\u0001d\u001Fe\u0000f\tg\nh\ri\uD7FFj\uE000k\uFFFDl"
            + new String(Character.toChars(0x1F600)) + "m\u007F\u0085";

    /** Checked code point by code point against SQS's list, independently of {@link SqsText#allowed}. */
    private static void assertSqsAccepts(String text) {
        text.codePoints().forEach(cp -> assertTrue(cp == 0x9 || cp == 0xA || cp == 0xD
                        || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF),
                () -> String.format("U+%04X would be refused by SQS", cp)));
    }

    @Test
    void jsonEscapesWhatSqsRefusesAndParsesBackToTheSameString() {
        ObjectNode node = Json.object().put("payload", HOSTILE);
        node.putObject("headers").put("x-note", "\uFFFF");

        String text = SqsText.json(node);

        assertSqsAccepts(text);
        assertTrue(text.contains("\\uFFFF") && text.contains("\\uFFFE") && text.contains("\\u0001"), text);
        JsonNode back = Json.parseOrNull(text);
        assertEquals(HOSTILE, back.get("payload").asText());
        assertEquals("\uFFFF", back.get("headers").get("x-note").asText());
    }

    @Test
    void anUnpairedSurrogateBecomesTheReplacementCharacterAndTheJsonStaysValid() {
        ObjectNode node = Json.object().put("header", "a\uD800b").put("pair", "\uD83D\uDE00");

        String text = SqsText.json(node);

        assertSqsAccepts(text);
        JsonNode back = Json.parseOrNull(text);
        assertEquals("a\uFFFDb", back.get("header").asText());
        assertEquals("\uD83D\uDE00", back.get("pair").asText(), "a valid pair is kept");
    }

    @Test
    void plainTextIsWrittenAsJacksonWouldWriteIt() {
        ObjectNode node = Json.object().put("a", "quote \" slash \\ tab \t é 😀");
        assertEquals(Json.write(node), SqsText.json(node));
    }

    @Test
    void attributeValuesLoseOnlyTheRefusedCharacters() {
        assertEquals("issues\uFFFDopened\uFFFD", SqsText.attribute("issues\uFFFFopened\u0001"));
        assertEquals("invoice.paid", SqsText.attribute("invoice.paid"));
        assertSqsAccepts(SqsText.attribute(HOSTILE));
    }

    @Test
    void firstRefusedFindsLoneSurrogatesButNotPairs() {
        assertEquals(-1, SqsText.firstRefused("ok " + new String(Character.toChars(0x10FFFF))));
        assertEquals(1, SqsText.firstRefused("a\uD800b"));
        assertEquals(2, SqsText.firstRefused("ab\uFFFE"));
        assertFalse(SqsText.allowed(0xFFFF));
        assertTrue(SqsText.allowed(0xFFFD));
    }

    @Test
    void queueMessagesOfBothQueuesAreWrittenSafelyAndReadBackIntact() {
        byte[] body = ("{\"text\":\"" + "x\uFFFFy" + "\"}").getBytes(StandardCharsets.UTF_8);
        InboundMessage inbound = new InboundMessage("github", "id-1", "issues", Instant.EPOCH, body,
                Map.of("user-agent", "agent\uFFFE"));
        String inboundText = inbound.toJson();
        assertSqsAccepts(inboundText);
        assertEquals(inbound, InboundMessage.fromJson(inboundText));

        DeliveryMessage delivery = new DeliveryMessage("github#id-1/ep", "ep", "github#id-1", "msg_1", "issues",
                HOSTILE, Instant.EPOCH);
        String deliveryText = delivery.toJson();
        assertSqsAccepts(deliveryText);
        assertEquals(HOSTILE, DeliveryMessage.fromJson(deliveryText).payload());
    }
}
