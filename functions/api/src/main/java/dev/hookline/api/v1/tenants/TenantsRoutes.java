package dev.hookline.api.v1.tenants;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.api.http.Access;
import dev.hookline.api.http.ApiException;
import dev.hookline.api.http.JsonBody;
import dev.hookline.api.http.Page;
import dev.hookline.api.http.Problem;
import dev.hookline.api.http.Request;
import dev.hookline.api.http.Response;
import dev.hookline.api.http.Route;
import dev.hookline.core.json.Json;
import dev.hookline.core.paging.Slice;
import dev.hookline.core.tenants.Tenant;
import dev.hookline.core.tenants.TenantId;
import dev.hookline.core.tenants.Tenants;
import java.util.List;
import java.util.Set;

/** {@code /v1/tenants}: create and delete (admin), list, get and rename (admin, or the tenant's own key). */
public final class TenantsRoutes {
    static final int MAX_NAME = 200;
    private static final String ID_RULE = "1-64 of A-Z a-z 0-9 _ -";

    private final Tenants tenants;

    public TenantsRoutes(Tenants tenants) {
        this.tenants = tenants;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("POST", "/v1/tenants", Access.ADMIN, this::create),
                Route.of("GET", "/v1/tenants", Access.TENANT, this::list),
                Route.of("GET", "/v1/tenants/{tenant}", Access.TENANT, this::get),
                Route.of("PATCH", "/v1/tenants/{tenant}", Access.TENANT, this::update),
                Route.of("DELETE", "/v1/tenants/{tenant}", Access.ADMIN, this::delete));
    }

    private Response create(Request request) {
        JsonBody body = JsonBody.parse(request, Set.of("id", "name"));
        String id = body.string("id", true, 64, TenantId::valid, ID_RULE);
        String name = body.string("name", false, MAX_NAME, n -> !n.isBlank(), "must not be blank");
        body.check();
        Tenant tenant = tenants.create(id, name)
                .orElseThrow(() -> new ApiException(Problem.conflict("A tenant with this id exists.")));
        return Response.created(json(tenant));
    }

    private Response list(Request request) {
        Page.Query query = Page.parse(request);
        if (!request.caller().admin()) {
            // A tenant key sees its own tenant only: one item, one page.
            List<ObjectNode> own = tenants.get(request.caller().tenant()).map(TenantsRoutes::json).stream().toList();
            return Page.of(own, null);
        }
        Slice<Tenant> slice = tenants.list(query.limit(), query.after());
        return Page.of(slice.items().stream().map(TenantsRoutes::json).toList(), slice.after());
    }

    private Response get(Request request) {
        return Response.ok(json(existing(request.param("tenant"))));
    }

    private Response update(Request request) {
        String id = request.param("tenant");
        existing(id);
        JsonBody body = JsonBody.parse(request, Set.of("name"));
        String name = body.string("name", false, MAX_NAME, n -> !n.isBlank(), "must not be blank");
        body.check();
        if (!body.has("name")) {
            return Response.ok(json(existing(id)));
        }
        Tenant renamed = tenants.rename(id, name).orElseThrow(() -> new ApiException(Problem.notFound()));
        return Response.ok(json(renamed));
    }

    private Response delete(Request request) {
        String id = request.param("tenant");
        if (TenantId.DEFAULT.equals(id)) {
            // Today's endpoints and sources belong to it.
            throw new ApiException(Problem.conflict("The default tenant cannot be deleted."));
        }
        if (!TenantId.valid(id) || !tenants.delete(id)) {
            throw new ApiException(Problem.notFound());
        }
        return Response.noContent();
    }

    private Tenant existing(String id) {
        if (!TenantId.valid(id)) {
            throw new ApiException(Problem.notFound());
        }
        return tenants.get(id).orElseThrow(() -> new ApiException(Problem.notFound()));
    }

    static ObjectNode json(Tenant tenant) {
        ObjectNode node = Json.object().put("id", tenant.id());
        if (tenant.name() != null) {
            node.put("name", tenant.name());
        }
        return node.put("createdAt", tenant.createdAt().toString());
    }
}
