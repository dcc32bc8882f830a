package dev.hookline.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Secrets Manager's {@code GetSecretValue}, for one secret: the local config file. A function run by
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
    /** The one secret id it serves. */
    public static final String SECRET_ID = "hookline-local-config";
    static final String ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + SECRET_ID;

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
        if (!SECRET_ID.equals(id) && !ARN.equals(id)) {
            return error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        String config;
        try {
            config = Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return error(500, "InternalServiceError", "cannot read the local config file");
        }
        ObjectNode answer = Json.object();
        answer.put("ARN", ARN);
        answer.put("Name", SECRET_ID);
        answer.put("VersionId", "00000000-0000-0000-0000-000000000001");
        answer.put("SecretString", config);
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
