package dev.hookline.testing.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The functions of template.yaml as Lambda would configure them: handler, memory, timeout, code
 * (the jar its CodeUri names) and environment (Globals under the function's own), so the harness
 * runs each function with what the template really declares, and drifts with it. The template
 * uses long-form intrinsics only (infra/sam's TemplateTest enforces that), so plain YAML reads it.
 */
public final class SamTemplate {
    private final Path file;
    private final JsonNode root;

    private SamTemplate(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** template.yaml at the repository root. */
    public static SamTemplate load(Path repositoryRoot) {
        Path file = repositoryRoot.resolve("template.yaml");
        try {
            return new SamTemplate(file, new YAMLMapper().readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The function {@code <name>} ({@code <Name>Function} in the template). */
    public LambdaFunction function(String name) {
        JsonNode properties = properties(name);
        String codeUri = text(properties, "CodeUri");
        return new LambdaFunction(name, text(properties, "Handler"), file.getParent().resolve(codeUri).normalize(),
                Integer.parseInt(text(properties, "MemorySize")),
                Duration.ofSeconds(Long.parseLong(text(properties, "Timeout"))));
    }

    /** Whether the function's published versions use SnapStart. */
    public boolean snapStart(String name) {
        return "PublishedVersions".equals(properties(name).path("SnapStart").path("ApplyOn").asText());
    }

    /**
     * The function's environment variables (Globals, then its own). A {@code Ref} to a parameter
     * takes the parameter's default; a {@code Ref} to a resource takes {@code resources}' value for
     * the logical id (a table's name, a queue's URL, a secret's ARN), and a variable whose resource
     * maps to null is left out (a secret a local run does not have, say).
     */
    public Map<String, String> environment(String name, Function<String, String> resources) {
        Map<String, String> variables = new LinkedHashMap<>();
        JsonNode globals = root.path("Globals").path("Function").path("Environment").path("Variables");
        JsonNode own = resource(name).path("Properties").path("Environment").path("Variables");
        for (JsonNode set : new JsonNode[] {globals, own}) {
            set.properties().forEach(e -> {
                String value = value(e.getKey(), e.getValue(), resources);
                if (value == null) {
                    variables.remove(e.getKey());
                } else {
                    variables.put(e.getKey(), value);
                }
            });
        }
        return variables;
    }

    private String value(String variable, JsonNode node, Function<String, String> resources) {
        if (node.isValueNode()) {
            return node.asText();
        }
        if (node.has("Ref")) {
            String id = node.get("Ref").asText();
            JsonNode parameter = root.path("Parameters").get(id);
            if (parameter != null) {
                return parameter.path("Default").asText();
            }
            if (!root.path("Resources").has(id)) {
                throw new IllegalStateException(file + ": " + variable + " refers to unknown " + id);
            }
            return resources.apply(id);
        }
        throw new IllegalStateException(file + ": " + variable + " has a value the harness cannot resolve: " + node);
    }

    private JsonNode resource(String name) {
        String id = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1) + "Function";
        JsonNode function = root.path("Resources").get(id);
        if (function == null || !"AWS::Serverless::Function".equals(function.path("Type").asText())) {
            throw new IllegalArgumentException(file + " has no function " + id);
        }
        return function;
    }

    private JsonNode properties(String name) {
        return resource(name).path("Properties");
    }

    /** A literal property of the function, else of Globals.Function. */
    private String text(JsonNode properties, String property) {
        JsonNode value = properties.get(property);
        if (value == null) {
            value = root.path("Globals").path("Function").get(property);
        }
        if (value == null || !value.isValueNode()) {
            throw new IllegalStateException(file + ": no literal " + property + " for the function");
        }
        return value.asText();
    }
}
