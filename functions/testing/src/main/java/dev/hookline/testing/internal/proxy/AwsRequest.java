package dev.hookline.testing.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the proxy needs to know about one signed AWS request: who signed it, for which service,
 * which action, and its parameters.
 *
 * <p>The key id and service come from SigV4's {@code Authorization: AWS4-HMAC-SHA256
 * Credential=<keyId>/<date>/<region>/<service>/aws4_request, ...} header. The action comes from
 * {@code X-Amz-Target} for the AWS JSON protocol (DynamoDB {@code DynamoDB_20120810.PutItem},
 * SQS {@code AmazonSQS.SendMessage}, Secrets Manager {@code secretsmanager.GetSecretValue}), or
 * from the form parameter {@code Action} for SQS's older query protocol.
 *
 * @param keyId    the access key id, or null when the request is unsigned
 * @param function the function the key id names, or null for anyone else (the harness)
 * @param service  {@code dynamodb}, {@code sqs}, {@code secretsmanager}, or null when unknown
 * @param action   the API action, or null when unknown
 * @param json     the body of an AWS JSON protocol request, or null
 * @param form     the parameters of a query protocol request (empty for JSON)
 */
public record AwsRequest(String keyId, String function, String service, String action, JsonNode json,
                         Map<String, String> form) {

    /** The function names of template.yaml; a key id {@code <function>} or {@code <function>.<tag>} names one. */
    public static final Set<String> FUNCTIONS = Set.of("receiver", "processor", "sender", "api");

    public static AwsRequest parse(String authorization, String target, String contentType, byte[] body) {
        String keyId = null;
        String service = null;
        if (authorization != null) {
            int credential = authorization.indexOf("Credential=");
            if (credential >= 0) {
                int end = authorization.indexOf(',', credential);
                String scope = authorization.substring(credential + "Credential=".length(),
                        end < 0 ? authorization.length() : end).trim();
                String[] parts = scope.split("/");
                keyId = parts[0];
                if (parts.length >= 5) {
                    service = parts[3];
                }
            }
        }
        String action = null;
        JsonNode json = null;
        Map<String, String> form = Map.of();
        if (target != null && target.indexOf('.') > 0) {
            String prefix = target.substring(0, target.indexOf('.'));
            action = target.substring(target.indexOf('.') + 1);
            if (service == null) {
                service = serviceOfTarget(prefix);
            }
            json = body.length == 0 ? Json.object() : Json.parseOrNull(body);
        } else if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            form = formParameters(new String(body, StandardCharsets.UTF_8));
            action = form.get("Action");
            if (service == null && action != null) {
                service = "sqs";
            }
        }
        return new AwsRequest(keyId, functionOf(keyId), service, action, json, form);
    }

    /** {@code receiver} for {@code receiver} and {@code receiver.snapstart}; null for anything else. */
    public static String functionOf(String keyId) {
        if (keyId == null) {
            return null;
        }
        int dot = keyId.indexOf('.');
        String name = dot < 0 ? keyId : keyId.substring(0, dot);
        return FUNCTIONS.contains(name) ? name : null;
    }

    private static String serviceOfTarget(String prefix) {
        if (prefix.startsWith("DynamoDB")) {
            return "dynamodb";
        }
        if (prefix.equals("AmazonSQS")) {
            return "sqs";
        }
        if (prefix.equals("secretsmanager")) {
            return "secretsmanager";
        }
        return null;
    }

    private static Map<String, String> formParameters(String body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.put(name, value);
        }
        return parameters;
    }

    /** A top-level string parameter, from the JSON body or the form. */
    public String parameter(String name) {
        if (json != null) {
            JsonNode value = json.get(name);
            return value == null || value.isNull() ? null : value.asText();
        }
        return form.get(name);
    }

    public boolean isJson() {
        return json != null;
    }
}
