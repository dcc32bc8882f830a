package dev.hookline.infra.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hookline.core.config.ConfigParser;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.HooklineConfig;
import dev.hookline.core.config.Settings;
import dev.hookline.core.metrics.Metrics;
import dev.hookline.core.resources.QueueSpec;
import dev.hookline.core.resources.Tables;
import dev.hookline.infra.sam.ExpectedAccess.Function;
import dev.hookline.infra.sam.ExpectedAccess.Grant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * Checks template.yaml against the code it deploys: every environment variable a function reads
 * is set on it, each function's role grants exactly the access it uses (and nothing broader), and
 * the tables and queues are declared as core's Tables and QueueSpec declare them for the local
 * runtime and the tests.
 */
class TemplateTest {
    private static Path root;
    private static SamTemplate template;
    private static EnvReads envReads;

    @BeforeAll
    static void load() {
        root = Path.of(System.getProperty("hookline.repoRoot", "../..")).toAbsolutePath().normalize();
        template = SamTemplate.load(root.resolve("template.yaml"));
        envReads = new EnvReads(root.resolve("functions/core/src/main/java"));
    }

    // ------------------------------------------------------------------------------------------
    // (a) environment
    // ------------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> everyVariableAFunctionReadsIsSetOnIt() {
        return ExpectedAccess.FUNCTIONS.stream().map(function -> {
            Path sources = sourcesOf(function);
            String name = function.module() + " (reads derived from functions/" + function.module() + "/src/main/java)";
            return DynamicTest.dynamicTest(name, () -> {
                assertTrue(EnvReads.exists(sources), () -> "functions/" + function.module() + " has no sources");
                Set<String> reads = new TreeSet<>(envReads.readBy(sources));
                reads.removeAll(ExpectedAccess.LOCAL_ONLY);
                Set<String> set = template.environment(function.logicalId()).keySet();
                Set<String> missing = new TreeSet<>(reads);
                missing.removeAll(set);
                assertTrue(missing.isEmpty(), () -> function.module() + " reads " + missing + " but "
                        + function.logicalId() + " in template.yaml does not set them (it sets " + new TreeSet<>(set)
                        + ")");
            });
        });
    }

    /**
     * The converse: a variable set on a function it never reads is dead configuration, and when it
     * names a resource (the config secret, say) it comes with a grant nothing uses.
     */
    @TestFactory
    Stream<DynamicTest> everyVariableSetOnAFunctionIsOneItReads() {
        return ExpectedAccess.FUNCTIONS.stream().map(function -> DynamicTest.dynamicTest(function.module(), () -> {
            Path sources = sourcesOf(function);
            assertTrue(EnvReads.exists(sources), () -> "functions/" + function.module() + " has no sources");
            Set<String> reads = envReads.readBy(sources);
            Set<String> unread = new TreeSet<>(template.environment(function.logicalId()).keySet());
            unread.removeAll(reads);
            // Read by the AWS SDK itself, not by hookline's code (see the template's comment on it).
            unread.remove(EnvVars.IGNORE_CONFIGURED_ENDPOINT_URLS);
            assertTrue(unread.isEmpty(), () -> function.logicalId() + " in template.yaml sets " + unread
                    + " but functions/" + function.module() + " never reads them");
        }));
    }

    @Test
    void templateSetsOnlyVariablesEnvVarsDefinesAndNoLocalOverrides() {
        Set<String> known = envReads.knownNames();
        for (Function function : ExpectedAccess.FUNCTIONS) {
            Map<String, JsonNode> environment = template.environment(function.logicalId());
            for (Map.Entry<String, JsonNode> variable : environment.entrySet()) {
                String name = variable.getKey();
                assertTrue(known.contains(name), () -> function.logicalId() + " sets " + name
                        + ", which EnvVars.java does not define: a typo, or a variable no code reads");
                // Declared (so sam local invoke --env-vars can set it) but empty, which hookline reads as unset.
                boolean empty = variable.getValue().isTextual() && variable.getValue().asText().isEmpty();
                assertFalse(ExpectedAccess.LOCAL_ONLY.contains(name) && !empty,
                        () -> function.logicalId() + " sets " + name + " to " + variable.getValue()
                                + ", which is for local runs and emulators only; on AWS it would redirect the function");
            }
            if (environment.keySet().stream().anyMatch(n -> n.startsWith(EnvVars.ENDPOINT_URL))) {
                // The SDK reads AWS_ENDPOINT_URL_* itself and cannot build a client on an empty one.
                assertEquals("true", environment.getOrDefault(EnvVars.IGNORE_CONFIGURED_ENDPOINT_URLS,
                                com.fasterxml.jackson.databind.node.TextNode.valueOf("")).asText(),
                        () -> function.logicalId() + " declares AWS_ENDPOINT_URL* but does not set "
                                + EnvVars.IGNORE_CONFIGURED_ENDPOINT_URLS + " to true");
            }
        }
    }

    @Test
    void declaresTheVariablesTheSamLocalInvokeEnvFileSets() {
        for (Function function : ExpectedAccess.FUNCTIONS) {
            Set<String> declared = template.environment(function.logicalId()).keySet();
            for (String name : List.of(EnvVars.ENDPOINT_URL_DYNAMODB, EnvVars.ENDPOINT_URL_SQS,
                    EnvVars.ENDPOINT_URL_SECRETS_MANAGER)) {
                assertTrue(declared.contains(name), () -> function.logicalId() + " does not declare " + name
                        + ": sam local invoke --env-vars can only set variables the template declares");
            }
        }
    }

    @Test
    void derivesReadsFromAFunctionsSources(@TempDir Path module) throws IOException {
        Files.writeString(module.resolve("Handler.java"), """
                package dev.hookline.example;

                import dev.hookline.core.aws.AwsClients;
                import dev.hookline.core.config.ConfigSources;
                import dev.hookline.core.config.EnvVars;
                import dev.hookline.core.config.Settings;

                final class Handler {
                    // EnvVars.MAX_BODY_BYTES in a comment is not a read
                    static void init(Settings settings) {
                        String table = settings.required(EnvVars.EVENTS_TABLE);
                        var window = settings.dedupeWindow();
                        var clients = AwsClients.fromEnvironment(settings);
                        var config = ConfigSources.fromEnvironment(settings, clients, null, null);
                    }
                }
                """);
        assertEquals(new TreeSet<>(Set.of(EnvVars.EVENTS_TABLE, EnvVars.DEDUPE_WINDOW_HOURS,
                        EnvVars.CONFIG_SECRET_ID, EnvVars.CONFIG_FILE, EnvVars.CONFIG_REFRESH_SECONDS,
                        EnvVars.ENDPOINT_URL, EnvVars.ENDPOINT_URL_DYNAMODB, EnvVars.ENDPOINT_URL_SQS,
                        EnvVars.ENDPOINT_URL_SECRETS_MANAGER)),
                envReads.readBy(module));
    }

    @Test
    void rejectsAConstantEnvVarsDoesNotDefine(@TempDir Path module) throws IOException {
        Files.writeString(module.resolve("Handler.java"),
                "class Handler { String t = System.getenv(EnvVars.EVENT_TABLE); }\n");
        AssertionError e = assertThrows(AssertionError.class, () -> envReads.readBy(module));
        assertTrue(e.getMessage().contains("EnvVars.EVENT_TABLE"), e.getMessage());
    }

    @Test
    void findsTheAwsCallsAFunctionMakes(@TempDir Path module) throws IOException {
        Files.writeString(module.resolve("Fanout.java"), """
                class Fanout {
                    void run() {
                        sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
                        var item = dynamo.getItem(b -> b.tableName(table).key(key)).item();
                    }
                }
                """);
        assertEquals(Set.of("sqs:SendMessage", "dynamodb:GetItem"), ExpectedAccess.awsCallsIn(module).keySet());
    }

    @Test
    void derivesReadsThroughCoreAccessors() {
        // The derivation itself, on core's own readers: if this breaks, (a) silently checks less.
        Map<String, Set<String>> readers = envReads.coreReaders();
        assertEquals(Set.of(EnvVars.DEDUPE_WINDOW_HOURS), readers.get("Settings.dedupeWindow"));
        assertEquals(Set.of(EnvVars.MAX_ATTEMPTS, EnvVars.BACKOFF_SCHEDULE), readers.get("Settings.maxAttempts"));
        assertTrue(readers.get("ConfigSources.fromEnvironment").containsAll(
                        Set.of(EnvVars.CONFIG_SECRET_ID, EnvVars.CONFIG_FILE, EnvVars.CONFIG_REFRESH_SECONDS)),
                () -> "ConfigSources.fromEnvironment reads " + readers.get("ConfigSources.fromEnvironment"));
        assertEquals(Set.of(), readers.get("HooklineResources.toEnvironment"),
                "building an environment map is not reading the environment");
    }

    // ------------------------------------------------------------------------------------------
    // (b) IAM: exactly what each function touches
    // ------------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> eachRoleGrantsExactlyWhatItsFunctionTouches() {
        return ExpectedAccess.FUNCTIONS.stream().map(function -> DynamicTest.dynamicTest(function.module(), () -> {
            Set<String> expected = new TreeSet<>();
            for (String action : ExpectedAccess.LOG_ACTIONS) {
                expected.add(action + " on " + function.logGroupId());
            }
            String source = ExpectedAccess.EVENT_SOURCES.get(function.module());
            if (source != null) {
                for (String action : ExpectedAccess.EVENT_SOURCE_ACTIONS) {
                    expected.add(action + " on " + source);
                }
            }
            for (Grant grant : ExpectedAccess.grantsOf(function.module())) {
                for (String action : grant.actions()) {
                    expected.add(action + " on " + grant.resource());
                }
            }
            Set<String> granted = grantsOfRole(function.roleId());
            Set<String> extra = new TreeSet<>(granted);
            extra.removeAll(expected);
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(granted);
            assertTrue(missing.isEmpty() && extra.isEmpty(), () -> function.roleId() + " does not match what "
                    + function.module() + " touches.\n  missing: " + missing + "\n  not needed: " + extra
                    + "\n(the expected access is ExpectedAccess.GRANTS; change both together)");
        }));
    }

    /**
     * A cross-check from the other side: every DynamoDB, SQS or Secrets Manager call a function's
     * own sources make ({@code dynamo.getItem(..)}) is among its role's actions. Calls made inside
     * core classes (EndpointRegistry's scan) are not seen here; ExpectedAccess.GRANTS covers them.
     */
    @TestFactory
    Stream<DynamicTest> everyAwsCallInAFunctionsSourcesIsGranted() {
        return ExpectedAccess.FUNCTIONS.stream().map(function -> DynamicTest.dynamicTest(function.module(), () -> {
            Path sources = sourcesOf(function);
            assertTrue(EnvReads.exists(sources), () -> "functions/" + function.module() + " has no sources");
            Set<String> granted = new TreeSet<>();
            grantsOfRole(function.roleId()).forEach(g -> granted.add(g.substring(0, g.indexOf(' '))));
            Map<String, String> calls = ExpectedAccess.awsCallsIn(sources);
            Map<String, String> ungranted = new TreeMap<>(calls);
            ungranted.keySet().removeAll(granted);
            assertTrue(ungranted.isEmpty(), () -> function.module() + " calls " + ungranted + " but "
                    + function.roleId() + " grants only " + granted);
        }));
    }

    @Test
    void everyGrantIsReachedThroughAVariableNamingItsResource() {
        for (Grant grant : ExpectedAccess.GRANTS) {
            Function function = ExpectedAccess.function(grant.module());
            JsonNode value = template.environment(function.logicalId()).get(grant.envVar());
            assertNotNull(value, () -> function.logicalId() + " is granted access to " + grant.resource()
                    + " but does not get " + grant.envVar());
            assertEquals(grant.resource(), SamTemplate.referencedId(value), () -> function.logicalId() + "'s "
                    + grant.envVar() + " should refer to " + grant.resource() + " but is " + value);
        }
    }

    @Test
    void everyResourceAVariableNamesHasAGrant() {
        for (Function function : ExpectedAccess.FUNCTIONS) {
            template.environment(function.logicalId()).forEach((name, value) -> {
                String target = SamTemplate.referencedId(value);
                if (target == null || !template.hasResource(target)) {
                    return; // a literal or a parameter
                }
                boolean listed = ExpectedAccess.grantsOf(function.module()).stream()
                        .anyMatch(g -> g.envVar().equals(name) && g.resource().equals(target));
                assertTrue(listed, () -> function.logicalId() + " gets " + name + " -> " + target
                        + " but ExpectedAccess.GRANTS says nothing about what it may do there");
            });
        }
    }

    @Test
    void eachFunctionHasItsOwnRoleWithInlinePoliciesOnly() {
        Set<String> roles = new TreeSet<>();
        for (Function function : ExpectedAccess.FUNCTIONS) {
            JsonNode props = template.function(function.logicalId());
            assertEquals(function.roleId(), SamTemplate.referencedId(props.path("Role")),
                    () -> function.logicalId() + " must use its own role " + function.roleId());
            assertTrue(roles.add(function.roleId()), "roles must not be shared between functions");
            assertFalse(props.has("Policies"), () -> function.logicalId()
                    + ": SAM Policies are ignored with an explicit Role; grant in " + function.roleId());
            JsonNode role = template.resource(function.roleId(), "AWS::IAM::Role");
            assertFalse(role.has("ManagedPolicyArns"), () -> function.roleId()
                    + " attaches managed policies; AWS's Lambda ones grant on \"*\"");
            JsonNode trust = role.path("AssumeRolePolicyDocument").path("Statement");
            assertEquals(1, trust.size(), function.roleId() + " trust policy");
            assertEquals("lambda.amazonaws.com", trust.get(0).path("Principal").path("Service").asText(),
                    function.roleId() + " must be assumable by Lambda only");
        }
    }

    @Test
    void noPolicyGrantsWildcards() {
        // Also covered by the exact comparison, but with a message that names the broad statement.
        for (Function function : ExpectedAccess.FUNCTIONS) {
            for (JsonNode statement : statementsOf(function.roleId())) {
                for (JsonNode action : SamTemplate.items(statement.get("Action"))) {
                    assertFalse(action.asText().contains("*"), () -> function.roleId() + " grants " + action);
                }
                for (JsonNode resource : SamTemplate.items(statement.get("Resource"))) {
                    assertNotNull(SamTemplate.referencedId(resource), () -> function.roleId() + " grants on "
                            + resource + "; name the template resource (Ref / Fn::GetAtt Arn) instead");
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Functions and events
    // ------------------------------------------------------------------------------------------

    @Test
    void functionsRunTheirShadedJarsOnJava21Arm64() {
        for (Function function : ExpectedAccess.FUNCTIONS) {
            JsonNode props = template.function(function.logicalId());
            assertEquals("java21", props.path("Runtime").asText(), function.logicalId() + " Runtime");
            assertEquals(List.of("arm64"), texts(props.path("Architectures")), function.logicalId() + " Architectures");
            assertEquals(function.handler(), props.path("Handler").asText(), function.logicalId() + " Handler");
            assertEquals(function.codeUri(), props.path("CodeUri").asText(), function.logicalId() + " CodeUri");
            assertTrue(template.resourceNode(function.logicalId()).path("Metadata").path("SkipBuild").asBoolean(),
                    () -> function.logicalId() + " needs Metadata.SkipBuild: sam build cannot build a jar path");
            assertTrue(props.path("MemorySize").asInt() >= 512, function.logicalId() + " MemorySize");
            assertEquals(function.logGroupId(), SamTemplate.referencedId(props.path("LoggingConfig").path("LogGroup")),
                    () -> function.logicalId() + " must log to " + function.logGroupId()
                            + ", the group its role may write to");
            template.resource(function.logGroupId(), "AWS::Logs::LogGroup");
        }
    }

    @Test
    void receiverRestoresFromSnapStartThroughItsAlias() {
        JsonNode receiver = template.function("ReceiverFunction");
        assertEquals("PublishedVersions", receiver.path("SnapStart").path("ApplyOn").asText());
        assertFalse(receiver.path("AutoPublishAlias").asText().isBlank(),
                "SnapStart applies to published versions: the API must call an alias");
        assertTrue(receiver.path("AutoPublishAliasAllProperties").asBoolean(),
                "without it a changed variable reaches $LATEST but not the alias serving traffic");
    }

    @Test
    void receiverServesEveryMethodOnWebhooksWithPayloadV2ThrottlingAndAccessLogs() {
        JsonNode events = template.function("ReceiverFunction").path("Events");
        assertEquals(1, events.size(), "the receiver has one event");
        JsonNode event = events.elements().next();
        assertEquals("HttpApi", event.path("Type").asText());
        JsonNode props = event.path("Properties");
        assertEquals("ANY", props.path("Method").asText(), "other methods must reach the receiver for its 405");
        assertEquals("/webhooks/{source}", props.path("Path").asText());
        assertEquals("2.0", props.path("PayloadFormatVersion").asText());
        assertTrue(props.path("RouteSettings").path("ThrottlingRateLimit").asDouble() > 0, "route rate limit");
        assertTrue(props.path("RouteSettings").path("ThrottlingBurstLimit").asInt() > 0, "route burst limit");
        String apiId = SamTemplate.referencedId(props.path("ApiId"));
        JsonNode api = template.resource(apiId, "AWS::Serverless::HttpApi");
        String logs = SamTemplate.referencedId(api.path("AccessLogSettings").path("DestinationArn"));
        template.resource(logs, "AWS::Logs::LogGroup");
        String format = api.path("AccessLogSettings").path("Format").asText();
        assertTrue(format.contains("$context.status") && format.contains("$context.requestId"), format);
        assertFalse(format.contains("$input") || format.contains("header"), "access logs must not hold bodies or headers");
        assertTrue(template.function("ReceiverFunction").path("Timeout").asInt() < 30,
                "API Gateway gives up on an integration after 30 s");
    }

    @Test
    void apiServesV1OnTheSameHttpApiWithItsOwnThrottling() {
        JsonNode events = template.function("ApiFunction").path("Events");
        assertEquals(1, events.size(), "the api has one event");
        JsonNode props = events.elements().next().path("Properties");
        assertEquals("ANY", props.path("Method").asText());
        assertEquals("/v1/{proxy+}", props.path("Path").asText());
        assertEquals("2.0", props.path("PayloadFormatVersion").asText());
        JsonNode receiver = template.function("ReceiverFunction").path("Events").elements().next().path("Properties");
        assertEquals(SamTemplate.referencedId(receiver.path("ApiId")), SamTemplate.referencedId(props.path("ApiId")),
                "the API shares the webhooks' HTTP API");
        JsonNode mine = props.path("RouteSettings");
        assertTrue(mine.path("ThrottlingRateLimit").asDouble() > 0 && mine.path("ThrottlingBurstLimit").asInt() > 0,
                "the /v1 route has its own limits");
        assertTrue(template.function("ApiFunction").path("Timeout").asInt() < 30,
                "API Gateway gives up on an integration after 30 s");
    }

    @Test
    void adminKeySecretIsGeneratedUrlSafeAndNamedInTheOutputs() {
        JsonNode secret = template.resource("AdminKeySecret", "AWS::SecretsManager::Secret");
        assertFalse(secret.has("SecretString"), "the admin key is generated at deploy, never written in the template");
        JsonNode generate = secret.path("GenerateSecretString");
        assertTrue(generate.path("PasswordLength").asInt() >= 43, "at least as long as a generated key");
        assertTrue(generate.path("ExcludePunctuation").asBoolean(), "hk_<value> must be URL-safe");
        assertFalse(generate.has("SecretStringTemplate"), "the value is the key's random part, not JSON");
        assertEquals("AdminKeySecret", SamTemplate.referencedId(template.root().path("Outputs")
                .path("AdminKeySecretArn").path("Value")));
    }

    @Test
    void claimLeaseOutlastsTheReceiverTimeout() {
        JsonNode receiver = template.function("ReceiverFunction");
        long lease = Long.parseLong(template.environmentVariable("ReceiverFunction", EnvVars.CLAIM_LEASE_SECONDS).asText());
        int timeout = receiver.path("Timeout").asInt();
        assertTrue(lease > timeout, () -> "CLAIM_LEASE_SECONDS " + lease + " must exceed the receiver timeout "
                + timeout + " s, or a retry can take over a claim whose request is still enqueuing");
    }

    @Test
    void maxBodyFitsInAnInboundMessage() {
        long maxBody = Long.parseLong(template.environmentVariable("ReceiverFunction", EnvVars.MAX_BODY_BYTES).asText());
        assertEquals(Settings.DEFAULT_MAX_BODY_BYTES, maxBody, "MAX_BODY_BYTES = core's default");
        for (String queue : List.of("InboundQueue", "InboundDlq", "DeliveriesQueue", "DeliveriesDlq")) {
            long size = template.resource(queue, "AWS::SQS::Queue").path("MaximumMessageSize").asLong(262_144);
            assertTrue(maxBody < size, () -> queue + " MaximumMessageSize " + size + " cannot carry a body of "
                    + maxBody + " bytes plus its envelope");
        }
    }

    @TestFactory
    Stream<DynamicTest> sqsEventSourcesBatchReportItemFailuresAndCapConcurrency() {
        return ExpectedAccess.EVENT_SOURCES.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Function function = ExpectedAccess.function(e.getKey());
            JsonNode props = sqsEventOf(function);
            assertEquals(e.getValue(), SamTemplate.referencedId(props.path("Queue")),
                    () -> function.logicalId() + " consumes the wrong queue");
            int batch = props.path("BatchSize").asInt();
            assertTrue(batch >= 1 && batch <= 10, () -> function.logicalId() + " BatchSize " + batch);
            assertTrue(props.has("MaximumBatchingWindowInSeconds"), function.logicalId() + " batching window");
            assertEquals(List.of("ReportBatchItemFailures"), texts(props.path("FunctionResponseTypes")),
                    () -> function.logicalId() + ": one failed record must not return its whole batch");
            int max = props.path("ScalingConfig").path("MaximumConcurrency").asInt();
            assertTrue(max >= 2 && max <= 1000, () -> function.logicalId() + " MaximumConcurrency " + max);
        }));
    }

    // ------------------------------------------------------------------------------------------
    // (c) queues
    // ------------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> sourceQueueVisibilityIsAtLeastSixTimesItsConsumersTimeout() {
        return ExpectedAccess.EVENT_SOURCES.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getValue(), () -> {
            Function function = ExpectedAccess.function(e.getKey());
            int timeout = template.function(function.logicalId()).path("Timeout").asInt();
            int visibility = template.resource(e.getValue(), "AWS::SQS::Queue").path("VisibilityTimeout").asInt();
            assertTrue(timeout > 0, function.logicalId() + " Timeout");
            assertTrue(visibility >= 6 * timeout, () -> e.getValue() + " VisibilityTimeout " + visibility
                    + " s is under 6 x " + function.logicalId() + "'s timeout " + timeout + " s");
        }));
    }

    @Test
    void functionTimeoutsAreCoresQueueSpecTimeouts() {
        assertEquals(QueueSpec.PROCESSOR_TIMEOUT.toSeconds(),
                template.function("ProcessorFunction").path("Timeout").asLong(), "processor Timeout");
        assertEquals(QueueSpec.SENDER_TIMEOUT.toSeconds(),
                template.function("SenderFunction").path("Timeout").asLong(), "sender Timeout");
    }

    @Test
    void queuesAreDeclaredAsQueueSpecDeclaresThem() {
        checkQueue("InboundQueue", "InboundDlq", QueueSpec.inbound(""));
        checkQueue("DeliveriesQueue", "DeliveriesDlq", QueueSpec.deliveries(""));
    }

    /**
     * The budget counts HTTP attempts (the sender dead-letters exhausted deliveries itself); the
     * deliveries queue's maxReceiveCount is a safety net far above it, and its retention outlasts the
     * schedule plus the longest circuit wait (until DISABLE_AFTER_HOURS disables the endpoint).
     */
    @Test
    void deliveriesQueueOutlivesTheScheduleAndItsReceivesAreNotTheBudget() {
        JsonNode queue = template.resource("DeliveriesQueue", "AWS::SQS::Queue");
        int maxReceive = queue.path("RedrivePolicy").path("maxReceiveCount").asInt();
        int maxAttempts = template.parameter("MaxAttempts").path("MaxValue").asInt();
        assertTrue(maxReceive >= 10 * maxAttempts, "maxReceiveCount " + maxReceive + " is a safety net, not the budget");
        Duration schedule = new Settings(Map.of()).backoffSchedule().stream().reduce(Duration.ZERO, Duration::plus);
        long disableAfterHours = template.environmentVariable("SenderFunction", EnvVars.DISABLE_AFTER_HOURS).asLong();
        Duration longest = schedule.multipliedBy(12).dividedBy(10).plusHours(disableAfterHours);
        assertTrue(queue.path("MessageRetentionPeriod").asLong() > longest.toSeconds(),
                "retention must outlast the schedule (+20 % jitter) and " + disableAfterHours + " h of circuit waits");
    }

    private void checkQueue(String id, String dlqId, QueueSpec spec) {
        JsonNode queue = template.resource(id, "AWS::SQS::Queue");
        JsonNode dlq = template.resource(dlqId, "AWS::SQS::Queue");
        assertEquals("${AWS::StackName}-" + spec.name(), queue.path("QueueName").path("Fn::Sub").asText(), id + " name");
        assertEquals("${AWS::StackName}-" + spec.dlqName(), dlq.path("QueueName").path("Fn::Sub").asText(),
                dlqId + " name");
        assertEquals(spec.visibilityTimeout().toSeconds(), queue.path("VisibilityTimeout").asLong(), id + " visibility");
        assertEquals(spec.retention().toSeconds(), queue.path("MessageRetentionPeriod").asLong(), id + " retention");
        assertEquals(spec.dlqRetention().toSeconds(), dlq.path("MessageRetentionPeriod").asLong(),
                dlqId + " retention (14 days)");
        assertEquals(Duration.ofDays(14), QueueSpec.DLQ_RETENTION);
        assertTrue(dlq.path("MessageRetentionPeriod").asLong() > queue.path("MessageRetentionPeriod").asLong(),
                () -> dlqId + " must keep messages longer than " + id
                        + ": a moved message keeps its first enqueue time");
        JsonNode redrive = queue.path("RedrivePolicy");
        assertEquals(dlqId, SamTemplate.referencedId(redrive.path("deadLetterTargetArn")), id + " redrive target");
        assertEquals("Arn", SamTemplate.referencedAttribute(redrive.path("deadLetterTargetArn")));
        assertEquals(spec.maxReceiveCount(), redrive.path("maxReceiveCount").asInt(), id + " maxReceiveCount");
        JsonNode allow = dlq.path("RedriveAllowPolicy");
        assertEquals("byQueue", allow.path("redrivePermission").asText(), dlqId + " redrive allow policy");
        assertEquals(List.of("arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${AWS::StackName}-"
                        + spec.name()),
                allow.path("sourceQueueArns").findValuesAsText("Fn::Sub"),
                () -> dlqId + " must accept redrives from " + id + " only");
        for (JsonNode q : List.of(queue, dlq)) {
            assertTrue(q.path("SqsManagedSseEnabled").asBoolean(), "SqsManagedSseEnabled on " + id + "/" + dlqId);
        }
    }

    @Test
    void attemptBudgetAndScheduleAreCoresDefaults() {
        String schedule = template.parameter("BackoffSchedule").path("Default").asText();
        assertEquals(Settings.DEFAULT_BACKOFF, schedule, "BackoffSchedule default");
        int maxAttempts = template.parameter("MaxAttempts").path("Default").asInt();
        assertEquals(new Settings(Map.of()).maxAttempts(), maxAttempts,
                "MaxAttempts default = schedule steps + 1, as Settings computes it");
        assertEquals("MaxAttempts",
                template.environmentVariable("SenderFunction", EnvVars.MAX_ATTEMPTS).path("Ref").asText());
        assertEquals("BackoffSchedule",
                template.environmentVariable("SenderFunction", EnvVars.BACKOFF_SCHEDULE).path("Ref").asText());
        assertEquals(new Settings(Map.of()).dedupeWindow().toHours(),
                template.parameter("DedupeWindowHours").path("Default").asLong(), "DedupeWindowHours default");
        assertEquals("DedupeWindowHours",
                template.environmentVariable("ReceiverFunction", EnvVars.DEDUPE_WINDOW_HOURS).path("Ref").asText());
    }

    @Test
    void deliveriesRetentionOutlastsTheDefaultRetrySchedule() {
        List<Duration> steps = Settings.parseDurations(template.parameter("BackoffSchedule").path("Default").asText(),
                "BackoffSchedule");
        Duration total = steps.stream().reduce(Duration.ZERO, Duration::plus);
        Duration withJitter = total.plus(total.dividedBy(5));
        long retention = template.resource("DeliveriesQueue", "AWS::SQS::Queue").path("MessageRetentionPeriod").asLong();
        assertTrue(withJitter.toSeconds() < retention, () -> "the schedule (" + withJitter + " with +20 % jitter) "
                + "must end before DeliveriesQueue's retention of " + retention + " s expires messages");
        for (Duration step : steps) {
            assertTrue(step.compareTo(Duration.ofHours(12)) <= 0, () -> step + ": SQS caps a visibility change at 12 h");
        }
        String pattern = template.parameter("BackoffSchedule").path("AllowedPattern").asText();
        assertTrue("5s,5m,30m,2h".matches(pattern) && !"5 s".matches(pattern) && !"".matches(pattern),
                () -> "BackoffSchedule AllowedPattern " + pattern);
    }

    // ------------------------------------------------------------------------------------------
    // (c) tables
    // ------------------------------------------------------------------------------------------

    @Test
    void tablesAreDeclaredAsCoreTablesDeclaresThem() {
        checkTable("EventsTable", Tables.events("x"), true);
        checkTable("EndpointsTable", Tables.endpoints("x"), false);
        checkTable("DeliveriesTable", Tables.deliveries("x"), true);
        checkTable("KeysTable", Tables.keys("x"), false);
        checkTable("TenantsTable", Tables.tenants("x"), false);
    }

    private void checkTable(String id, CreateTableRequest core, boolean ttl) {
        JsonNode table = template.resource(id, "AWS::DynamoDB::Table");
        assertEquals("PAY_PER_REQUEST", table.path("BillingMode").asText(), id + " BillingMode");
        assertTrue(table.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean(),
                id + " point-in-time recovery");
        assertTrue(table.path("SSESpecification").path("SSEEnabled").asBoolean(), id + " encryption");
        Map<String, String> attributes = new TreeMap<>();
        table.path("AttributeDefinitions").forEach(a ->
                attributes.put(a.path("AttributeName").asText(), a.path("AttributeType").asText()));
        Map<String, String> coreAttributes = new TreeMap<>();
        core.attributeDefinitions().forEach(a -> coreAttributes.put(a.attributeName(), a.attributeTypeAsString()));
        assertEquals(coreAttributes, attributes, id + " AttributeDefinitions = Tables");
        assertEquals(keys(core.keySchema()), keys(table.path("KeySchema")), id + " KeySchema = Tables");
        Map<String, List<String>> indexes = new TreeMap<>();
        // Each index with its key and projection (type, then the sorted non-key attributes).
        table.path("GlobalSecondaryIndexes").forEach(i -> {
            List<String> shape = new java.util.ArrayList<>(keys(i.path("KeySchema")));
            shape.add(i.path("Projection").path("ProjectionType").asText());
            List<String> included = new java.util.ArrayList<>();
            i.path("Projection").path("NonKeyAttributes").forEach(a -> included.add(a.asText()));
            included.stream().sorted().forEach(shape::add);
            indexes.put(i.path("IndexName").asText(), shape);
        });
        Map<String, List<String>> coreIndexes = new TreeMap<>();
        for (GlobalSecondaryIndex index : core.globalSecondaryIndexes()) {
            List<String> shape = new java.util.ArrayList<>(keys(index.keySchema()));
            shape.add(index.projection().projectionTypeAsString());
            index.projection().nonKeyAttributes().stream().sorted().forEach(shape::add);
            coreIndexes.put(index.indexName(), shape);
        }
        assertEquals(coreIndexes, indexes, id + " GlobalSecondaryIndexes (keys, projection) = Tables");
        JsonNode ttlSpec = table.path("TimeToLiveSpecification");
        if (ttl) {
            assertEquals(Tables.EXPIRES_AT, ttlSpec.path("AttributeName").asText(), id + " TTL attribute");
            assertTrue(ttlSpec.path("Enabled").asBoolean(), id + " TTL enabled");
        } else {
            assertTrue(ttlSpec.isMissingNode(), id + " keeps its items: no TTL");
        }
    }

    @Test
    void deliveriesIndexesAreTheOnesCoreQueries() {
        JsonNode table = template.resource("DeliveriesTable", "AWS::DynamoDB::Table");
        assertEquals(Set.of(Tables.DELIVERIES_BY_ENDPOINT, Tables.DELIVERIES_BY_STATUS),
                Set.copyOf(table.path("GlobalSecondaryIndexes").findValuesAsText("IndexName")));
    }

    @Test
    void endpointsTableAndSigningKeyOutliveTheStack() {
        for (String id : List.of("EndpointsTable", "SigningKeySecret", "KeysTable", "TenantsTable")) {
            JsonNode node = template.resourceNode(id);
            assertEquals("Retain", node.path("DeletionPolicy").asText(), id + " DeletionPolicy");
            assertEquals("Retain", node.path("UpdateReplacePolicy").asText(), id + " UpdateReplacePolicy");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Secrets
    // ------------------------------------------------------------------------------------------

    @Test
    void configSecretStartsAsAValidEmptyConfiguration() {
        String placeholder = template.resource("ConfigSecret", "AWS::SecretsManager::Secret")
                .path("SecretString").asText();
        HooklineConfig config = ConfigParser.parse(placeholder);
        assertNotNull(config);
        assertEquals("{\"sources\":{}}", placeholder.replace(" ", ""));
    }

    @Test
    void signingKeyIsGeneratedLongWithoutPunctuation() {
        JsonNode secret = template.resource("SigningKeySecret", "AWS::SecretsManager::Secret");
        assertFalse(secret.has("SecretString"), "the signing key is generated, never written in the template");
        JsonNode generate = secret.path("GenerateSecretString");
        assertTrue(generate.path("PasswordLength").asInt() >= 48, "signing key length");
        assertTrue(generate.path("ExcludePunctuation").asBoolean(), "no punctuation: it travels in env-like places");
        assertFalse(generate.has("SecretStringTemplate"), "the secret is the raw key, not a JSON document");
    }

    // ------------------------------------------------------------------------------------------
    // Alarms
    // ------------------------------------------------------------------------------------------

    @Test
    void eachDlqHasAnAlarmOnAnyMessage() {
        for (String dlq : List.of("InboundDlq", "DeliveriesDlq")) {
            JsonNode alarm = alarms().stream()
                    .filter(a -> a.path("MetricName").asText().equals("ApproximateNumberOfMessagesVisible"))
                    .filter(a -> dlq.equals(SamTemplate.referencedId(a.path("Dimensions").path(0).path("Value"))))
                    .findFirst().orElseThrow(() -> new AssertionError("no alarm on messages in " + dlq));
            assertEquals("AWS/SQS", alarm.path("Namespace").asText());
            assertEquals("QueueName", alarm.path("Dimensions").path(0).path("Name").asText());
            assertEquals("QueueName", SamTemplate.referencedAttribute(alarm.path("Dimensions").path(0).path("Value")));
            assertEquals(0, alarm.path("Threshold").asInt(), dlq + " alarm threshold");
            assertEquals("GreaterThanThreshold", alarm.path("ComparisonOperator").asText(), dlq + " alarm operator");
        }
    }

    @Test
    void alarmsWatchReceiverErrorsSignatureFailuresAndDeliverySuccess() {
        List<JsonNode> alarms = alarms();
        assertTrue(alarms.stream().anyMatch(a -> a.path("Metrics").findValuesAsText("MetricName").contains("5xx")
                        && a.path("Metrics").findValuesAsText("Namespace").contains("AWS/ApiGateway")),
                "no alarm on the API's 5xx rate");
        JsonNode signatures = hooklineAlarmOn("signatureFailures");
        assertEquals(List.of("receiver"), signatures.findValuesAsText("Value").stream()
                .filter(v -> !v.isBlank()).distinct().toList(), "signatureFailures alarm dimension function=receiver");
        JsonNode delivery = hooklineAlarmOn("deliverySucceeded");
        assertTrue(delivery.path("Metrics").findValuesAsText("MetricName").contains("deliveryFailed"),
                "the success-rate alarm divides by succeeded + failed");
        assertEquals(95, delivery.path("Threshold").asInt(), "delivery success rate threshold");
        assertEquals("LessThanThreshold", delivery.path("ComparisonOperator").asText());
        assertTrue(delivery.path("Metrics").findValuesAsText("Value").contains("sender"));
        for (JsonNode alarm : alarms) {
            assertEquals("AlarmTopic", SamTemplate.referencedId(alarm.path("AlarmActions").path(0)),
                    "every alarm notifies the alarm topic");
        }
        JsonNode subscription = template.resourceNode("AlarmEmailSubscription");
        assertEquals("HasAlarmEmail", subscription.path("Condition").asText(), "the e-mail subscription is optional");
    }

    /** An alarm's advice must be a command the CLI accepts: a status it knows, a redrive it has. */
    @Test
    void alarmDescriptionsNameOnlyStatusesAndCommandsTheCliAccepts() {
        java.util.regex.Pattern status = java.util.regex.Pattern.compile("--status\\s+(\\w+)");
        java.util.regex.Pattern redrive = java.util.regex.Pattern.compile("dlq redrive\\s+(\\w+)");
        Set<String> statuses = new TreeSet<>();
        for (dev.hookline.core.deliveries.DeliveryStatus s : dev.hookline.core.deliveries.DeliveryStatus.values()) {
            statuses.add(s.name());
        }
        for (JsonNode alarm : alarms()) {
            String text = alarm.path("AlarmDescription").asText();
            java.util.regex.Matcher m = status.matcher(text);
            while (m.find()) {
                String named = m.group(1);
                assertTrue(statuses.contains(named), () -> "an alarm says --status " + named
                        + ", which deliveries list refuses; statuses are " + statuses);
            }
            java.util.regex.Matcher r = redrive.matcher(text);
            while (r.find()) {
                assertTrue(Set.of("inbound", "deliveries").contains(r.group(1)), text);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> alarmedMetricsAreOnesTheirFunctionEmits() {
        return ExpectedAccess.ALARMED_METRICS.entrySet().stream().flatMap(e -> e.getValue().stream().map(metric ->
                DynamicTest.dynamicTest(e.getKey() + " emits " + metric, () -> {
                    hooklineAlarmOn(metric);
                    Path sources = sourcesOf(ExpectedAccess.function(e.getKey()));
                    assertTrue(EnvReads.exists(sources), () -> "functions/" + e.getKey() + " has no sources");
                    assertTrue(sourcesMention(sources, "\"" + metric + "\""), () -> "an alarm watches " + metric
                            + " but functions/" + e.getKey() + " never names that metric");
                })));
    }

    private JsonNode hooklineAlarmOn(String metric) {
        return alarms().stream()
                .filter(a -> a.findValuesAsText("MetricName").contains(metric))
                .filter(a -> a.findValuesAsText("Namespace").contains(Metrics.NAMESPACE))
                .findFirst().orElseThrow(() -> new AssertionError("no alarm on " + Metrics.NAMESPACE + "/" + metric));
    }

    private List<JsonNode> alarms() {
        return template.resourcesOfType("AWS::CloudWatch::Alarm").stream()
                .map(id -> template.resource(id, "AWS::CloudWatch::Alarm")).toList();
    }

    // ------------------------------------------------------------------------------------------
    // Parameters and outputs
    // ------------------------------------------------------------------------------------------

    @Test
    void outputsNameTheApiQueuesTablesAndSecrets() {
        JsonNode outputs = template.root().path("Outputs");
        Map<String, String> expected = Map.ofEntries(
                Map.entry("InboundQueueUrl", "InboundQueue"), Map.entry("InboundDlqUrl", "InboundDlq"),
                Map.entry("DeliveriesQueueUrl", "DeliveriesQueue"), Map.entry("DeliveriesDlqUrl", "DeliveriesDlq"),
                Map.entry("EventsTableName", "EventsTable"), Map.entry("EndpointsTableName", "EndpointsTable"),
                Map.entry("DeliveriesTableName", "DeliveriesTable"), Map.entry("ConfigSecretArn", "ConfigSecret"),
                Map.entry("SigningKeySecretArn", "SigningKeySecret"));
        expected.forEach((output, resource) -> assertEquals(resource,
                SamTemplate.referencedId(outputs.path(output).path("Value")), "output " + output));
        assertTrue(outputs.path("WebhookUrl").path("Value").path("Fn::Sub").asText().endsWith("/webhooks/{source}"),
                "output WebhookUrl");
    }

    @Test
    void alarmEmailIsOptional() {
        JsonNode email = template.parameter("AlarmEmail");
        assertEquals("", email.path("Default").asText());
        String pattern = email.path("AllowedPattern").asText();
        assertTrue("".matches(pattern) && "ops@example.com".matches(pattern) && !"not an address".matches(pattern),
                () -> "AlarmEmail AllowedPattern " + pattern);
        assertEquals("prod", template.parameter("Stage").path("Default").asText());
    }

    // ------------------------------------------------------------------------------------------
    // The checks' own footing
    // ------------------------------------------------------------------------------------------

    @Test
    void refusesShortFormIntrinsics(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
                + "      RedrivePolicy:\n        deadLetterTargetArn: !GetAtt Dlq.Arn\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SamTemplate.load(file));
        assertTrue(e.getMessage().contains("line 6") && e.getMessage().contains("!GetAtt")
                && e.getMessage().contains("Fn::GetAtt:"), e.getMessage());
    }

    @Test
    void grantComparisonSeesABroadenedStatement() {
        // A statement granting on "*" must not resolve to any resource, so the exact comparison and
        // the wildcard check both catch it.
        JsonNodeFactory json = JsonNodeFactory.instance;
        assertEquals(null, SamTemplate.referencedId(json.textNode("*")));
        assertEquals(null, SamTemplate.referencedId(json.objectNode().put("Fn::Sub", "arn:aws:dynamodb:*:*:table/*")));
        assertEquals(null, SamTemplate.referencedId(json.objectNode().put("Ref", "AWS::AccountId")));
        assertEquals("EventsTable", SamTemplate.referencedId(
                json.objectNode().set("Fn::GetAtt", json.arrayNode().add("EventsTable").add("Arn"))));
        assertEquals("EventsTable", SamTemplate.referencedId(json.objectNode().put("Fn::GetAtt", "EventsTable.Arn")));
    }

    // ------------------------------------------------------------------------------------------

    private Path sourcesOf(Function function) {
        return root.resolve("functions").resolve(function.module()).resolve("src/main/java");
    }

    private JsonNode sqsEventOf(Function function) {
        List<JsonNode> sqs = new ArrayList<>();
        template.function(function.logicalId()).path("Events").forEach(event -> {
            if (event.path("Type").asText().equals("SQS")) {
                sqs.add(event.path("Properties"));
            }
        });
        assertEquals(1, sqs.size(), () -> function.logicalId() + " should have one SQS event, has " + sqs.size());
        return sqs.get(0);
    }

    private List<JsonNode> statementsOf(String roleId) {
        List<JsonNode> statements = new ArrayList<>();
        JsonNode role = template.resource(roleId, "AWS::IAM::Role");
        role.path("Policies").forEach(policy -> policy.path("PolicyDocument").path("Statement").forEach(statements::add));
        // Policies attached from outside the role count too.
        for (String id : template.resourcesOfType("AWS::IAM::Policy")) {
            JsonNode policy = template.resource(id, "AWS::IAM::Policy");
            boolean attached = false;
            for (JsonNode r : SamTemplate.items(policy.get("Roles"))) {
                attached |= roleId.equals(SamTemplate.referencedId(r));
            }
            if (attached) {
                policy.path("PolicyDocument").path("Statement").forEach(statements::add);
            }
        }
        return statements;
    }

    /** "action on LogicalId" for every Allow; anything unresolvable is reported as such, so it cannot match. */
    private Set<String> grantsOfRole(String roleId) {
        Set<String> grants = new TreeSet<>();
        for (JsonNode statement : statementsOf(roleId)) {
            if (statement.has("NotAction") || statement.has("NotResource") || statement.has("Condition")) {
                grants.add("unsupported statement " + statement);
                continue;
            }
            if (!statement.path("Effect").asText().equals("Allow")) {
                continue;
            }
            for (JsonNode action : SamTemplate.items(statement.get("Action"))) {
                for (JsonNode resource : SamTemplate.items(statement.get("Resource"))) {
                    String id = SamTemplate.referencedId(resource);
                    String attr = SamTemplate.referencedAttribute(resource);
                    boolean arn = "Arn".equals(attr)
                            || "Ref".equals(attr) && template.resourceNode(id).path("Type").asText()
                            .equals("AWS::SecretsManager::Secret");
                    grants.add(action.asText() + " on " + (id != null && arn ? id : resource.toString()));
                }
            }
        }
        return grants;
    }

    private static List<String> keys(List<KeySchemaElement> keys) {
        return keys.stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList();
    }

    private static List<String> keys(JsonNode keys) {
        List<String> list = new ArrayList<>();
        keys.forEach(k -> list.add(k.path("AttributeName").asText() + ":" + k.path("KeyType").asText()));
        return list;
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        SamTemplate.items(array).forEach(n -> list.add(n.asText()));
        return list;
    }

    private static boolean sourcesMention(Path sources, String literal) throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
                if (Files.readString(file).contains(literal)) {
                    return true;
                }
            }
        }
        return false;
    }
}
