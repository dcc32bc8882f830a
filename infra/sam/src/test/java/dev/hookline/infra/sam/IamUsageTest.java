package dev.hookline.infra.sam;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.testing.iam.Grant;
import dev.hookline.testing.iam.TemplatePolicy;
import dev.hookline.testing.iam.UsageLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * IAM checked by use: every grant of each function's role in template.yaml was used by some test
 * of this build, or the template says why not.
 *
 * <p>The test harness's proxy holds every call a function's code makes in the tests to that
 * function's role (a call the role does not grant fails with AccessDenied, as on AWS) and logs
 * what each function used under {@code target/iam-usage/}. This module builds last, so the log
 * holds the whole build's usage. A grant no test used is broader than the code needs: remove it,
 * or explain it on the function in the template:
 *
 * <pre>
 * ReceiverFunction:
 *   Metadata:
 *     hookline:
 *       unusedGrants:
 *         Sid: why no test uses it                      # every action of the statement
 *         Sid/service:Action: why no test uses it       # one action
 * </pre>
 *
 * Only the services the harness proxies (DynamoDB, SQS, Secrets Manager) are checked; other
 * grants (CloudWatch Logs) are listed in the output as not checked.
 */
class IamUsageTest {
    private static final Set<String> OBSERVED = Set.of("dynamodb", "sqs", "secretsmanager");

    private record Use(String function, String action, String logicalId, String path) {
        static Use parse(String line) {
            String[] parts = line.split("\t");
            String resource = parts[2];
            int slash = resource.indexOf('/');
            return new Use(parts[0], parts[1], slash < 0 ? resource : resource.substring(0, slash),
                    slash < 0 ? null : resource.substring(slash + 1));
        }
    }

    @Test
    void everyGrantOfEveryFunctionRoleWasUsedByATestOrIsExplainedInTheTemplate() throws IOException {
        Path root = Path.of(System.getProperty("hookline.repoRoot", "../..")).toAbsolutePath().normalize();
        Path usageDir = root.resolve(UsageLog.DIRECTORY);
        List<Use> uses = new ArrayList<>();
        if (Files.isDirectory(usageDir)) {
            try (Stream<Path> files = Files.list(usageDir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".tsv")).toList()) {
                    Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(Use::parse).forEach(uses::add);
                }
            }
        }
        Assumptions.assumeFalse(uses.isEmpty(), "no IAM usage recorded under " + usageDir + ": this check needs the "
                + "whole build's integration tests (mvn verify from the repository root); skipped when infra/sam "
                + "is built alone");

        TemplatePolicy policy = TemplatePolicy.load(root.resolve("template.yaml"));
        List<String> problems = new ArrayList<>();
        for (Grant grant : policy.grants()) {
            if (!grant.allow()) {
                continue;
            }
            if (!OBSERVED.contains(grant.service())) {
                System.out.println("not checked (the harness does not see " + grant.service() + "): "
                        + grant.function() + " " + grant.describe());
                continue;
            }
            boolean used = uses.stream().anyMatch(u -> u.function().equals(grant.function())
                    && grant.coversAction(u.action()) && grant.coversResource(u.logicalId(), u.path()));
            String why = explanation(policy.metadata(grant.function()), grant);
            if (!used && why == null) {
                problems.add(grant.function() + ": " + grant.describe() + " was used by no test; remove it from "
                        + "template.yaml, or explain it under the function's Metadata.hookline.unusedGrants");
            } else if (used && why != null) {
                problems.add(grant.function() + ": " + grant.describe() + " is explained as unused (\"" + why
                        + "\") but a test used it; drop the explanation");
            } else if (!used) {
                System.out.println("unused but explained: " + grant.function() + " " + grant.describe() + ": " + why);
            }
        }
        assertTrue(problems.isEmpty(), "IAM grants against the calls the tests made (" + uses.size()
                + " distinct uses recorded):\n  " + String.join("\n  ", problems));
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
