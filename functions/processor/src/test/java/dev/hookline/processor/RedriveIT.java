package dev.hookline.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.events.InboundMessage;
import dev.hookline.core.resources.QueueSpec;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.EventSourceMapping;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/** A record that keeps failing reaches inbound-dlq through the queue's own redrive policy. */
@ExtendWith(EmulatorsExtension.class)
class RedriveIT {
    private static final int MAX_RECEIVES = 3;

    @Test
    void handlerThrowingForOneRecordOfTenFailsOnlyItAndItEndsInTheDlq(Emulators emulators) {
        String prefix = Emulators.nextPrefix();
        ProcessorFixture f = new ProcessorFixture(emulators, emulators.provision(
                QueueSpec.inbound(prefix).withVisibilityTimeout(Duration.ofSeconds(1)).withMaxReceiveCount(MAX_RECEIVES),
                QueueSpec.deliveries(prefix, 3)));
        f.registry.create("ep_a", "https://a.example.com/hook", List.of("order.*"), null);
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        EventHandlers handlers = EventHandlers.builder().on("order.*", "fulfilment", event -> {
            calls.computeIfAbsent(event.eventId(), k -> new AtomicInteger()).incrementAndGet();
            if (event.eventId().equals("ord_7")) {
                throw new IllegalStateException("fulfilment service refused ord_7");
            }
        }).build();
        for (int i = 0; i < 10; i++) {
            InboundMessage message = ProcessorFixture.event("shop", "ord_" + i, "order.created", "{\"n\":" + i + "}");
            f.claimed(message);
            f.enqueue(message);
        }
        EventSourceMapping esm = new EventSourceMapping(emulators.clientsAs("processor").sqs(),
                f.resources.inboundQueueUrl(), 10,
                f.handler(handlers), "processor");

        EventSourceMapping.Poll first = esm.pollOnce(Duration.ofSeconds(1));
        assertEquals(new EventSourceMapping.Poll(10, 1, false), first, "one batch of ten, one item failure");

        List<Message> dead = List.of();
        for (int i = 0; i < 40 && dead.isEmpty(); i++) {
            EventSourceMapping.Poll poll = esm.pollOnce(Duration.ofSeconds(1));
            assertTrue(poll.received() <= 1 && poll.failed() == poll.received(), "only ord_7 comes back: " + poll);
            dead = emulators.sqs().receiveMessage(b -> b.queueUrl(f.resources.inboundDlqUrl())).messages();
        }

        assertEquals(1, dead.size(), "ord_7 is in inbound-dlq");
        assertEquals("ord_7", InboundMessage.fromJson(dead.get(0).body()).eventId());
        assertEquals(MAX_RECEIVES, calls.get("ord_7").get(), "tried once per receive, then redriven");
        for (int i = 0; i < 10; i++) {
            if (i != 7) {
                assertEquals(1, calls.get("ord_" + i).get());
                assertEquals("PROCESSED", f.status("shop#ord_" + i));
            }
        }
        assertEquals("ENQUEUED", f.status("shop#ord_7"));
        assertEquals(9, f.drainDeliveries().size(), "ord_7 was not fanned out: its handler never succeeded");
        assertTrue(f.logLines().stream().anyMatch(l -> "failed".equals(l.path("outcome").asText())
                && "fulfilment".equals(l.path("handler").asText())
                && l.path("error").asText().contains("IllegalStateException")));
    }
}
