package dev.hookline.testing.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The repository's template.yaml read as the harness runs functions from it. */
class SamTemplateTest {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private final SamTemplate template = SamTemplate.load(ROOT);

    @Test
    void readsHandlerMemoryTimeoutAndCodeOfEachFunction() {
        LambdaFunction receiver = template.function("receiver");
        assertEquals("dev.hookline.receiver.ReceiverHandler::handleRequest", receiver.handler());
        assertEquals(ROOT.resolve("functions/receiver/target/hookline-receiver.jar"), receiver.jar());
        assertTrue(receiver.memoryMb() >= 128);
        assertTrue(receiver.timeout().compareTo(Duration.ofSeconds(30)) <= 0, "inside API Gateway's 30 s");
        assertEquals("dev.hookline.sender.SenderHandler::handleRequest", template.function("sender").handler());
        assertEquals(receiver, LambdaFunction.hookline("receiver", ROOT));
        assertTrue(template.snapStart("receiver"));
        assertFalse(template.snapStart("processor"));
        assertThrows(IllegalArgumentException.class, () -> template.function("mailer"));
        assertThrows(IllegalArgumentException.class, () -> LambdaFunction.hookline("mailer", ROOT));
    }

    @Test
    void resolvesRefsToResourcesAndParameterDefaultsAndLeavesOutUnresolvedOnes() {
        Map<String, String> resources = Map.of("EventsTable", "t1-events", "InboundQueue", "http://q/t1-inbound",
                "ConfigSecret", "arn:aws:secretsmanager:us-east-1:123456789012:secret:t1-config-AbCdEf");
        Map<String, String> env = template.environment("receiver", resources::get);

        assertEquals("t1-events", env.get("EVENTS_TABLE"));
        assertEquals("http://q/t1-inbound", env.get("INBOUND_QUEUE_URL"));
        assertEquals("72", env.get("DEDUPE_WINDOW_HOURS"), "the DedupeWindowHours parameter's default");
        assertEquals(resources.get("ConfigSecret"), env.get("HOOKLINE_CONFIG_SECRET_ID"));
        assertEquals("false", env.get("HOOKLINE_DEBUG"));

        Map<String, String> withoutSecret = template.environment("receiver",
                id -> id.equals("ConfigSecret") ? null : resources.get(id));
        assertFalse(withoutSecret.containsKey("HOOKLINE_CONFIG_SECRET_ID"));
    }
}
