package dev.hookline.testing.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatePolicyTest {

    private static TemplatePolicy repositoryTemplate() {
        return TemplatePolicy.load(TemplatePolicy.find(Path.of(System.getProperty("user.dir"))).orElseThrow());
    }

    @Test
    void testResourceNamesMapToTheTemplatesLogicalResourcesByTheLongestSuffix() {
        TemplatePolicy policy = repositoryTemplate();
        assertEquals("DeliveriesDlq", policy.logicalResource("sqs", "t7-deliveries-dlq"));
        assertEquals("DeliveriesQueue", policy.logicalResource("sqs", "t7-deliveries"));
        assertEquals("InboundDlq", policy.logicalResource("sqs", "t12-inbound-dlq"));
        assertEquals("DeliveriesTable", policy.logicalResource("dynamodb", "t7-deliveries"));
        assertEquals("EventsTable", policy.logicalResource("dynamodb", "events"));
        assertEquals("SigningKeySecret", policy.logicalResource("secretsmanager", "t3-signing-key"));
        assertEquals("ConfigSecret", policy.logicalResource("secretsmanager", "t3-config"));
        assertNull(policy.logicalResource("sqs", "t7-gone"));
        assertNull(policy.logicalResource("sqs", "t7-xdeliveries"), "a suffix counts only after a dash");
    }

    @Test
    void theRolesOfTheRepositoryTemplateGrantWhatTheyName() {
        TemplatePolicy policy = repositoryTemplate();
        assertTrue(policy.allows("receiver", "sqs:SendMessage", "InboundQueue", null));
        assertFalse(policy.allows("receiver", "sqs:SendMessage", "DeliveriesQueue", null));
        assertTrue(policy.allows("sender", "sqs:changemessagevisibility", "DeliveriesQueue", null), "actions ignore case");
        assertFalse(policy.allows("sender", "dynamodb:PutItem", "EndpointsTable", null));
        assertFalse(policy.allows("nobody", "sqs:SendMessage", "InboundQueue", null));
    }

    @Test
    void indexPathsWildcardsDenyAndArnsByStackNameAreUnderstood(@TempDir Path dir) throws IOException {
        Path template = dir.resolve("template.yaml");
        Files.writeString(template, """
                Resources:
                  WorkerFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Role:
                        Fn::GetAtt: [WorkerRole, Arn]
                  WorkerRole:
                    Type: AWS::IAM::Role
                    Properties:
                      Policies:
                        - PolicyName: worker
                          PolicyDocument:
                            Statement:
                              - Sid: QueryLog
                                Effect: Allow
                                Action: dynamodb:Query
                                Resource:
                                  Fn::Sub: "${LogTable.Arn}/index/*"
                              - Effect: Allow
                                Action: sqs:*
                                Resource:
                                  Fn::Sub: "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${AWS::StackName}-work"
                              - Effect: Deny
                                Action: sqs:DeleteMessage
                                Resource: "*"
                  LogTable:
                    Type: AWS::DynamoDB::Table
                  WorkQueue:
                    Type: AWS::SQS::Queue
                    Properties:
                      QueueName:
                        Fn::Sub: "${AWS::StackName}-work"
                """);
        TemplatePolicy policy = TemplatePolicy.load(template);
        assertEquals("LogTable", policy.logicalResource("dynamodb", "t1-log"));
        assertTrue(policy.allows("worker", "dynamodb:Query", "LogTable", "index/byStatus"));
        assertFalse(policy.allows("worker", "dynamodb:Query", "LogTable", null), "the table itself is not its index");
        assertTrue(policy.allows("worker", "sqs:SendMessage", "WorkQueue", null));
        assertFalse(policy.allows("worker", "sqs:DeleteMessage", "WorkQueue", null), "an explicit Deny wins");
        assertEquals("QueryLog", policy.grants("worker").get(0).sid());
        assertEquals("#2", policy.grants("worker").get(1).sid());
    }
}
