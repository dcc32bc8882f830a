package dev.hookline.testing.internal.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hookline.core.aws.AwsClients;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.core.resources.Tables;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EmulatorsExtension;
import dev.hookline.testing.iam.TemplatePolicy;
import dev.hookline.testing.iam.UsageLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * What the usage log gets: a function's allowed calls once each, as IAM action and logical
 * resource; nothing for the harness, for {@code .probe} keys or for denied calls. A proxy of its
 * own with a log in a temporary directory, in front of the harness's (so the build's real usage
 * log is left alone).
 */
@ExtendWith(EmulatorsExtension.class)
class ProxyUsageIT {

    private static AwsClients as(String keyId, AwsProxy proxy) {
        return new AwsClients(Region.US_EAST_1, StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, "x")),
                null, proxy.endpoint(), proxy.endpoint(), proxy.endpoint());
    }

    @Test
    void logsEachAllowedFunctionCallOnceAndNothingElse(Emulators emulators, @TempDir Path dir) throws Exception {
        HooklineResources resources = emulators.provision();
        TemplatePolicy policy = TemplatePolicy.load(
                TemplatePolicy.find(Path.of(System.getProperty("user.dir"))).orElseThrow());
        UsageLog usage = new UsageLog(dir.resolve("usage.tsv"));
        try (AwsProxy proxy = AwsProxy.start(service -> emulators.dynamoDbEndpoint(), policy, usage, Clock.systemUTC())) {
            Map<String, AttributeValue> key = Map.of(Tables.PK, AttributeValue.fromS("k"));
            as("receiver", proxy).dynamoDb().getItem(b -> b.tableName(resources.eventsTable()).key(key));
            as("receiver.snapstart", proxy).dynamoDb().getItem(b -> b.tableName(resources.eventsTable()).key(key));
            as("receiver.probe", proxy).dynamoDb().putItem(b -> b.tableName(resources.eventsTable()).item(key));
            as("hookline", proxy).dynamoDb().scan(b -> b.tableName(resources.eventsTable()));
            assertThrows(DynamoDbException.class, () -> as("receiver", proxy).dynamoDb()
                    .scan(b -> b.tableName(resources.eventsTable())));
            // The sender's role grants no Query on the deliveries table's indexes: denied, so not logged.
            var denied = assertThrows(DynamoDbException.class, () -> as("sender", proxy).dynamoDb().query(b -> b
                    .tableName(resources.deliveriesTable()).indexName(Tables.DELIVERIES_BY_STATUS)
                    .keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("DEAD")))));
            assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
        }
        assertEquals(List.of("receiver\tdynamodb:GetItem\tEventsTable"), Files.readAllLines(usage.file()));
    }
}
