package dev.hookline.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.hookline.core.config.FileConfigSource;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Secrets Manager's {@code GetSecretValue}, for two secrets: the local config file and its
 * {@code signingKey} (the sender's SIGNING_KEY_SECRET_ID on AWS). A function run by
 * {@code sam local invoke} lives in a container that sees only its own code, not the config file on
 * this machine, so the env-vars file the runtime writes names this secret and points the function's
 * Secrets Manager endpoint here; the function then reads its config as it does on AWS.
 *
 * <p>The AWS JSON 1.1 protocol as Secrets Manager speaks it (API reference, GetSecretValue): a POST
 * with {@code X-Amz-Target: secretsmanager.GetSecretValue} and {@code {"SecretId": ...}}, answered
 * with {@code {"ARN", "Name", "VersionId", "SecretString", "VersionStages", "CreatedDate"}}; an unknown
 * id is a 400 {@code ResourceNotFoundException}. Requests are not authenticated: the server listens
 * on loopback only, and the file it serves is readable on this machine anyway.
 */
public final class ConfigSecretShim {
    /** Path prefix of the endpoint on the local HTTP server. */
    public static final String PATH = "/_secretsmanager";
    /** The config document's secret id. */
    public static final String SECRET_ID = "hookline-local-config";
    /** The signing key's secret id: the config file's {@code signingKey}. */
    public static final String SIGNING_KEY_ID = "hookline-local-signing-key";
    private static final String ARN_PREFIX = "arn:aws:secretsmanager:us-east-1:000000000000:secret:";

    /** A status, the JSON 1.1 body and, for errors, the error type. */
    public record Answer(int status, String body, String errorType) {
    }

    private final Path configFile;
    private final Clock clock;

    public ConfigSecretShim(Path configFile, Clock clock) {
        this.configFile = configFile;
        this.clock = clock;
    }

    public Answer handle(String target, byte[] body) {
        if (!"secretsmanager.GetSecretValue".equals(target)) {
            return error(400, "UnknownOperationException", "only GetSecretValue is served here");
        }
        JsonNode request = Json.parseOrNull(body);
        String id = request == null ? null : request.path("SecretId").asText(null);
        String name = id != null && id.startsWith(ARN_PREFIX) ? id.substring(ARN_PREFIX.length()) : id;
        boolean signingKey = SIGNING_KEY_ID.equals(name);
        if (!SECRET_ID.equals(name) && !signingKey) {
            return error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        String value;
        try {
            value = signingKey ? new FileConfigSource(configFile).current().signingKey()
                    : Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return error(500, "InternalServiceError", "cannot read the local config file");
        }
        if (value == null) {
            return error(400, "ResourceNotFoundException", "the local config file has no signingKey");
        }
        ObjectNode answer = Json.object();
        answer.put("ARN", ARN_PREFIX + name);
        answer.put("Name", name);
        answer.put("VersionId", "00000000-0000-0000-0000-000000000001");
        answer.put("SecretString", value);
        answer.putArray("VersionStages").add("AWSCURRENT");
        answer.put("CreatedDate", clock.instant().getEpochSecond());
        return new Answer(200, Json.write(answer), null);
    }

    private static Answer error(int status, String type, String message) {
        ObjectNode error = Json.object();
        error.put("__type", type);
        error.put("message", message);
        return new Answer(status, Json.write(error), type);
    }
}
