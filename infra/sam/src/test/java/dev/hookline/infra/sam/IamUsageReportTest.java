package dev.hookline.infra.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.testing.iam.TemplatePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of the IAM-by-use check on a small template, so they are seen to fail as well as pass. */
class IamUsageReportTest {
    private static final String TEMPLATE = """
            Resources:
              WorkerFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Role:
                    Fn::GetAtt: [WorkerRole, Arn]
                Metadata:
                  hookline:
                    unusedGrants:
                      Spare: kept for the next release
                      Queue/sqs:GetQueueAttributes: read by the event source mapping only
              WorkerRole:
                Type: AWS::IAM::Role
                Properties:
                  Policies:
                    - PolicyDocument:
                        Statement:
                          - Sid: Logs
                            Effect: Allow
                            Action: logs:PutLogEvents
                            Resource: "*"
                          - Sid: Queue
                            Effect: Allow
                            Action: [sqs:ReceiveMessage, sqs:GetQueueAttributes]
                            Resource:
                              Fn::GetAtt: [WorkQueue, Arn]
                          - Sid: Table
                            Effect: Allow
                            Action: [dynamodb:GetItem, dynamodb:PutItem]
                            Resource:
                              Fn::GetAtt: [WorkTable, Arn]
                          - Sid: Spare
                            Effect: Allow
                            Action: dynamodb:Scan
                            Resource:
                              Fn::GetAtt: [WorkTable, Arn]
              WorkQueue:
                Type: AWS::SQS::Queue
              WorkTable:
                Type: AWS::DynamoDB::Table
            """;

    private static TemplatePolicy policy(Path dir) throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, TEMPLATE);
        return TemplatePolicy.load(file);
    }

    private static IamUsageReport.Use use(String action, String resource) {
        return IamUsageReport.Use.parse("worker\t" + action + "\t" + resource);
    }

    @Test
    void aGrantNoTestUsedIsAProblemNamingFunctionSidActionAndResource(@TempDir Path dir) throws IOException {
        IamUsageReport.Result result = IamUsageReport.of(policy(dir), List.of(
                use("sqs:ReceiveMessage", "WorkQueue"), use("dynamodb:GetItem", "WorkTable")));
        assertEquals(List.of("worker: Table dynamodb:PutItem on WorkTable was used by no test; remove it from "
                + "template.yaml, or explain it under the function's Metadata.hookline.unusedGrants"), result.problems());
    }

    @Test
    void everyGrantUsedOrExplainedPassesAndOtherServicesAreListedAsNotChecked(@TempDir Path dir) throws IOException {
        IamUsageReport.Result result = IamUsageReport.of(policy(dir), List.of(use("sqs:ReceiveMessage", "WorkQueue"),
                use("dynamodb:GetItem", "WorkTable"), use("dynamodb:PutItem", "WorkTable")));
        assertEquals(List.of(), result.problems());
        assertEquals(2, result.explained().size(), result.explained().toString());
        assertEquals(List.of("worker: Logs logs:PutLogEvents on *"), result.notChecked());
    }

    @Test
    void anExplanationOfAGrantThatWasUsedIsStale(@TempDir Path dir) throws IOException {
        IamUsageReport.Result result = IamUsageReport.of(policy(dir), List.of(use("sqs:ReceiveMessage", "WorkQueue"),
                use("dynamodb:GetItem", "WorkTable"), use("dynamodb:PutItem", "WorkTable"),
                use("dynamodb:Scan", "WorkTable")));
        assertEquals(1, result.problems().size());
        assertTrue(result.problems().get(0).startsWith("worker: Spare dynamodb:Scan on WorkTable is explained as unused"),
                result.problems().get(0));
    }

    @Test
    void anotherFunctionsUseOrAnIndexDoesNotCountForTheTable(@TempDir Path dir) throws IOException {
        IamUsageReport.Result result = IamUsageReport.of(policy(dir), List.of(use("sqs:ReceiveMessage", "WorkQueue"),
                use("dynamodb:GetItem", "WorkTable/index/byStatus"),
                IamUsageReport.Use.parse("other\tdynamodb:PutItem\tWorkTable")));
        assertEquals(2, result.problems().size(), result.problems().toString());
    }
}
