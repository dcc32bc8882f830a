package dev.hookline.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.resources.HooklineResources;
import dev.hookline.core.resources.QueueSpec;
import dev.hookline.core.resources.Tables;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@ExtendWith(EmulatorsExtension.class)
class EmulatorsIT {

    @Test
    void provisionsTablesWithIndexesAndTtl(Emulators emulators) {
        HooklineResources resources = emulators.provision();
        var deliveries = emulators.dynamoDb().describeTable(b -> b.tableName(resources.deliveriesTable())).table();
        assertEquals(List.of(Tables.DELIVERIES_BY_ENDPOINT, Tables.DELIVERIES_BY_STATUS),
                deliveries.globalSecondaryIndexes().stream().map(i -> i.indexName()).sorted().toList());
        var ttl = emulators.dynamoDb().describeTimeToLive(b -> b.tableName(resources.eventsTable()))
                .timeToLiveDescription();
        assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus());
        assertEquals(Tables.EXPIRES_AT, ttl.attributeName());
        emulators.dynamoDb().describeTable(b -> b.tableName(resources.endpointsTable()));
    }

    @Test
    void queuesCarryTheirRedrivePolicy(Emulators emulators) {
        HooklineResources resources = emulators.provision();
        var attributes = emulators.sqs().getQueueAttributes(b -> b.queueUrl(resources.deliveriesQueueUrl())
                .attributeNames(QueueAttributeName.ALL)).attributes();
        var redrive = dev.hookline.core.json.Json.parseOrNull(attributes.get(QueueAttributeName.REDRIVE_POLICY));
        assertEquals(9, redrive.get("maxReceiveCount").asInt());
        assertTrue(redrive.get("deadLetterTargetArn").asText().endsWith(":" + prefixOf(resources) + "deliveries-dlq"));
        assertEquals("360", attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT));
    }

    private static String prefixOf(HooklineResources resources) {
        return resources.eventsTable().substring(0, resources.eventsTable().length() - "events".length());
    }

    @Test
    void redriveMovesAMessageToTheDlqAfterMaxReceives(Emulators emulators) throws Exception {
        String prefix = Emulators.nextPrefix();
        HooklineResources resources = emulators.provision(
                QueueSpec.inbound(prefix).withVisibilityTimeout(Duration.ofSeconds(1)).withMaxReceiveCount(2),
                QueueSpec.deliveries(prefix, 3));
        var sqs = emulators.sqs();
        sqs.sendMessage(b -> b.queueUrl(resources.inboundQueueUrl()).messageBody("poison"));
        int receives = 0;
        List<Message> dead = List.of();
        for (int i = 0; i < 20 && dead.isEmpty(); i++) {
            receives += sqs.receiveMessage(b -> b.queueUrl(resources.inboundQueueUrl())
                    .visibilityTimeout(0).waitTimeSeconds(1)).messages().size();
            dead = sqs.receiveMessage(b -> b.queueUrl(resources.inboundDlqUrl())).messages();
        }
        assertEquals(2, receives, "received exactly maxReceiveCount times before redrive");
        assertEquals(1, dead.size());
        assertEquals("poison", dead.get(0).body());
    }
}
