package dev.hookline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.local.internal.LocalAdminKey;
import dev.hookline.local.support.Await;
import dev.hookline.local.support.ChildRuntime;
import dev.hookline.local.support.TestConfig;
import dev.hookline.testing.internal.FreePorts;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/hookline local} serves {@code /v1} with the api function's handler on the same port,
 * creates an admin key on its first start, prints it once in its banner and keeps it under the
 * data dir; a restart shows only its beginning, and the key still works.
 */
class LocalApiIT {
    private static final Pattern KEY = Pattern.compile("hk_[A-Za-z0-9_-]{43}");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void firstStartPrintsAnAdminKeyOnceThatServesV1AcrossRestarts() throws Exception {
        int port = FreePorts.pick();
        Path config = TestConfig.writeFor(port, dir);
        Path data = dir.resolve("data");
        String adminKey;
        try (ChildRuntime first = ChildRuntime.start(config, port, data, Map.of())) {
            Await.until("the banner", Duration.ofSeconds(30), () -> first.output().contains("admin key"));
            Matcher printed = KEY.matcher(first.output());
            assertTrue(printed.find(), first.output());
            adminKey = printed.group();
            String line = first.output().lines().filter(l -> l.contains(adminKey)).findFirst().orElseThrow();
            assertTrue(line.contains("admin key"), line);
            assertEquals(adminKey, Files.readString(data.resolve(LocalAdminKey.FILE)).trim());

            assertEquals(200, call(first, "GET", "/v1/openapi.json", null, null).statusCode());
            assertEquals(401, call(first, "GET", "/v1/tenants", null, null).statusCode());
            assertEquals(200, call(first, "GET", "/v1/tenants/default", adminKey, null).statusCode(),
                    "the default tenant exists from the first start");
            HttpResponse<String> created = call(first, "POST", "/v1/tenants", adminKey, "{\"id\":\"acme\"}");
            assertEquals(201, created.statusCode(), created.body());
            assertEquals("application/json", created.headers().firstValue("content-type").orElse(""));
            // The delivery-log and DLQ routes run on the runtime's own tables and queues.
            HttpResponse<String> dlqs = call(first, "GET", "/v1/dlqs", adminKey, null);
            assertEquals(200, dlqs.statusCode(), dlqs.body());
            assertTrue(dlqs.body().contains("\"inbound-dlq\"") && dlqs.body().contains("\"deliveries-dlq\""),
                    dlqs.body());
            HttpResponse<String> log = call(first, "GET", "/v1/tenants/default/deliveries", adminKey, null);
            assertEquals(200, log.statusCode(), log.body());
            assertEquals(404, call(first, "GET", "/v1/tenants/default/deliveries?endpoint=ep_nowhere", adminKey, null)
                    .statusCode());
            HttpResponse<String> malformed = call(first, "POST", "/v1/tenants", adminKey, "{");
            assertEquals(400, malformed.statusCode());
            assertEquals("application/problem+json", malformed.headers().firstValue("content-type").orElse(""));
            first.stop();
        }

        try (ChildRuntime second = ChildRuntime.start(config, port, data, Map.of())) {
            Await.until("the banner", Duration.ofSeconds(30), () -> second.output().contains("admin key"));
            assertFalse(second.output().contains(adminKey), "a restart does not print the key in full again");
            assertTrue(second.output().contains(adminKey.substring(0, 7) + "…"), second.output());
            assertEquals(200, call(second, "GET", "/v1/tenants/acme", adminKey, null).statusCode(),
                    "the key and the tenants persist");
            second.stop();
        }
    }

    private static HttpResponse<String> call(ChildRuntime runtime, String method, String path, String key, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(runtime.url(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
