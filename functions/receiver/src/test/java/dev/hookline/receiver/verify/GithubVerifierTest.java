package dev.hookline.receiver.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.core.config.Scheme;
import dev.hookline.receiver.testing.Signers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GithubVerifierTest extends SchemeVerifierContract {
    @Override Scheme scheme() { return Scheme.GITHUB; }
    @Override String signatureHeader() { return "X-Hub-Signature-256"; }
    @Override String expectedType() { return "pull_request.opened"; }

    @Override
    byte[] body() {
        return Signers.utf8("{\"action\":\"opened\",\"number\":1,\"repository\":{\"full_name\":\"o/r\"}}");
    }

    @Override
    Map<String, String> sign(String secret, String timestamp, byte[] body) {
        return Map.of("X-Hub-Signature-256", Signers.github(secret, body), "X-GitHub-Delivery", "evt_1",
                "X-GitHub-Event", "pull_request");
    }

    @Override
    Map<String, String> signWithoutEventId(String secret, byte[] body) {
        return Map.of("X-Hub-Signature-256", Signers.github(secret, body), "X-GitHub-Event", "pull_request");
    }

    @Override
    List<String> malformedSignatures() {
        String valid = signNow(SECRET_A).get("X-Hub-Signature-256");
        return List.of("sha256=", "sha256", "sha256==" + valid.substring(7), valid.substring(7),
                valid.replace("sha256=", "sha1="), "sha256=" + "z".repeat(64), valid.substring(0, 70));
    }

    @Test
    void acceptsDeliveryAnyTimeLaterBecauseNoTimestampIsSigned() {
        // GitHub signs no timestamp: replays are stopped by the events table, not by age.
        Verification result = verify(List.of(SECRET_A), signNow(SECRET_A), body(), NOW + 30L * 86_400);
        assertEquals(Verification.Outcome.VERIFIED, result.outcome());
    }

    @Test
    void typeIsTheEventAloneWhenTheBodyHasNoAction() {
        byte[] ping = Signers.utf8("{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}");
        Map<String, String> headers = new HashMap<>(sign(SECRET_A, null, ping));
        headers.put("X-GitHub-Event", "ping");
        assertEquals(Verification.verified("evt_1", "ping"), verify(headers, ping));
    }

    @Test
    void formEncodedBodyIsVerifiedWithTheEventAsType() {
        byte[] form = Signers.utf8("payload=%7B%22action%22%3A%22opened%22%7D");
        assertEquals(Verification.verified("evt_1", "pull_request"), verify(sign(SECRET_A, null, form), form));
    }

    @Test
    void missingEventHeaderIsABadRequest() {
        Map<String, String> headers = new HashMap<>(signNow(SECRET_A));
        headers.remove("X-GitHub-Event");
        assertEquals(Verification.Outcome.INVALID, verify(headers, body()).outcome());
    }
}
