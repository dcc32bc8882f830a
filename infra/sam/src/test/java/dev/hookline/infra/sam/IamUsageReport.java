package dev.hookline.infra.sam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.testing.iam.Grant;
import dev.hookline.testing.iam.TemplatePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Grants of the function roles held against what the tests used: a grant no test used must be
 * removed or explained on its function ({@code Metadata.hookline.unusedGrants}, keyed by the
 * statement's Sid for all its actions or {@code <Sid>/<service:Action>} for one), and an
 * explanation of a grant that was used is stale. Only the services the harness's proxy sees are
 * judged; the others come back in {@link Result#notChecked()}.
 */
final class IamUsageReport {
    static final Set<String> OBSERVED = Set.of("dynamodb", "sqs", "secretsmanager");

    /** One line of the usage log: a function used an IAM action on a logical resource (and path). */
    record Use(String function, String action, String logicalId, String path) {
        static Use parse(String line) {
            String[] parts = line.split("\t");
            if (parts.length != 3) {
                throw new IllegalArgumentException("not a usage line (function, action, resource): " + line);
            }
            String resource = parts[2];
            int slash = resource.indexOf('/');
            return new Use(parts[0], parts[1], slash < 0 ? resource : resource.substring(0, slash),
                    slash < 0 ? null : resource.substring(slash + 1));
        }
    }

    record Result(List<String> problems, List<String> explained, List<String> notChecked) {
    }

    private IamUsageReport() {
    }

    static Result of(TemplatePolicy policy, List<Use> uses) {
        List<String> problems = new ArrayList<>();
        List<String> explained = new ArrayList<>();
        List<String> notChecked = new ArrayList<>();
        for (Grant grant : policy.grants()) {
            if (!grant.allow()) {
                continue;
            }
            String name = grant.function() + ": " + grant.describe();
            if (!OBSERVED.contains(grant.service())) {
                notChecked.add(name);
                continue;
            }
            boolean used = uses.stream().anyMatch(u -> u.function().equals(grant.function())
                    && grant.coversAction(u.action()) && grant.coversResource(u.logicalId(), u.path()));
            String why = explanation(policy.metadata(grant.function()), grant);
            if (!used && why == null) {
                problems.add(name + " was used by no test; remove it from template.yaml, or explain it under "
                        + "the function's Metadata.hookline.unusedGrants");
            } else if (used && why != null) {
                problems.add(name + " is explained as unused (\"" + why + "\") but a test used it; drop the explanation");
            } else if (!used) {
                explained.add(name + ": " + why);
            }
        }
        return new Result(problems, explained, notChecked);
    }

    private static String explanation(JsonNode metadata, Grant grant) {
        JsonNode unused = metadata.path("hookline").path("unusedGrants");
        JsonNode why = unused.get(grant.sid() + "/" + grant.action());
        if (why == null) {
            why = unused.get(grant.sid());
        }
        return why == null || why.asText().isBlank() ? null : why.asText();
    }
}
