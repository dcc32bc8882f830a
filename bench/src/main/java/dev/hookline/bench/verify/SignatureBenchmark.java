package dev.hookline.bench.verify;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hookline.core.signing.WebhookSecret;
import dev.hookline.core.config.Scheme;
import dev.hookline.core.json.Json;
import dev.hookline.core.config.SourceConfig;
import dev.hookline.core.signing.StandardWebhooks;
import dev.hookline.receiver.verify.SignatureVerifier;
import dev.hookline.receiver.verify.Verification;
import dev.hookline.receiver.verify.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One valid Standard Webhooks request, verified three ways on the same bytes: hookline's receiver
 * verifier, the reference library, and a bare JDK HMAC-SHA256 over {@code id.timestamp.body} (the
 * floor: no header parsing, no decoding, no comparison, no body parsing).
 *
 * <p>Each side gets the body the way its API takes it: the reference library a {@code String} (it
 * formats {@code id.ts.body} into a new string and encodes it), hookline the bytes the receiver
 * already holds (API Gateway's body decoded once per request, before any verifier). The
 * {@code hooklineFromString} variant adds that one {@code getBytes}, so neither side is flattered.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SignatureBenchmark {
    @Param({"1024", "16384", "262144"})
    public int size;

    private String body;
    private byte[] bodyBytes;
    private byte[] signedBytes;
    private byte[] key;
    private Map<String, String> headers;
    private Map<String, List<String>> referenceHeaders;
    private Map<String, String> notJsonHeaders;
    private byte[] notJsonBytes;
    private SignatureVerifier hookline;
    private Webhook reference;

    @Setup(Level.Trial)
    public void setUp() {
        String secret = "whsec_" + Base64.getEncoder().encodeToString(
                "bench-secret-32-bytes-long......".getBytes(StandardCharsets.US_ASCII));
        body = Bodies.json(size);
        bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        // A fresh timestamp per fork: each trial lasts seconds, far inside the 5-minute tolerance.
        StandardWebhooks.Headers signed = StandardWebhooks.sign("msg_2bench0000000000000000001", Instant.now(), body,
                List.of(secret));
        headers = Map.of("webhook-id", signed.id(), "webhook-timestamp", signed.timestamp(),
                "webhook-signature", signed.signature(), "content-type", "application/json");
        referenceHeaders = Map.of("webhook-id", List.of(signed.id()), "webhook-timestamp",
                List.of(signed.timestamp()), "webhook-signature", List.of(signed.signature()),
                "content-type", List.of("application/json"));
        signedBytes = (signed.id() + "." + signed.timestamp() + "." + body).getBytes(StandardCharsets.UTF_8);
        key = WebhookSecret.parse(secret).key();
        // Same size, not JSON: the verifier checks the signature, then its body parse stops at the first byte.
        String notJson = "#" + "x".repeat(size - 1);
        notJsonBytes = notJson.getBytes(StandardCharsets.UTF_8);
        StandardWebhooks.Headers signedNotJson = StandardWebhooks.sign("msg_2bench0000000000000000002", Instant.now(),
                notJson, List.of(secret));
        notJsonHeaders = Map.of("webhook-id", signedNotJson.id(), "webhook-timestamp", signedNotJson.timestamp(),
                "webhook-signature", signedNotJson.signature(), "content-type", "application/json");
        hookline = SignatureVerifier.forSource(new SourceConfig("bench", Scheme.STANDARD_WEBHOOKS, List.of(secret),
                SourceConfig.DEFAULT_TOLERANCE, Map.of()), Clock.systemUTC());
        reference = new Webhook(secret);
        // Every side must accept the request, or the figures compare a rejection with a verification.
        if (hookline().outcome() != Verification.Outcome.VERIFIED) {
            throw new IllegalStateException("hookline rejected the benchmark request: " + hookline().reason());
        }
        Verification signatureOnly = hooklineSignatureOnly();
        if (signatureOnly.outcome() != Verification.Outcome.INVALID || !signatureOnly.signatureAccepted()) {
            throw new IllegalStateException("the signature-only request was not accepted as signed: "
                    + signatureOnly.outcome());
        }
        try {
            reference();
        } catch (WebhookVerificationException e) {
            throw new IllegalStateException("the reference library rejected the benchmark request", e);
        }
    }

    @Benchmark
    public Verification hookline() {
        return hookline.verify(WebhookRequest.of(headers, bodyBytes));
    }

    @Benchmark
    public Verification hooklineFromString() {
        return hookline.verify(WebhookRequest.of(headers, body.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * hookline's signature check without its body parse: a signed body that is not JSON passes the
     * signature and is then refused (400, no event type) at the parser's first byte.
     */
    @Benchmark
    public Verification hooklineSignatureOnly() {
        return hookline.verify(WebhookRequest.of(notJsonHeaders, notJsonBytes));
    }

    @Benchmark
    public Map<String, List<String>> reference() throws WebhookVerificationException {
        reference.verify(body, referenceHeaders);
        return referenceHeaders;
    }

    /** The part of hookline's verify that is not the signature: the body read as a JSON tree for its type. */
    @Benchmark
    public Object jsonTreeParse() {
        return Json.parseOrNull(bodyBytes);
    }

    /**
     * Not hookline's code: what the verifier would cost if it found the top-level {@code type} with
     * Jackson's streaming parser (skipping nested values) instead of building the whole tree.
     */
    @Benchmark
    public String hmacPlusStreamingType() throws Exception {
        byte[] signature = rawHmac();
        if (signature.length != 32) {
            throw new IllegalStateException();
        }
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(bodyBytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String type = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (type == null && field.equals("type") && value == JsonToken.VALUE_STRING) {
                    type = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            return type;
        }
    }

    @Benchmark
    public byte[] rawHmac() throws NoSuchAlgorithmException, InvalidKeyException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(signedBytes);
    }
}
