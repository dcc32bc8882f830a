package dev.hookline.core.config;

import dev.hookline.core.tenants.TenantId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.json.Json;
import dev.hookline.core.signing.SigningKey;
import dev.hookline.core.signing.WebhookSecret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the JSON configuration document into a {@link HooklineConfig}. Every error names the field
 * at fault (for example {@code sources.stripe.secrets[0]}) and never echoes a secret's value.
 * Unknown fields are errors too: a misspelt {@code toleranceSecond} silently ignored is a bug a
 * user finds in production.
 */
public final class ConfigParser {
    private static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> ROOT_FIELDS = Set.of("sources", "signingKey", "endpoints");
    private static final Set<String> SOURCE_FIELDS = Set.of("scheme", "secrets", "toleranceSeconds", "headers", "tenant");
    private static final Set<String> HEADER_KEYS = Set.of("signature", "id");
    private static final Set<String> ENDPOINT_FIELDS = Set.of("id", "url", "eventTypes", "description");
    private static final long MAX_TOLERANCE_SECONDS = 86_400;

    private ConfigParser() {
    }

    public static HooklineConfig parse(String text) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text == null ? "" : text);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the document, which holds secrets: give only the position.
            var loc = e.getLocation();
            throw new ConfigException("config: not valid JSON" + (loc == null ? ""
                    : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("config: expected a JSON object at the top level");
        }
        rejectUnknown(root, ROOT_FIELDS, "config");
        return new HooklineConfig(sources(root.get("sources")), signingKey(root.get("signingKey")),
                endpoints(root.get("endpoints")));
    }

    private static Map<String, SourceConfig> sources(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new ConfigException("sources: missing; give at least an empty object {}");
        }
        if (!node.isObject()) {
            throw new ConfigException("sources: expected an object of source name to source");
        }
        Map<String, SourceConfig> sources = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            String field = "sources." + name;
            if (!SOURCE_NAME.matcher(name).matches()) {
                throw new ConfigException(field + ": a source name is 1 to 64 letters, digits, '.', '_' or '-'");
            }
            sources.put(name, source(name, field, entry.getValue()));
        }
        return sources;
    }

    private static SourceConfig source(String name, String field, JsonNode node) {
        if (!node.isObject()) {
            throw new ConfigException(field + ": expected an object");
        }
        rejectUnknown(node, SOURCE_FIELDS, field);
        Scheme scheme = Scheme.fromConfigName(requiredText(node, "scheme", field), field + ".scheme");
        JsonNode secretsNode = node.get("secrets");
        if (secretsNode == null || !secretsNode.isArray() || secretsNode.isEmpty()) {
            throw new ConfigException(field + ".secrets: expected a non-empty array of strings");
        }
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < secretsNode.size(); i++) {
            JsonNode secret = secretsNode.get(i);
            String secretField = field + ".secrets[" + i + "]";
            if (!secret.isTextual() || secret.asText().isEmpty()) {
                throw new ConfigException(secretField + ": expected a non-empty string");
            }
            if (scheme == Scheme.STANDARD_WEBHOOKS) {
                requireWhsec(secret.asText(), secretField);
            }
            secrets.add(secret.asText());
        }
        Duration tolerance = SourceConfig.DEFAULT_TOLERANCE;
        JsonNode toleranceNode = node.get("toleranceSeconds");
        // A field the scheme ignores would look like a setting that works: refuse it by name.
        if (toleranceNode != null && !scheme.timestamped()) {
            throw new ConfigException(field + ".toleranceSeconds: scheme " + scheme.configName()
                    + " signs no timestamp, so there is nothing to hold to a tolerance; remove the field");
        }
        if (node.has("headers") && scheme != Scheme.HMAC) {
            throw new ConfigException(field + ".headers: only the hmac scheme has configurable header names; scheme "
                    + scheme.configName() + " uses its provider's own; remove the field");
        }
        if (toleranceNode != null && !toleranceNode.isNull()) {
            if (!toleranceNode.canConvertToLong() || !toleranceNode.isIntegralNumber()
                    || toleranceNode.asLong() < 1 || toleranceNode.asLong() > MAX_TOLERANCE_SECONDS) {
                throw new ConfigException(field + ".toleranceSeconds: expected a whole number from 1 to "
                        + MAX_TOLERANCE_SECONDS);
            }
            tolerance = Duration.ofSeconds(toleranceNode.asLong());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode headersNode = node.get("headers");
        if (headersNode != null && !headersNode.isNull()) {
            if (!headersNode.isObject()) {
                throw new ConfigException(field + ".headers: expected an object");
            }
            rejectUnknown(headersNode, HEADER_KEYS, field + ".headers");
            headersNode.fields().forEachRemaining(h -> {
                if (!h.getValue().isTextual() || h.getValue().asText().isBlank()) {
                    throw new ConfigException(field + ".headers." + h.getKey() + ": expected a header name");
                }
                headers.put(h.getKey(), h.getValue().asText());
            });
        }
        String tenant = TenantId.DEFAULT;
        JsonNode tenantNode = node.get("tenant");
        if (tenantNode != null && !tenantNode.isNull()) {
            if (!tenantNode.isTextual() || !TenantId.valid(tenantNode.asText())) {
                throw new ConfigException(field + ".tenant: expected a tenant id (1-64 of A-Z a-z 0-9 _ -)");
            }
            tenant = tenantNode.asText();
        }
        return new SourceConfig(name, scheme, secrets, tolerance, headers, tenant);
    }

    private static String signingKey(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ConfigException("signingKey: expected a string such as whsec_<base64>");
        }
        try {
            // The parser the sender and the sinks use, so the config accepts exactly the keys they can use.
            SigningKey.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("signingKey: " + e.getMessage());
        }
        return node.asText();
    }

    private static List<EndpointSeed> endpoints(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ConfigException("endpoints: expected an array");
        }
        List<EndpointSeed> seeds = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String field = "endpoints[" + i + "]";
            JsonNode ep = node.get(i);
            if (!ep.isObject()) {
                throw new ConfigException(field + ": expected an object");
            }
            rejectUnknown(ep, ENDPOINT_FIELDS, field);
            String id = requiredText(ep, "id", field);
            String url = requiredText(ep, "url", field);
            JsonNode types = ep.get("eventTypes");
            if (types == null || !types.isArray() || types.isEmpty()) {
                throw new ConfigException(field + ".eventTypes: expected a non-empty array such as [\"*\"]");
            }
            List<String> eventTypes = new ArrayList<>();
            for (int t = 0; t < types.size(); t++) {
                if (!types.get(t).isTextual()) {
                    throw new ConfigException(field + ".eventTypes[" + t + "]: expected a string");
                }
                eventTypes.add(types.get(t).asText());
            }
            JsonNode description = ep.get("description");
            seeds.add(new EndpointSeed(id, url, eventTypes,
                    description == null || description.isNull() ? null : description.asText()));
        }
        return seeds;
    }

    /** Decodes a {@code whsec_<base64>} secret, or fails naming the field (never the value). */
    static byte[] requireWhsec(String secret, String field) {
        try {
            return WebhookSecret.parse(secret).key();
        } catch (IllegalArgumentException e) {
            // WebhookSecret's messages never hold the secret.
            throw new ConfigException(field + ": expected whsec_ followed by base64 key material ("
                    + e.getMessage() + ")");
        }
    }

    private static String requiredText(JsonNode node, String name, String field) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new ConfigException(field + "." + name + ": missing");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ConfigException(field + "." + name + ": expected a non-empty string");
        }
        return value.asText();
    }

    private static void rejectUnknown(JsonNode node, Set<String> known, String field) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw new ConfigException(field + "." + name + ": unknown field; expected one of " + known);
            }
        });
    }
}
