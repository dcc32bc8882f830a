package dev.hookline.api;

import dev.hookline.api.auth.Authenticator;
import dev.hookline.api.auth.Caller;
import dev.hookline.api.http.Access;
import dev.hookline.api.http.ApiException;
import dev.hookline.api.http.Problem;
import dev.hookline.api.http.Request;
import dev.hookline.api.http.Response;
import dev.hookline.api.http.Route;
import dev.hookline.api.v1.endpoints.EndpointServices;
import dev.hookline.api.v1.endpoints.EndpointsRoutes;
import dev.hookline.api.v1.events.EventServices;
import dev.hookline.api.v1.events.EventsRoutes;
import dev.hookline.api.v1.deliveries.DeliveriesApi;
import dev.hookline.api.v1.deliveries.DeliveriesRoutes;
import dev.hookline.api.v1.dlqs.DlqsRoutes;
import dev.hookline.api.v1.keys.KeysRoutes;
import dev.hookline.api.v1.openapi.OpenApiRoutes;
import dev.hookline.api.v1.stats.StatsRoutes;
import dev.hookline.api.v1.tenants.TenantsRoutes;
import dev.hookline.core.dlq.DeadLetterQueues;
import dev.hookline.core.keys.ApiKeys;
import dev.hookline.core.tenants.Tenants;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The one route table of {@code /v1}. The OpenAPI check and the authorization matrix enumerate
 * {@link #routes()}, so a route added here is covered by both without further edits.
 *
 * <p>Order of checks: a public route runs at once; any other request (known route or not) needs a
 * valid key first (401), so an unauthenticated caller learns nothing; then 404 / 405; then the
 * route's access: a tenant key on another tenant's path is 404 as if it did not exist, a tenant
 * key on an admin route 403; then the body limit (413).
 */
public final class ApiRoutes {
    private final List<Route> routes;
    private final Authenticator authenticator;

    public ApiRoutes(ApiServices services, Authenticator authenticator, Clock clock) {
        List<Route> all = new ArrayList<>();
        all.addAll(new OpenApiRoutes().routes());
        all.addAll(new KeysRoutes(services.keys(), services.tenants()).routes());
        all.addAll(new TenantsRoutes(services.tenants()).routes());
        all.addAll(new EndpointsRoutes(services.endpoints()).routes());
        all.addAll(new EventsRoutes(services.events(), services.tenants(), clock).routes());
        all.addAll(new DeliveriesRoutes(services.deliveries()).routes());
        all.addAll(new DlqsRoutes(services.dlqs()).routes());
        all.addAll(new StatsRoutes(services.deliveries()).routes());
        this.routes = List.copyOf(all);
        this.authenticator = authenticator;
    }

    public List<Route> routes() {
        return routes;
    }

    /** The route a method and path select, if any (tests use it to find the documented response). */
    public Optional<Route> find(String method, String path) {
        List<String> segments = segments(path);
        return routes.stream().filter(r -> r.method().equals(method) && r.match(segments) != null).findFirst();
    }

    /** What the request selected, for the log line: the route's template, or null. */
    public record Outcome(Route route, Caller caller, Response response) {
    }

    public Outcome dispatch(Request request) {
        List<String> segments = segments(request.path());
        List<Route> onPath = new ArrayList<>();
        Route selected = null;
        Map<String, String> params = null;
        for (Route route : routes) {
            Map<String, String> match = route.match(segments);
            if (match != null) {
                onPath.add(route);
                if (route.method().equals(request.method()) && selected == null) {
                    selected = route;
                    params = match;
                }
            }
        }
        if (selected != null && selected.access() == Access.PUBLIC) {
            return new Outcome(selected, null, run(selected, request.withPathParams(params)));
        }
        Optional<Caller> caller = authenticator.authenticate(request.headers());
        if (caller.isEmpty()) {
            return new Outcome(selected, null, Response.problem(Problem.unauthorized()));
        }
        Caller who = caller.get();
        if (selected == null) {
            if (onPath.isEmpty()) {
                return new Outcome(null, who, Response.problem(Problem.notFound()));
            }
            TreeSet<String> allow = new TreeSet<>();
            onPath.forEach(r -> allow.add(r.method()));
            return new Outcome(null, who, Response.problem(Problem.of(405, "Method Not Allowed", null))
                    .withHeader("allow", String.join(", ", allow)));
        }
        String tenant = params.get("tenant");
        if (tenant != null && !who.mayAct(tenant)) {
            return new Outcome(selected, who, Response.problem(Problem.notFound()));
        }
        if (selected.access() == Access.ADMIN && !who.admin()) {
            return new Outcome(selected, who, Response.problem(Problem.forbidden()));
        }
        if (request.body().length > selected.bodyLimit()) {
            return new Outcome(selected, who, Response.problem(Problem.tooLarge(selected.bodyLimit())));
        }
        return new Outcome(selected, who, run(selected, request.withPathParams(params).withCaller(who)));
    }

    private static Response run(Route route, Request request) {
        try {
            return route.handler().handle(request);
        } catch (ApiException e) {
            return Response.problem(e.problem());
        }
    }

    static List<String> segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return List.of(trimmed.split("/", -1));
    }
}
