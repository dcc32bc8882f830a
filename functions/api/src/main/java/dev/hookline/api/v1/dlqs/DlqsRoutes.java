package dev.hookline.api.v1.dlqs;

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
import dev.hookline.core.dlq.DeadLetterQueues;
import dev.hookline.core.json.Json;
import java.util.List;
import java.util.Set;

/** The dead-letter queues (admin): their approximate counts, and a redrive back to the source queue. */
public final class DlqsRoutes {
    private final DeadLetterQueues dlqs;

    public DlqsRoutes(DeadLetterQueues dlqs) {
        this.dlqs = dlqs;
    }

    public List<Route> routes() {
        return List.of(
                Route.of("GET", "/v1/dlqs", Access.ADMIN, this::list),
                Route.of("POST", "/v1/dlqs/{name}/redrive", Access.ADMIN, this::redrive));
    }

    private Response list(Request request) {
        List<JsonNode> data = dlqs.all().stream().<JsonNode>map(dlq -> {
            DeadLetterQueues.Depth depth = dlqs.depth(dlq);
            return Json.object().put("name", dlq.name()).put("approximateCount", depth.approximateCount());
        }).toList();
        return Page.of(data, null);
    }

    /**
     * 202: SQS moves the messages asynchronously (StartMessageMoveTask); the answer carries the
     * task's handle and how many messages were waiting when it started.
     */
    private Response redrive(Request request) {
        DeadLetterQueues.Dlq dlq = dlqs.named(request.param("name"))
                .orElseThrow(() -> new ApiException(Problem.notFound()));
        JsonBody.parse(request, Set.of()).check();
        long waiting = dlqs.depth(dlq).approximateCount();
        ObjectNode out = Json.object().put("name", dlq.name()).put("approximateCount", waiting);
        if (waiting == 0) {
            out.putNull("taskHandle");
            return Response.json(202, out);
        }
        out.put("taskHandle", dlqs.redrive(dlq));
        return Response.json(202, out);
    }
}
