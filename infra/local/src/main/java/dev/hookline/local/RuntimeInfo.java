package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.json.Json;
import dev.hookline.core.resources.HooklineResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a running local runtime listens, written to {@code <data-dir>/runtime.json} while it runs
 * so the CLI finds the emulators' ports (they are picked free at each start) and the resources.
 */
public record RuntimeInfo(long pid, String url, String dynamoDbEndpoint, String sqsEndpoint, String configFile,
                          HooklineResources resources) {
    public static final String FILE_NAME = "runtime.json";

    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    public void write(Path dataDir) {
        ObjectNode node = Json.object();
        node.put("pid", pid);
        node.put("url", url);
        node.put("dynamoDbEndpoint", dynamoDbEndpoint);
        node.put("sqsEndpoint", sqsEndpoint);
        node.put("configFile", configFile);
        ObjectNode r = node.putObject("resources");
        r.put("eventsTable", resources.eventsTable());
        r.put("endpointsTable", resources.endpointsTable());
        r.put("deliveriesTable", resources.deliveriesTable());
        r.put("inboundQueueUrl", resources.inboundQueueUrl());
        r.put("inboundDlqUrl", resources.inboundDlqUrl());
        r.put("deliveriesQueueUrl", resources.deliveriesQueueUrl());
        r.put("deliveriesDlqUrl", resources.deliveriesDlqUrl());
        try {
            Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
            Files.writeString(tmp, Json.write(node) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file(dataDir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(dataDir), e);
        }
    }

    /** Reads the file; throws {@link IllegalStateException} saying what to do when it is absent or damaged. */
    public static RuntimeInfo read(Path dataDir) {
        Path file = file(dataDir);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no local runtime is running with data dir " + dataDir
                    + " (no " + FILE_NAME + "); start one with: bin/hookline local");
        }
        JsonNode node;
        try {
            node = Json.parseOrNull(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage());
        }
        JsonNode r = node == null ? null : node.get("resources");
        if (r == null) {
            throw new IllegalStateException(file + " is damaged; restart bin/hookline local");
        }
        return new RuntimeInfo(node.path("pid").asLong(), Json.text(node, "url"), Json.text(node, "dynamoDbEndpoint"),
                Json.text(node, "sqsEndpoint"), Json.text(node, "configFile"),
                new HooklineResources(Json.text(r, "eventsTable"), Json.text(r, "endpointsTable"),
                        Json.text(r, "deliveriesTable"), Json.text(r, "inboundQueueUrl"), Json.text(r, "inboundDlqUrl"),
                        Json.text(r, "deliveriesQueueUrl"), Json.text(r, "deliveriesDlqUrl")));
    }

    /** Whether the process that wrote the file is still alive (a killed runtime leaves it behind). */
    public boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
