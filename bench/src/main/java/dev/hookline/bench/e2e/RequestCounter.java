package dev.hookline.bench.e2e;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Counts every AWS SDK call in this JVM by caller, service and operation, with what it is billed
 * on: DynamoDB consumed capacity (asked for with {@code ReturnConsumedCapacity=TOTAL}, which DynamoDB
 * Local computes as DynamoDB does) and SQS 64 KB payload chunks. Registered for every client through
 * the SDK's global interceptor file ({@code bench/interceptors/...}, on the classpath of the
 * end-to-end run only).
 *
 * <p>The caller is {@link #CALLER}, set by {@link TimedFunctions} around each function invocation
 * (inherited by the sender's delivery threads, which the invocation creates), else the thread name
 * (the local runtime's pollers, i.e. the event source mapping, and its sinks).
 */
public final class RequestCounter implements ExecutionInterceptor {
    public static final InheritableThreadLocal<String> CALLER = new InheritableThreadLocal<>();
    private static final int SQS_CHUNK = 64 * 1024;

    /** Per caller / service / operation: calls, failed conditional writes, capacity units (×10, so halves stay exact), SQS billed requests. */
    public record Key(String caller, String service, String operation) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return (caller + service + operation).compareTo(o.caller + o.service + o.operation);
        }
    }

    public static final class Tally {
        public final LongAdder calls = new LongAdder();
        public final LongAdder conditionFailed = new LongAdder();
        public final LongAdder writeUnitsTenths = new LongAdder();
        public final LongAdder readUnitsTenths = new LongAdder();
        public final LongAdder sqsBilled = new LongAdder();
    }

    private static final Map<Key, Tally> TALLIES = new ConcurrentHashMap<>();
    private static volatile boolean enabled;

    public static void start() {
        TALLIES.clear();
        enabled = true;
    }

    public static Map<Key, Tally> stop() {
        enabled = false;
        return new TreeMap<>(TALLIES);
    }

    public static boolean installed() {
        return RequestCounter.class.getClassLoader()
                .getResource("software/amazon/awssdk/global/handlers/execution.interceptors") != null;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (!enabled) {
            return request;
        }
        return switch (request) {
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case QueryRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case ScanRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            default -> request;
        };
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!enabled) {
            return;
        }
        Tally tally = tally(attributes);
        tally.calls.increment();
        SdkResponse response = context.response();
        ConsumedCapacity capacity = switch (response) {
            case PutItemResponse r -> r.consumedCapacity();
            case UpdateItemResponse r -> r.consumedCapacity();
            case DeleteItemResponse r -> r.consumedCapacity();
            case GetItemResponse r -> r.consumedCapacity();
            case QueryResponse r -> r.consumedCapacity();
            case ScanResponse r -> r.consumedCapacity();
            default -> null;
        };
        if (capacity != null) {
            if (response instanceof GetItemResponse || response instanceof QueryResponse
                    || response instanceof ScanResponse) {
                tally.readUnitsTenths.add(Math.round(capacity.capacityUnits() * 10));
            } else {
                tally.writeUnitsTenths.add(Math.round(capacity.capacityUnits() * 10));
            }
        }
        if (response instanceof software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse r
                && r.consumedCapacity() != null) {
            r.consumedCapacity().forEach(c -> tally.writeUnitsTenths.add(Math.round(c.capacityUnits() * 10)));
        }
        long payload = switch (context.request()) {
            case SendMessageRequest r -> r.messageBody().length();
            case SendMessageBatchRequest r -> r.entries().stream().mapToLong(e -> e.messageBody().length()).sum();
            default -> -1;
        };
        if (response instanceof ReceiveMessageResponse r) {
            payload = r.messages().stream().mapToLong(m -> m.body().length()).sum();
        }
        if (attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).equalsIgnoreCase("sqs")) {
            tally.sqsBilled.add(payload <= 0 ? 1 : (payload + SQS_CHUNK - 1) / SQS_CHUNK);
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (!enabled) {
            return;
        }
        Tally tally = tally(attributes);
        tally.calls.increment();
        if (context.exception() instanceof ConditionalCheckFailedException) {
            // DynamoDB bills a write whose condition fails like a write of the item (1 WRU up to 1 KB).
            tally.conditionFailed.increment();
            tally.writeUnitsTenths.add(10);
        } else if (attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).equalsIgnoreCase("sqs")) {
            tally.sqsBilled.increment();
        }
    }

    private static Tally tally(ExecutionAttributes attributes) {
        String caller = CALLER.get();
        if (caller == null) {
            caller = Thread.currentThread().getName();
        }
        Key key = new Key(caller, attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        return TALLIES.computeIfAbsent(key, k -> new Tally());
    }

    static List<String> services() {
        return List.of("DynamoDb", "Sqs", "SecretsManager");
    }
}
