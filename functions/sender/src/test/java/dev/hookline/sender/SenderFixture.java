package dev.hookline.sender;

import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.Settings;
import dev.hookline.core.deliveries.DeliveryAttributes;
import dev.hookline.core.deliveries.DeliveryItems;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.deliveries.DeliveryStatus;
import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.log.JsonLog;
import dev.hookline.core.metrics.Metrics;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.core.resources.QueueSpec;
import dev.hookline.core.signing.SigningKey;
import dev.hookline.core.outbound.http.GuardedHttpClient;
import dev.hookline.core.outbound.http.HttpSender;
import dev.hookline.core.outbound.ssrf.SsrfGuard;
import dev.hookline.testing.Emulators;
import dev.hookline.testing.EventSourceMapping;
import dev.hookline.testing.SqsEvents;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLSocketFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** One test's world: fresh tables and queues on the emulators, a sender wired to them, helpers to look. */
final class SenderFixture {
    static final String SIGNING_KEY = "hookline-test-signing-key-0123456789";

    final Emulators emulators;
    final HooklineResources resources;
    final SenderSettings settings;
    final EndpointRegistry registry;
    final SenderHandler handler;
    final EventSourceMapping esm;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    /** What a test may change about its world; the defaults are the usual test sender. */
    static final class Options {
        final Map<String, String> overrides = new HashMap<>();
        Duration totalTimeout = Duration.ofSeconds(5);
        Duration visibilityTimeout = Duration.ofSeconds(30);
        Clock clock = Clock.systemUTC();
        UnaryOperator<DynamoDbClient> dynamo = UnaryOperator.identity();
        UnaryOperator<HttpSender> http = UnaryOperator.identity();

        Options env(Map<String, String> values) {
            overrides.putAll(values);
            return this;
        }

        Options totalTimeout(Duration timeout) {
            totalTimeout = timeout;
            return this;
        }

        Options visibilityTimeout(Duration timeout) {
            visibilityTimeout = timeout;
            return this;
        }

        Options clock(Clock value) {
            clock = value;
            return this;
        }

        /** Wraps the sender's DynamoDB client (a fault the emulator cannot cause, such as an outage). */
        Options dynamo(UnaryOperator<DynamoDbClient> wrapper) {
            dynamo = wrapper;
            return this;
        }

        /** Wraps the sender's HTTP client. */
        Options http(UnaryOperator<HttpSender> wrapper) {
            http = wrapper;
            return this;
        }
    }

    /**
     * @param options environment on top of the test defaults (schedule 1s,2s; 3 attempts; http and
     *                127.0.0.0/8 allowed; no endpoint cache; a circuit that stays closed), and the
     *                rest of {@link Options}. The deliveries queue is the one the template declares
     *                (its safety-net maxReceiveCount), with a short visibility timeout.
     */
    SenderFixture(Emulators emulators, Options options) {
        this.emulators = emulators;
        Map<String, String> env = new HashMap<>();
        env.put(EnvVars.BACKOFF_SCHEDULE, "1s,2s");
        env.put(EnvVars.MAX_ATTEMPTS, "3");
        env.put(EnvVars.ALLOW_HTTP_ENDPOINTS, "true");
        env.put(EnvVars.ALLOWED_PRIVATE_NETWORKS, "127.0.0.0/8");
        env.put(EnvVars.ENDPOINT_CACHE_SECONDS, "0");
        env.put(EnvVars.CIRCUIT_FAILURE_THRESHOLD, "100");
        env.putAll(options.overrides);
        String prefix = Emulators.nextPrefix();
        this.resources = emulators.provision(QueueSpec.inbound(prefix),
                QueueSpec.deliveries(prefix).withVisibilityTimeout(options.visibilityTimeout));
        env.putAll(resources.toEnvironment());
        this.settings = SenderSettings.from(new Settings(env));
        this.registry = new EndpointRegistry(emulators.dynamoDb(), resources.endpointsTable(),
                new EndpointUrlPolicy(true), Clock.systemUTC());
        HttpSender http = new GuardedHttpClient(SsrfGuard.of(settings.allowHttp(), settings.allowedNetworks()),
                Duration.ofSeconds(1), options.totalTimeout, (SSLSocketFactory) SSLSocketFactory.getDefault(),
                SenderHandler.USER_AGENT);
        SigningKey key = SigningKey.parse(SIGNING_KEY);
        // Lines go to the test's buffer (asserted on) and to stdout (the failsafe report keeps them).
        PrintStream out = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                logBytes.write(b);
                System.out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                logBytes.write(b, off, len);
                System.out.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        // Handler and event source mapping sign as the sender: the harness holds them to its role.
        var asSender = emulators.clientsAs("sender");
        this.handler = new SenderHandler(options.dynamo.apply(asSender.dynamoDb()), asSender.sqs(), options.clock,
                settings, options.http.apply(http), () -> key,
                new JsonLog("sender", out, options.clock, false), new Metrics("sender", out, options.clock));
        this.esm = new EventSourceMapping(asSender.sqs(), resources.deliveriesQueueUrl(), 10, handler, "sender");
    }

    SenderFixture(Emulators emulators, Map<String, String> overrides, Duration totalTimeout) {
        this(emulators, new Options().env(overrides).totalTimeout(totalTimeout));
    }

    SenderFixture(Emulators emulators, Map<String, String> overrides) {
        this(emulators, new Options().env(overrides));
    }

    Endpoint endpoint(String id, String url) {
        return registry.create(id, url, List.of("*"), null);
    }

    /** What the processor does: the PENDING record, then the message. */
    DeliveryMessage enqueue(String endpointId, String payload) {
        String eventKey = "acme#evt_" + UUID.randomUUID();
        DeliveryMessage message = new DeliveryMessage(DeliveryMessage.deliveryId(eventKey, endpointId), endpointId,
                eventKey, "msg_" + UUID.randomUUID().toString().replace("-", ""), "order.created", payload,
                Instant.now());
        putRecord(message, DeliveryStatus.PENDING);
        emulators.sqs().sendMessage(b -> b.queueUrl(resources.deliveriesQueueUrl()).messageBody(message.toJson()));
        return message;
    }

    void putRecord(DeliveryMessage message, DeliveryStatus status) {
        Map<String, AttributeValue> item = new HashMap<>(DeliveryItems.pending(message, Instant.now()));
        item.put(DeliveryAttributes.STATUS, AttributeValue.fromS(status.name()));
        emulators.dynamoDb().putItem(b -> b.tableName(resources.deliveriesTable()).item(item));
    }

    Map<String, AttributeValue> record(DeliveryMessage message) {
        return emulators.dynamoDb().getItem(b -> b.tableName(resources.deliveriesTable()).consistentRead(true)
                .key(Map.of(DeliveryAttributes.PK, AttributeValue.fromS(message.deliveryId())))).item();
    }

    String status(DeliveryMessage message) {
        return record(message).get(DeliveryAttributes.STATUS).s();
    }

    List<Map<String, AttributeValue>> attemptLog(DeliveryMessage message) {
        AttributeValue log = record(message).get(DeliveryAttributes.ATTEMPT_LOG);
        return log == null ? List.of() : log.l().stream().map(AttributeValue::m).toList();
    }

    int attempts(DeliveryMessage message) {
        return Integer.parseInt(record(message).get(DeliveryAttributes.ATTEMPTS).n());
    }

    long number(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    /** Polls like the ESM until a batch arrives (at most {@code limit}); the poll result, or null if none came. */
    EventSourceMapping.Poll pollUntilReceived(Duration limit) {
        long until = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < until) {
            EventSourceMapping.Poll poll = esm.pollOnce(Duration.ofSeconds(1));
            if (poll.received() > 0) {
                return poll;
            }
        }
        return null;
    }

    /** Receives up to {@code n} messages (with receive counts) as the SQSEvent Lambda would get. */
    SQSEvent receive(int n, Duration limit) {
        List<Message> messages = new ArrayList<>();
        long until = System.nanoTime() + limit.toNanos();
        while (messages.size() < n && System.nanoTime() < until) {
            messages.addAll(emulators.sqs().receiveMessage(b -> b.queueUrl(resources.deliveriesQueueUrl())
                    .maxNumberOfMessages(Math.min(10, n - messages.size())).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages());
        }
        return SqsEvents.from(messages, esm.queueArn());
    }

    List<Message> receiveNow(String queueUrl) {
        return emulators.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                .messageAttributeNames("All")).messages();
    }

    List<Message> receiveWithin(String queueUrl, Duration limit) {
        long until = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < until) {
            List<Message> messages = emulators.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageAttributeNames("All")).messages();
            if (!messages.isEmpty()) {
                return messages;
            }
        }
        return List.of();
    }

    int notVisible() {
        return Integer.parseInt(emulators.sqs().getQueueAttributes(b -> b.queueUrl(resources.deliveriesQueueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    String logs() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }
}
