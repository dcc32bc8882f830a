package dev.hookline.local.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.FileConfigSource;
import dev.hookline.core.config.HooklineConfig;
import dev.hookline.core.json.Json;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.local.invoke.FunctionVariables;
import dev.hookline.testing.AwsCall;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.lambda.CredentialsMode;
import dev.hookline.testing.lambda.InvocationResult;
import dev.hookline.testing.lambda.LambdaFunction;
import dev.hookline.testing.lambda.LambdaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What every conformance test needs: fresh tables and queues, the configuration document and a
 * signing key in Secrets Manager (as on AWS: HOOKLINE_CONFIG_SECRET_ID, SIGNING_KEY_SECRET_ID), and
 * each function's template variables pointing at them, with the emulators' endpoints as overrides.
 */
final class ConformanceSetup {
    /** The repository root: failsafe runs in infra/local. */
    static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("../..").toAbsolutePath().normalize();
    /** The configuration the committed events/receiver samples are signed with. */
    static final String CONFIG = "functions/receiver/src/test/resources/config/receiver-test-config.json";

    final Emulators emulators;
    final HooklineResources resources;
    final HooklineConfig config;
    final String configSecretId;
    final String signingKeySecretId;
    final String signingKey = "conformance-signing-key-" + System.nanoTime();
    /** The deploy-time admin key's value (AdminKeySecret): the api function accepts hk_ + this. */
    final String adminKeyValue = "Conformance" + System.nanoTime();
    final String adminKeySecretId;

    private ConformanceSetup(Emulators emulators) {
        this.emulators = emulators;
        this.resources = emulators.provision();
        this.config = new FileConfigSource(ROOT.resolve(CONFIG)).current();
        String prefix = resources.eventsTable().replace("events", "");
        String document = read(CONFIG);
        this.configSecretId = emulators.secretsManager().createSecret(b -> b.name(prefix + "config")
                .secretString(document)).arn();
        this.signingKeySecretId = emulators.secretsManager().createSecret(b -> b.name(prefix + "signing-key")
                .secretString(signingKey)).arn();
        this.adminKeySecretId = emulators.secretsManager().createSecret(b -> b.name(prefix + "admin-key")
                .secretString(adminKeyValue)).arn();
    }

    static ConformanceSetup create(Emulators emulators) {
        return new ConformanceSetup(emulators);
    }

    /** template.yaml's variables for the function, its Refs resolved to this setup's resources, on the emulators. */
    Map<String, String> variables(String function, Map<String, String> extra) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put(EnvVars.ENDPOINT_URL_DYNAMODB, emulators.dynamoDbEndpoint().toString());
        overrides.put(EnvVars.ENDPOINT_URL_SQS, emulators.sqsEndpoint().toString());
        overrides.put(EnvVars.ENDPOINT_URL_SECRETS_MANAGER, emulators.secretsManagerEndpoint().toString());
        overrides.putAll(extra);
        return FunctionVariables.of(function, ROOT, resources,
                Map.of("ConfigSecret", configSecretId, "SigningKeySecret", signingKeySecretId,
                        "AdminKeySecret", adminKeySecretId), overrides);
    }

    /** Starts the function's jar under the runtime interface client; its output goes to this test's output too. */
    LambdaProcess start(String function, CredentialsMode mode, Map<String, String> extra) {
        return LambdaProcess.start(LambdaFunction.hookline(function, ROOT), mode, variables(function, extra), System.out);
    }

    /** The AWS calls recorded after {@code mark} (an earlier size of {@link Emulators#calls()}). */
    static List<AwsCall> since(Emulators emulators, int mark) {
        List<AwsCall> all = emulators.calls();
        return List.copyOf(all.subList(mark, all.size()));
    }

    static String read(String repositoryPath) {
        try {
            return Files.readString(ROOT.resolve(repositoryPath), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The successful invocation's payload as JSON; fails with the error and the function's output otherwise. */
    static JsonNode payload(InvocationResult result, LambdaProcess function) {
        if (result.failed()) {
            throw new AssertionError("invocation failed: " + result.errorType() + " " + result.error()
                    + "\n--- function output ---\n" + function.output());
        }
        // One line per invocation in the test output: the conformance run's record of what each function answered.
        String shown = result.payload().length() > 400 ? result.payload().substring(0, 400) + "..." : result.payload();
        System.out.println("conformance " + function.function().name() + " " + function.mode().tag() + " "
                + result.requestId() + " -> " + shown);
        JsonNode node = Json.parseOrNull(result.payload());
        if (node == null) {
            throw new AssertionError("response is not JSON: " + result.payload());
        }
        return node;
    }

    String queueArn(String queueUrl) {
        return emulators.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /**
     * A sample SQS event from events/ adapted to a provisioned queue, as Lambda's event source
     * mapping would deliver it: each record's body and message attributes are sent to the queue
     * and received back, and the record takes the real message's id, receipt handle, attributes,
     * MD5 and the queue's ARN.
     */
    String sqsEventOnQueue(String samplePath, String queueUrl) {
        ObjectNode event = (ObjectNode) Json.parseOrNull(read(samplePath));
        ArrayNode records = (ArrayNode) event.get("Records");
        String arn = queueArn(queueUrl);
        for (JsonNode record : records) {
            Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> attributes = new HashMap<>();
            record.path("messageAttributes").properties().forEach(e -> attributes.put(e.getKey(),
                    software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder()
                            .dataType(e.getValue().path("dataType").asText())
                            .stringValue(e.getValue().path("stringValue").asText()).build()));
            emulators.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(record.get("body").asText())
                    .messageAttributes(attributes));
        }
        List<Message> received = emulators.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(2).messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (received.size() != records.size()) {
            throw new AssertionError("expected " + records.size() + " messages back from " + queueUrl + ", got "
                    + received.size());
        }
        for (JsonNode node : records) {
            ObjectNode record = (ObjectNode) node;
            Message message = received.stream().filter(m -> m.body().equals(record.get("body").asText()))
                    .findFirst().orElseThrow();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("md5OfBody", message.md5OfBody());
            record.put("eventSourceARN", arn);
            ObjectNode attrs = record.putObject("attributes");
            message.attributes().forEach((k, v) -> attrs.put(k.toString(), v));
        }
        return Json.write(event);
    }
}
