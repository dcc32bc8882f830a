package dev.hookline.testing.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The function roles of template.yaml, read as IAM would apply them to the calls the tests make.
 *
 * <p>Each {@code AWS::Serverless::Function} {@code <Name>Function} is the function {@code <name>};
 * its {@code Role} ({@code Fn::GetAtt: [<Role>, Arn]}) names an {@code AWS::IAM::Role} whose inline
 * policies hold the statements. A statement's resources are references to the template's
 * resources ({@code Fn::GetAtt: [X, Arn]}, {@code Ref: X}, {@code Fn::Sub: "${X.Arn}/index/*"},
 * or an ARN ending in {@code ${AWS::StackName}-<name>}) or {@code *}.
 *
 * <p>The tests' tables, queues and secrets are named {@code <prefix><name>}
 * ({@code t7-deliveries-dlq}), where {@code <name>} is what the template names the resource after
 * the stack name ({@code QueueName: ${AWS::StackName}-deliveries-dlq}) or, when the template
 * leaves the name to CloudFormation, its logical id without the type word in kebab case
 * ({@code EventsTable} → {@code events}, {@code SigningKeySecret} → {@code signing-key}).
 * {@link #logicalResource} maps a name back by the longest such suffix.
 *
 * <p>The template uses long-form intrinsics only (infra/sam's TemplateTest enforces it), so a
 * plain YAML parser sees every reference.
 */
public final class TemplatePolicy {
    private static final Pattern SUB_ARN = Pattern.compile("^\\$\\{([A-Za-z0-9]+)\\.Arn\\}(?:/(.*))?$");
    private static final Pattern SUB_REF = Pattern.compile("^\\$\\{([A-Za-z0-9]+)\\}(?:/(.*))?$");
    private static final Pattern STACK_NAMED = Pattern.compile("\\$\\{AWS::StackName\\}-([A-Za-z0-9_.\\-]+)$");

    private static final Map<String, String> TYPES = Map.of(
            "AWS::DynamoDB::Table", "dynamodb",
            "AWS::SQS::Queue", "sqs",
            "AWS::SecretsManager::Secret", "secretsmanager");
    private static final Map<String, String> NAME_PROPERTIES = Map.of(
            "dynamodb", "TableName", "sqs", "QueueName", "secretsmanager", "Name");

    /** A template resource a call can name: its service, the name suffix tests use, its logical id. */
    public record Named(String service, String suffix, String logicalId) {
    }

    private final Path file;
    private final List<Grant> grants;
    private final List<Named> resources;
    private final Map<String, JsonNode> functionMetadata;

    private TemplatePolicy(Path file, List<Grant> grants, List<Named> resources, Map<String, JsonNode> metadata) {
        this.file = file;
        this.grants = grants;
        this.resources = resources;
        this.functionMetadata = metadata;
    }

    /** template.yaml in {@code start} or the nearest directory above it. */
    public static Optional<Path> find(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("template.yaml");
            if (Files.isRegularFile(candidate) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static TemplatePolicy load(Path file) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        JsonNode all = root.path("Resources");
        List<Named> named = new ArrayList<>();
        all.properties().forEach(e -> {
            String service = TYPES.get(e.getValue().path("Type").asText());
            if (service != null) {
                named.add(new Named(service, nameSuffix(e.getKey(), e.getValue().path("Properties")
                        .get(NAME_PROPERTIES.get(service))), e.getKey()));
            }
        });
        List<Grant> grants = new ArrayList<>();
        Map<String, JsonNode> metadata = new LinkedHashMap<>();
        all.properties().forEach(e -> {
            if (!e.getValue().path("Type").asText().equals("AWS::Serverless::Function")
                    || !e.getKey().endsWith("Function")) {
                return;
            }
            String function = e.getKey().substring(0, e.getKey().length() - "Function".length()).toLowerCase(Locale.ROOT);
            metadata.put(function, e.getValue().path("Metadata"));
            String roleId = referencedId(e.getValue().path("Properties").get("Role"));
            JsonNode role = roleId == null ? null : all.get(roleId);
            if (role == null) {
                return;
            }
            int position = 0;
            for (JsonNode policy : role.path("Properties").path("Policies")) {
                for (JsonNode statement : items(policy.path("PolicyDocument").path("Statement"))) {
                    position++;
                    String sid = statement.hasNonNull("Sid") ? statement.get("Sid").asText() : "#" + position;
                    boolean allow = !"Deny".equals(statement.path("Effect").asText());
                    for (JsonNode action : items(statement.get("Action"))) {
                        for (JsonNode resource : items(statement.get("Resource"))) {
                            String[] target = resourceOf(resource, action.asText(), named);
                            grants.add(new Grant(function, sid, action.asText(), target[0], target[1], allow));
                        }
                    }
                }
            }
        });
        return new TemplatePolicy(file, List.copyOf(grants), List.copyOf(named), metadata);
    }

    public Path file() {
        return file;
    }

    public List<Grant> grants() {
        return grants;
    }

    public List<Grant> grants(String function) {
        return grants.stream().filter(g -> g.function().equals(function)).toList();
    }

    /** The function's {@code Metadata} node in the template (missing node when none). */
    public JsonNode metadata(String function) {
        return functionMetadata.getOrDefault(function, com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }

    /**
     * The logical id of the template resource a name denotes, or null: the resource of that
     * service whose name suffix ends the name (after a {@code -}, or the whole name), longest first.
     */
    public String logicalResource(String service, String name) {
        Named best = null;
        for (Named candidate : resources) {
            if (candidate.service().equals(service)
                    && (name.equals(candidate.suffix()) || name.endsWith("-" + candidate.suffix()))
                    && (best == null || candidate.suffix().length() > best.suffix().length())) {
                best = candidate;
            }
        }
        return best == null ? null : best.logicalId();
    }

    /**
     * Whether the function's role allows the IAM action on the logical resource (and path below it,
     * such as {@code index/byStatus}, or null): some Allow covers it and no Deny does.
     */
    public boolean allows(String function, String iamAction, String logicalId, String path) {
        boolean allowed = false;
        for (Grant grant : grants) {
            if (grant.function().equals(function) && grant.coversAction(iamAction)
                    && grant.coversResource(logicalId, path)) {
                if (!grant.allow()) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    private static String nameSuffix(String logicalId, JsonNode name) {
        if (name != null) {
            if (name.isTextual()) {
                return name.asText();
            }
            JsonNode sub = name.get("Fn::Sub");
            String text = sub == null ? null : sub.isArray() ? sub.path(0).asText() : sub.asText();
            if (text != null) {
                Matcher m = STACK_NAMED.matcher(text);
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        String base = logicalId.replaceAll("(Table|Queue|Secret)$", "");
        return base.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** {logicalId or *, subPath or null} of one Resource entry. */
    private static String[] resourceOf(JsonNode resource, String action, List<Named> named) {
        if (resource.isTextual()) {
            return new String[] {resource.asText().equals("*") ? "*" : "literal:" + resource.asText(), null};
        }
        String id = referencedId(resource);
        if (id != null) {
            return new String[] {id, null};
        }
        JsonNode sub = resource.get("Fn::Sub");
        if (sub != null) {
            String text = sub.isArray() ? sub.path(0).asText() : sub.asText();
            Matcher arn = SUB_ARN.matcher(text);
            if (arn.matches()) {
                return new String[] {arn.group(1), arn.group(2)};
            }
            Matcher ref = SUB_REF.matcher(text);
            if (ref.matches()) {
                return new String[] {ref.group(1), ref.group(2)};
            }
            Matcher stackNamed = STACK_NAMED.matcher(text);
            if (stackNamed.find()) {
                String service = action.contains(":") ? action.substring(0, action.indexOf(':')).toLowerCase(Locale.ROOT) : "";
                for (Named n : named) {
                    if (n.service().equals(service) && n.suffix().equals(stackNamed.group(1))) {
                        return new String[] {n.logicalId(), null};
                    }
                }
            }
            return new String[] {"sub:" + text, null};
        }
        return new String[] {"unknown:" + resource, null};
    }

    private static String referencedId(JsonNode value) {
        if (value == null || !value.isObject()) {
            return null;
        }
        if (value.has("Ref")) {
            return value.get("Ref").asText();
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

    private static List<JsonNode> items(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return list;
        }
        if (node.isArray()) {
            node.forEach(list::add);
        } else {
            list.add(node);
        }
        return list;
    }
}
