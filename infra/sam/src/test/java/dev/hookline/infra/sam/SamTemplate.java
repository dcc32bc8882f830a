package dev.hookline.infra.sam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * template.yaml as a tree, with the few SAM semantics the checks need: Globals merged into each
 * function, and references (Ref, Fn::GetAtt) resolved to logical ids.
 *
 * <p>The template uses long-form intrinsics only: a YAML parser reads {@code !Ref X} as the plain
 * string "X" and the reference would silently vanish from every check, so loading refuses them.
 */
final class SamTemplate {
    private static final Pattern SHORT_FORM = Pattern.compile(
            "(?m)^[^#\\n]*?(?<![\\w'\"])!(Ref|GetAtt|Sub|Join|If|Select|Split|Equals|Not|And|Or|FindInMap|ImportValue"
                    + "|Base64|Cidr|GetAZs|Condition|Transform)\\b");

    private final Path file;
    private final JsonNode root;

    private SamTemplate(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    static SamTemplate load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Matcher shortForm = SHORT_FORM.matcher(text);
        if (shortForm.find()) {
            int line = text.substring(0, shortForm.start()).split("\n", -1).length;
            throw new IllegalStateException(file + " line " + line + ": short-form intrinsic !" + shortForm.group(1)
                    + "; write the long form (" + longForm(shortForm.group(1)) + ") so the template tests can see it");
        }
        try {
            return new SamTemplate(file, new YAMLMapper().readTree(text));
        } catch (IOException e) {
            throw new IllegalStateException(file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    private static String longForm(String tag) {
        return tag.equals("Ref") || tag.equals("Condition") ? tag + ":" : "Fn::" + tag + ":";
    }

    Path file() {
        return file;
    }

    JsonNode root() {
        return root;
    }

    JsonNode resources() {
        return root.path("Resources");
    }

    boolean hasResource(String id) {
        return resources().has(id);
    }

    /** The resource's properties; fails naming the resource if it is missing or of another type. */
    JsonNode resource(String id, String type) {
        JsonNode resource = resources().get(id);
        if (resource == null) {
            throw new AssertionError("template.yaml has no resource " + id);
        }
        String actual = resource.path("Type").asText();
        if (!actual.equals(type)) {
            throw new AssertionError("resource " + id + " is a " + actual + ", expected " + type);
        }
        return resource.path("Properties");
    }

    JsonNode resourceNode(String id) {
        return resources().path(id);
    }

    /** Logical ids of every resource of the type, in template order. */
    List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources().properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    JsonNode parameter(String name) {
        JsonNode p = root.path("Parameters").get(name);
        if (p == null) {
            throw new AssertionError("template.yaml has no parameter " + name);
        }
        return p;
    }

    /**
     * A function's properties as SAM deploys them: Globals.Function overlaid by its own, with the
     * environment variables of both merged (the function's win).
     */
    JsonNode function(String id) {
        JsonNode own = resource(id, "AWS::Serverless::Function");
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        JsonNode globals = root.path("Globals").path("Function");
        globals.properties().forEach(e -> merged.set(e.getKey(), e.getValue().deepCopy()));
        own.properties().forEach(e -> merged.set(e.getKey(), e.getValue().deepCopy()));
        ObjectNode variables = JsonNodeFactory.instance.objectNode();
        globals.path("Environment").path("Variables").properties().forEach(e -> variables.set(e.getKey(), e.getValue()));
        own.path("Environment").path("Variables").properties().forEach(e -> variables.set(e.getKey(), e.getValue()));
        merged.putObject("Environment").set("Variables", variables);
        return merged;
    }

    /** Name → value of every environment variable the function gets. */
    Map<String, JsonNode> environment(String functionId) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        function(functionId).path("Environment").path("Variables").properties()
                .forEach(e -> env.put(e.getKey(), e.getValue()));
        return env;
    }

    /** One environment variable of the function; fails naming it when the template does not set it. */
    JsonNode environmentVariable(String functionId, String name) {
        JsonNode value = environment(functionId).get(name);
        if (value == null) {
            throw new AssertionError(functionId + " in template.yaml does not set " + name);
        }
        return value;
    }

    /**
     * The logical id a value refers to: {@code {Ref: X}}, {@code {Fn::GetAtt: [X, Attr]}} or
     * {@code {Fn::GetAtt: "X.Attr"}}; null for anything else (literals, Fn::Sub, pseudo parameters).
     */
    /** {@code ${Table.Arn}/index/<name>}: the one Fn::Sub a grant may name, as its table. */
    private static final java.util.regex.Pattern TABLE_INDEX =
            java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9]+)\\.Arn\\}/index/[A-Za-z0-9_.-]+");

    static String referencedId(JsonNode value) {
        if (value == null || !value.isObject() || value.size() != 1) {
            return null;
        }
        if (value.has("Ref")) {
            String ref = value.get("Ref").asText();
            return ref.startsWith("AWS::") ? null : ref;
        }
        JsonNode sub = value.get("Fn::Sub");
        if (sub != null && sub.isTextual()) {
            // A table's index: Query on a GSI is authorized on the index's ARN, not the table's.
            java.util.regex.Matcher index = TABLE_INDEX.matcher(sub.asText());
            return index.matches() ? index.group(1) : null;
        }
        JsonNode getAtt = value.get("Fn::GetAtt");
        if (getAtt != null) {
            if (getAtt.isArray() && getAtt.size() == 2) {
                return getAtt.get(0).asText();
            }
            if (getAtt.isTextual() && getAtt.asText().contains(".")) {
                return getAtt.asText().substring(0, getAtt.asText().indexOf('.'));
            }
        }
        return null;
    }


    /** The attribute of a Fn::GetAtt ({@code Arn}, {@code QueueName}), "Ref" for a Ref, else null. */
    static String referencedAttribute(JsonNode value) {
        if (referencedId(value) == null) {
            return null;
        }
        if (value.has("Ref")) {
            return "Ref";
        }
        if (value.has("Fn::Sub")) {
            return "Arn";
        }
        JsonNode getAtt = value.get("Fn::GetAtt");
        return getAtt.isArray() ? getAtt.get(1).asText() : getAtt.asText().substring(getAtt.asText().indexOf('.') + 1);
    }

    /** A node that may be one item or a list of items, as a list. */
    static List<JsonNode> items(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return items;
        }
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        return items;
    }
}
