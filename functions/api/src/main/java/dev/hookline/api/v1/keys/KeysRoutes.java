package dev.hookline.api.v1.keys;

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
import dev.hookline.core.keys.ApiKey;
import dev.hookline.core.keys.ApiKeys;
import dev.hookline.core.keys.KeySecret;
import dev.hookline.core.paging.Slice;
import dev.hookline.core.tenants.TenantId;
import dev.hookline.core.tenants.Tenants;
import java.util.List;
import java.util.Set;

/** {@code /v1/keys}: create (the secret shown once), list, revoke. Admin only. */
public final class KeysRoutes {
    private final ApiKeys keys;
    private final Tenants tenants;

    public KeysRoutes(ApiKeys keys, Tenants tenants) {
        this.keys = keys;
        this.tenants = tenants;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("POST", "/v1/keys", Access.ADMIN, this::create),
                Route.of("GET", "/v1/keys", Access.ADMIN, this::list),
                Route.of("DELETE", "/v1/keys/{key}", Access.ADMIN, this::revoke));
    }

    private Response create(Request request) {
        JsonBody body = JsonBody.parse(request, Set.of("tenant"));
        String tenant = body.string("tenant", false, 64, TenantId::valid, "1-64 of A-Z a-z 0-9 _ -");
        body.check();
        if (tenant != null && tenants.get(tenant).isEmpty()) {
            body.error("tenant", "no such tenant");
            body.check();
        }
        ApiKeys.Created created = keys.create(tenant);
        return Response.created(json(created.key()).put("key", created.secret()));
    }

    private Response list(Request request) {
        Page.Query query = Page.parse(request);
        Slice<ApiKey> slice = keys.list(query.limit(), query.after());
        return Page.of(slice.items().stream().map(KeysRoutes::json).toList(), slice.after());
    }

    private Response revoke(Request request) {
        String id = request.param("key");
        if (!KeySecret.isId(id) || !keys.revoke(id)) {
            throw new ApiException(Problem.notFound());
        }
        return Response.noContent();
    }

    static ObjectNode json(ApiKey key) {
        ObjectNode node = Json.object().put("id", key.id()).put("scope", key.admin() ? "admin" : "tenant");
        if (key.tenant() != null) {
            node.put("tenant", key.tenant());
        }
        node.put("createdAt", key.createdAt().toString());
        if (key.revokedAt() != null) {
            node.put("revokedAt", key.revokedAt().toString());
        }
        return node;
    }
}
