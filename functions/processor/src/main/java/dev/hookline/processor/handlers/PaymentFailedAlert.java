package dev.hookline.processor.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.log.JsonLog;
import dev.hookline.processor.EventHandler;
import dev.hookline.processor.InboundEvent;

/**
 * Example handler: a failed invoice payment (Stripe's {@code invoice.payment_failed}) becomes one
 * WARN log line with {@code alert=payment_failed} and the invoice's identifiers and amount, which
 * a CloudWatch metric filter can count and alarm on. It reads only ids and amounts: never the
 * whole body, which may hold personal data.
 */
public final class PaymentFailedAlert implements EventHandler {
    private final JsonLog log;

    public PaymentFailedAlert(JsonLog log) {
        this.log = log;
    }

    @Override
    public void handle(InboundEvent event) {
        JsonNode invoice = event.data() == null ? null : event.data().path("data").path("object");
        JsonLog.Line line = log.warn("invoice payment failed")
                .with("alert", "payment_failed")
                .with("eventKey", event.eventKey())
                .with("source", event.source());
        if (invoice != null && invoice.isObject()) {
            line.with("invoiceId", text(invoice, "id"))
                    .with("customerId", text(invoice, "customer"))
                    .with("currency", text(invoice, "currency"));
            if (invoice.path("amount_due").isIntegralNumber()) {
                line.with("amountDue", invoice.path("amount_due").asLong());
            }
            if (invoice.path("attempt_count").isIntegralNumber()) {
                line.with("attemptCount", invoice.path("attempt_count").asLong());
            }
        } else {
            line.with("invoiceId", "unknown");
        }
        line.emit();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
