package dev.hookline.receiver.testing;

import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A real DynamoDB Local client that fails the operations named. This is the one fake in the
 * receiver's tests, for the one fault that cannot be caused for real: DynamoDB answering the
 * claim and then failing the next call of the same request.
 */
public final class FaultyDynamoDb implements DynamoDbClient {
    private final DynamoDbClient real;
    private final Set<String> failing;

    /** @param failing operation names that fail: "UpdateItem", "DeleteItem", ... */
    public FaultyDynamoDb(DynamoDbClient real, String... failing) {
        this.real = real;
        this.failing = Set.of(failing);
    }

    private void maybeFail(String operation) {
        if (failing.contains(operation)) {
            throw SdkClientException.create("injected failure of " + operation);
        }
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        maybeFail("PutItem");
        return real.putItem(request);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        maybeFail("GetItem");
        return real.getItem(request);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        maybeFail("UpdateItem");
        return real.updateItem(request);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        maybeFail("DeleteItem");
        return real.deleteItem(request);
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
        maybeFail("DescribeTable");
        return real.describeTable(request);
    }

    @Override
    public String serviceName() {
        return real.serviceName();
    }

    @Override
    public void close() {
        // The real client belongs to the emulators.
    }
}
