package dev.hookline.api.v1.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.api.http.Access;
import dev.hookline.api.http.ApiException;
import dev.hookline.api.http.JsonBody;
import dev.hookline.api.http.Page;
import dev.hookline.api.http.Problem;
import dev.hookline.api.http.Request;
import dev.hookline.api.http.Response;
import dev.hookline.api.http.Route;
import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointHeaders;
import dev.hookline.core.endpoints.EndpointNotFoundException;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.endpoints.EventTypePattern;
import dev.hookline.core.json.Json;
import dev.hookline.core.outbound.SignedPost;
import dev.hookline.core.outbound.http.HttpResult;
import dev.hookline.core.outbound.ssrf.BlockedDestinationException;
import dev.hookline.core.paging.Slice;
import dev.hookline.core.signing.EndpointSecrets;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/tenants/{tenant}/endpoints}: create, list, get, update, delete, and the actions
 * (enable, disable, pause, resume, rotate-secret, secret, test). Every lookup is scoped to the path's
 * tenant, so another tenant's endpoint id answers 404 exactly as a missing one.
 */
public final class EndpointsRoutes {
    static final String BASE = "/v1/tenants/{tenant}/endpoints";
    static final String ONE = BASE + "/{endpoint}";
    private static final int MAX_TYPES = 100;
    private static final int MAX_DESCRIPTION = 500;
    private static final int MAX_METADATA = 20;
    private static final int MAX_METADATA_KEY = 64;
    private static final int MAX_METADATA_VALUE = 512;
    private static final Set<String> FIELDS = Set.of("url", "eventTypes", "description", "metadata", "headers");

    private final EndpointServices services;
    private final EndpointRegistry registry;

    public EndpointsRoutes(EndpointServices services) {
        this.services = services;
        this.registry = services.registry();
    }

    public List<Route> routes() {
        return List.of(
                Route.of("POST", BASE, Access.TENANT, this::create),
                Route.of("GET", BASE, Access.TENANT, this::list),
                Route.of("GET", ONE, Access.TENANT, this::get),
                Route.of("PATCH", ONE, Access.TENANT, this::update),
                Route.of("DELETE", ONE, Access.TENANT, this::delete),
                Route.of("POST", ONE + "/enable", Access.TENANT, r -> act(r, registry::enable)),
                Route.of("POST", ONE + "/disable", Access.TENANT, r -> act(r, id -> registry.disable(id, "operator"))),
                Route.of("POST", ONE + "/pause", Access.TENANT, r -> transition(r, true)),
                Route.of("POST", ONE + "/resume", Access.TENANT, r -> transition(r, false)),
                Route.of("POST", ONE + "/rotate-secret", Access.TENANT, this::rotate),
                Route.of("GET", ONE + "/secret", Access.TENANT, this::secret),
                Route.of("POST", ONE + "/test", Access.TENANT, this::test));
    }

    private Response create(Request request) {
        String tenant = request.param("tenant");
        JsonBody body = JsonBody.parse(request, FIELDS);
        String url = url(body, true);
        List<String> types = eventTypes(body);
        String description = body.string("description", false, MAX_DESCRIPTION, null, null);
        Map<String, String> metadata = metadata(body);
        Map<String, String> headers = headers(body);
        body.check();
        Endpoint created = registry.create(new EndpointRegistry.NewEndpoint(null, tenant, url,
                types == null ? List.of("*") : types, description, orEmpty(metadata), orEmpty(headers)));
        return Response.created(json(created));
    }

    private Response list(Request request) {
        Page.Query query = Page.parse(request);
        Slice<Endpoint> slice = registry.list(request.param("tenant"), query.limit(), query.after());
        return Page.of(slice.items().stream().map(EndpointsRoutes::json).toList(), slice.after());
    }

    private Response get(Request request) {
        return Response.ok(json(existing(request)));
    }

    private Response update(Request request) {
        String tenant = request.param("tenant");
        Endpoint current = existing(request);
        JsonBody body = JsonBody.parse(request, FIELDS);
        String url = url(body, false);
        List<String> types = eventTypes(body);
        String description = body.string("description", false, MAX_DESCRIPTION, null, null);
        boolean removeDescription = body.has("description") && body.raw("description").isNull();
        Map<String, String> metadata = metadata(body);
        Map<String, String> headers = headers(body);
        body.check();
        try {
            return Response.ok(json(registry.update(tenant, current.id(), new EndpointRegistry.Changes(url, types,
                    description, removeDescription, metadata, headers))));
        } catch (EndpointNotFoundException e) {
            throw new ApiException(Problem.notFound());
        }
    }

    private Response delete(Request request) {
        if (!registry.delete(request.param("tenant"), request.param("endpoint"))) {
            throw new ApiException(Problem.notFound());
        }
        return Response.noContent();
    }

    private Response act(Request request, java.util.function.Function<String, Endpoint> action) {
        noFields(request);
        Endpoint endpoint = existing(request);
        try {
            return Response.ok(json(action.apply(endpoint.id())));
        } catch (EndpointNotFoundException e) {
            throw new ApiException(Problem.notFound());
        }
    }

    private Response transition(Request request, boolean pause) {
        noFields(request);
        String tenant = request.param("tenant");
        Endpoint endpoint = existing(request);
        try {
            return Response.ok(json(pause ? registry.pause(tenant, endpoint.id()) : registry.resume(tenant, endpoint.id())));
        } catch (EndpointNotFoundException e) {
            throw new ApiException(Problem.notFound());
        } catch (EndpointRegistry.WrongStatusException e) {
            throw new ApiException(Problem.conflict("A disabled endpoint cannot be " + (pause ? "paused" : "resumed")
                    + "; enable it first."));
        }
    }

    private Response rotate(Request request) {
        noFields(request);
        Endpoint endpoint = existing(request);
        try {
            return Response.ok(json(registry.rotateSecret(endpoint.id())));
        } catch (IllegalStateException e) {
            throw new ApiException(Problem.conflict("The secret was rotated concurrently; try again."));
        }
    }

    /** The current secret, derived from the signing key (never stored), for the endpoint's receiver. */
    private Response secret(Request request) {
        Endpoint endpoint = existing(request);
        String secret = new EndpointSecrets(services.signingKey().get()).secret(endpoint.id(), endpoint.secretVersion());
        return Response.ok(Json.object().put("secret", secret));
    }

    /**
     * Sends one signed {@code hookline.test} event now, through the sender's own signing and guarded
     * client, and answers with the attempt (200 whatever the endpoint answered: the call worked).
     * Nothing is queued or logged in the deliveries table.
     */
    private Response test(Request request) {
        noFields(request);
        Endpoint endpoint = existing(request);
        Instant at = services.clock().instant();
        String messageId = "msg_test_" + EndpointRegistry.newId().substring(3);
        ObjectNode payload = Json.object().put("type", "hookline.test").put("timestamp", at.toString());
        payload.putObject("data").put("endpoint", endpoint.id());
        HttpResult result = SignedPost.post(services.http(), endpoint, messageId, Json.write(payload),
                services.signingKey().get(), services.secretGrace(), at);
        ObjectNode out = Json.object().put("messageId", messageId).put("at", at.toString())
                .put("success", result.statusCode() / 100 == 2).put("durationMs", result.durationMs());
        if (result.hasResponse()) {
            out.put("status", result.statusCode());
        } else {
            out.putNull("status");
        }
        if (result.error() != null) {
            out.put("error", result.error());
        }
        if (result.responseBody() != null) {
            out.put("response", result.responseBody());
        }
        return Response.ok(out);
    }

    /** Actions take no fields; an empty body or {@code {}} is fine, anything else is named and refused. */
    private static void noFields(Request request) {
        JsonBody.parse(request, Set.of()).check();
    }

    private Endpoint existing(Request request) {
        return registry.get(request.param("tenant"), request.param("endpoint"))
                .orElseThrow(() -> new ApiException(Problem.notFound()));
    }

    // ------------------------------------------------------------ fields

    private String url(JsonBody body, boolean required) {
        String url = body.string("url", required, 2048, null, null);
        if (url == null) {
            return null;
        }
        URI uri;
        try {
            uri = new EndpointUrlPolicy(services.guard().allowsHttp()).validate(url);
        } catch (IllegalArgumentException e) {
            body.error("url", e.getMessage());
            return null;
        }
        try {
            services.guard().check(uri);
        } catch (BlockedDestinationException e) {
            body.error("url", "the host is not a public address (" + e.getMessage() + ")");
            return null;
        } catch (UnknownHostException e) {
            // Not resolvable now is not refused: DNS may be set up after the endpoint. The sender checks
            // every request anyway.
        } catch (java.io.IOException e) {
            body.error("url", "could not be checked");
            return null;
        }
        return url;
    }

    private static List<String> eventTypes(JsonBody body) {
        JsonNode node = body.raw("eventTypes");
        if (node == null) {
            return null;
        }
        if (!node.isArray() || node.isEmpty() || node.size() > MAX_TYPES) {
            body.error("eventTypes", "a non-empty array of at most " + MAX_TYPES + " patterns");
            return null;
        }
        List<String> types = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode type = node.get(i);
            try {
                if (!type.isTextual()) {
                    throw new IllegalArgumentException("expected a string");
                }
                EventTypePattern.validate(type.asText());
                types.add(type.asText());
            } catch (IllegalArgumentException e) {
                body.error("eventTypes[" + i + "]", "use '*', an exact type such as 'invoice.paid', or a prefix such as 'invoice.*'");
            }
        }
        return types;
    }

    private static Map<String, String> metadata(JsonBody body) {
        Map<String, String> map = stringMap(body, "metadata", MAX_METADATA);
        if (map != null) {
            map.forEach((k, v) -> {
                if (k.isEmpty() || k.length() > MAX_METADATA_KEY) {
                    body.error("metadata", "keys of 1 to " + MAX_METADATA_KEY + " characters");
                } else if (v.length() > MAX_METADATA_VALUE) {
                    body.error("metadata." + k, "at most " + MAX_METADATA_VALUE + " characters");
                }
            });
        }
        return map;
    }

    private static Map<String, String> headers(JsonBody body) {
        Map<String, String> map = stringMap(body, "headers", EndpointHeaders.MAX_HEADERS);
        if (map != null) {
            map.forEach((name, value) -> {
                String problem = EndpointHeaders.problem(name, value);
                if (problem != null) {
                    body.error("headers." + name, problem);
                }
            });
        }
        return map;
    }

    private static Map<String, String> stringMap(JsonBody body, String field, int max) {
        JsonNode node = body.raw(field);
        if (node == null) {
            return null;
        }
        if (!node.isObject() || node.size() > max) {
            body.error(field, "an object of at most " + max + " string values");
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                body.error(field + "." + e.getKey(), "expected a string");
            } else {
                map.put(e.getKey(), e.getValue().asText());
            }
        }
        return map;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    static ObjectNode json(Endpoint e) {
        ObjectNode node = Json.object().put("id", e.id()).put("tenant", e.tenant()).put("url", e.url());
        e.eventTypes().forEach(node.putArray("eventTypes")::add);
        if (e.description() != null) {
            node.put("description", e.description());
        }
        ObjectNode metadata = node.putObject("metadata");
        e.metadata().forEach(metadata::put);
        ObjectNode headers = node.putObject("headers");
        e.headers().forEach(headers::put);
        node.put("status", e.status().name());
        if (e.disabledReason() != null) {
            node.put("disabledReason", e.disabledReason());
        }
        node.put("secretVersion", e.secretVersion());
        if (e.circuitOpenUntil() != null) {
            node.put("circuitOpenUntil", e.circuitOpenUntil().toString());
        }
        if (e.createdAt() != null) {
            node.put("createdAt", e.createdAt().toString());
        }
        if (e.updatedAt() != null) {
            node.put("updatedAt", e.updatedAt().toString());
        }
        return node;
    }

}
