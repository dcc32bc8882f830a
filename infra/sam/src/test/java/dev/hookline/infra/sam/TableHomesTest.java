package dev.hookline.infra.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each table has one home in {@code functions/core} (its attribute names and every request made
 * against it): a schema change is one edit, and every door (receiver, processor, sender, API, CLI)
 * gets the same conditions. This holds the rule: outside core, no main source names a table in a
 * DynamoDB request. Tests may (their direct checks of an item are the point of them), and the
 * harness in {@code functions/testing} provisions tables.
 */
class TableHomesTest {
    private static final Pattern REQUEST = Pattern.compile("\\.tableName\\(");

    @Test
    void onlyCoreBuildsDynamoDbRequests() throws IOException {
        Path root = Path.of(System.getProperty("hookline.repoRoot", "../..")).toAbsolutePath().normalize();
        List<Path> mains = new ArrayList<>();
        for (Path dir : List.of(root.resolve("functions"), root.resolve("infra"), root.resolve("bench"))) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(p -> p.endsWith(Path.of("src", "main", "java")) && !p.toString().contains("/target/"))
                        .filter(p -> !p.startsWith(root.resolve("functions/core"))
                                && !p.startsWith(root.resolve("functions/testing")))
                        .forEach(mains::add);
            }
        }
        assertTrue(mains.size() >= 5, "expected the receiver, processor, sender, local runtime and bench: " + mains);
        List<String> offenders = new ArrayList<>();
        for (Path main : mains) {
            try (Stream<Path> files = Files.walk(main)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(file -> {
                    try {
                        List<String> lines = Files.readAllLines(file);
                        for (int i = 0; i < lines.size(); i++) {
                            if (REQUEST.matcher(lines.get(i)).find()) {
                                offenders.add(root.relativize(file) + ":" + (i + 1));
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        assertEquals(List.of(), offenders, "DynamoDB requests outside functions/core: use (or extend) the table's "
                + "store there (EventClaims, EventStore, DeliveryLog, EndpointRegistry, EndpointHealth)");
    }
}
