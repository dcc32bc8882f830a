package dev.hookline.receiver.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.core.config.Scheme;
import dev.hookline.receiver.testing.Signers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackVerifierTest extends TimestampedSchemeContract {
    @Override Scheme scheme() { return Scheme.SLACK; }
    @Override String signatureHeader() { return "X-Slack-Signature"; }
    @Override String expectedType() { return "app_mention"; }

    @Override
    byte[] body() {
        return Signers.utf8("{\"type\":\"event_callback\",\"event_id\":\"evt_1\",\"event\":{\"type\":\"app_mention\","
                + "\"text\":\"hi\"}}");
    }

    @Override
    Map<String, String> sign(String secret, String timestamp, byte[] body) {
        return Map.of("X-Slack-Signature", Signers.slack(secret, timestamp, body),
                "X-Slack-Request-Timestamp", timestamp);
    }

    @Override
    Map<String, String> signWithoutEventId(String secret, byte[] body) {
        byte[] noId = Signers.utf8("{\"type\":\"event_callback\",\"event\":{\"type\":\"app_mention\"}}");
        return sign(secret, Long.toString(NOW), noId);
    }

    @Override
    @Test
    void refusesVerifiedRequestWithoutEventIdAsBadRequest() {
        byte[] noId = Signers.utf8("{\"type\":\"event_callback\",\"event\":{\"type\":\"app_mention\"}}");
        assertEquals(Verification.Outcome.INVALID, verify(signWithoutEventId(SECRET_A, noId), noId).outcome());
    }

    @Override
    List<String> malformedSignatures() {
        String valid = signNow(SECRET_A).get("X-Slack-Signature");
        return List.of("v0=", "v0", valid.substring(3), valid.replace("v0=", "v1="), "v0==" + valid.substring(3),
                valid.substring(0, 60));
    }

    @Test
    void answersUrlVerificationWithItsChallengeOnceSigned() {
        byte[] handshake = Signers.utf8("{\"token\":\"x\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}");
        Verification result = verify(sign(SECRET_A, Long.toString(NOW), handshake), handshake);
        assertEquals(Verification.challenge("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"), result);
    }

    @Test
    void rejectsUnsignedUrlVerification() {
        byte[] handshake = Signers.utf8("{\"challenge\":\"abc\",\"type\":\"url_verification\"}");
        Map<String, String> headers = new HashMap<>(sign(SECRET_B, Long.toString(NOW), handshake));
        assertRejected(verify(headers, handshake), "handshake signed with another secret");
    }

    @Test
    void fallsBackToTheTopLevelTypeWithoutAnInnerEvent() {
        byte[] body = Signers.utf8("{\"type\":\"app_rate_limited\",\"event_id\":\"evt_1\"}");
        assertEquals(Verification.verified("evt_1", "app_rate_limited"),
                verify(sign(SECRET_A, Long.toString(NOW), body), body));
    }

    @Test
    void refusesFormEncodedBodiesAsBadRequestsAfterVerifying() {
        byte[] form = Signers.utf8("token=x&command=%2Fdo&trigger_id=1");
        assertEquals(Verification.Outcome.INVALID, verify(sign(SECRET_A, Long.toString(NOW), form), form).outcome());
    }
}
