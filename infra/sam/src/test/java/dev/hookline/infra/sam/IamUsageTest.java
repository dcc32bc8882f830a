package dev.hookline.infra.sam;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.testing.iam.TemplatePolicy;
import dev.hookline.testing.iam.UsageLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * IAM checked by use: every grant of each function's role in template.yaml was used by some test
 * of this build, or the template says why not ({@link IamUsageReport}).
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
 */
class IamUsageTest {

    @Test
    void everyGrantOfEveryFunctionRoleWasUsedByATestOrIsExplainedInTheTemplate() throws IOException {
        Path root = Path.of(System.getProperty("hookline.repoRoot", "../..")).toAbsolutePath().normalize();
        Path usageDir = root.resolve(UsageLog.DIRECTORY);
        List<IamUsageReport.Use> uses = new ArrayList<>();
        if (Files.isDirectory(usageDir)) {
            try (Stream<Path> files = Files.list(usageDir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".tsv")).sorted().toList()) {
                    Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(IamUsageReport.Use::parse)
                            .forEach(uses::add);
                }
            }
        }
        Assumptions.assumeFalse(uses.isEmpty(), "no IAM usage recorded under " + usageDir + ": this check needs the "
                + "whole build's integration tests (mvn verify from the repository root); skipped when infra/sam "
                + "is built alone");

        IamUsageReport.Result result = IamUsageReport.of(TemplatePolicy.load(root.resolve("template.yaml")), uses);
        result.notChecked().forEach(g -> System.out.println("not checked (the harness sees only "
                + IamUsageReport.OBSERVED + "): " + g));
        result.explained().forEach(g -> System.out.println("unused, explained in the template: " + g));
        assertTrue(result.problems().isEmpty(), "IAM grants against the calls the tests made (" + uses.size()
                + " uses recorded):\n  " + String.join("\n  ", result.problems()));
    }
}
