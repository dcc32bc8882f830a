package dev.hookline.core.resources;

import dev.hookline.core.json.Json;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates hookline's tables and queues where no CloudFormation does it: DynamoDB Local and
 * ElasticMQ in the local runtime and the tests. Idempotent, so a restart finds what it made.
 */
public final class ResourceProvisioner {
    private final DynamoDbClient dynamo;
    private final SqsClient sqs;

    public ResourceProvisioner(DynamoDbClient dynamo, SqsClient sqs) {
        this.dynamo = dynamo;
        this.sqs = sqs;
    }

    /** Creates every table and queue with names starting with {@code prefix}. */
    public HooklineResources provision(String prefix, QueueSpec inbound, QueueSpec deliveries) {
        String events = prefix + "events";
        String endpoints = prefix + "endpoints";
        String deliveriesTable = prefix + "deliveries";
        createTable(Tables.events(events), true);
        createTable(Tables.endpoints(endpoints), false);
        createTable(Tables.deliveries(deliveriesTable), true);
        QueueUrls inboundUrls = createQueue(inbound);
        QueueUrls deliveriesUrls = createQueue(deliveries);
        return new HooklineResources(events, endpoints, deliveriesTable, inboundUrls.queue(), inboundUrls.dlq(),
                deliveriesUrls.queue(), deliveriesUrls.dlq());
    }

    /**
     * Creates the api function's tables ({@code <prefix>keys}, {@code <prefix>tenants}). Kept apart
     * from {@link #provision} so the pipeline's resources are unchanged by the API's.
     */
    public ApiTables provisionApi(String prefix) {
        ApiTables tables = new ApiTables(prefix + "keys", prefix + "tenants");
        createTable(Tables.keys(tables.keysTable()), false);
        createTable(Tables.tenants(tables.tenantsTable()), false);
        return tables;
    }

    private void createTable(CreateTableRequest request, boolean ttl) {
        try {
            dynamo.createTable(request);
            dynamo.waiter().waitUntilTableExists(b -> b.tableName(request.tableName()));
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        if (ttl) {
            dynamo.updateTimeToLive(UpdateTimeToLiveRequest.builder()
                    .tableName(request.tableName())
                    .timeToLiveSpecification(TimeToLiveSpecification.builder()
                            .attributeName(Tables.EXPIRES_AT).enabled(true).build())
                    .build());
        }
    }

    private record QueueUrls(String queue, String dlq) {
    }

    private QueueUrls createQueue(QueueSpec spec) {
        String dlqUrl = sqs.createQueue(b -> b.queueName(spec.dlqName()).attributes(Map.of(
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, seconds(spec.dlqRetention())))).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrive = Json.write(Json.object()
                .put("deadLetterTargetArn", dlqArn)
                .put("maxReceiveCount", String.valueOf(spec.maxReceiveCount())));
        String url = sqs.createQueue(b -> b.queueName(spec.name()).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, seconds(spec.visibilityTimeout()),
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, seconds(spec.retention()),
                QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
        return new QueueUrls(url, dlqUrl);
    }

    private static String seconds(java.time.Duration d) {
        return String.valueOf(d.toSeconds());
    }
}
