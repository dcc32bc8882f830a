package dev.hookline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.aws.AwsClients;
import dev.hookline.core.config.ConfigSources;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.HooklineConfig;
import dev.hookline.core.config.Settings;
import dev.hookline.core.json.Json;
import dev.hookline.local.internal.ConfigSecretShim;
import dev.hookline.local.support.TestConfig;
import dev.hookline.local.support.TestFunctions;
import dev.hookline.testing.internal.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The {@code sam local invoke --env-vars} file the runtime writes, used as the function in the
 * container would use it. Docker is not available here, so the container's view is simulated: the
 * file names {@code host.docker.internal}, which {@code --add-host host.docker.internal:127.0.0.1}
 * (with {@code --docker-network host}) maps to this machine's loopback; the test does that mapping
 * and then builds the function's clients and config exactly as a function does from its environment.
 */
class SamEnvFileIT {
    @TempDir
    static Path dir;
    static LocalRuntime runtime;
    static int dynamoPort;
    static int sqsPort;

    @BeforeAll
    static void start() {
        dynamoPort = FreePorts.pick();
        sqsPort = FreePorts.pick();
        runtime = LocalRuntime.start(LocalOptions.defaults(new TestFunctions().functions())
                .withConfigFile(TestConfig.writeFor(0, dir)).withPort(0).withDataDir(dir.resolve("data"))
                .withEmulatorPorts(dynamoPort, sqsPort));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static JsonNode file() throws Exception {
        return Json.parseOrNull(Files.readString(SamEnvFile.file(runtime.dataDir())));
    }

    @Test
    void namesEachFunctionByLogicalIdWithTheEmulatorsOnTheirFixedPortsAsAContainerReachesThem() throws Exception {
        JsonNode file = file();
        for (String function : SamEnvFile.FUNCTIONS) {
            JsonNode vars = file.get(function);
            assertEquals("http://host.docker.internal:" + dynamoPort, vars.get(EnvVars.ENDPOINT_URL_DYNAMODB).asText());
            assertEquals("http://host.docker.internal:" + sqsPort, vars.get(EnvVars.ENDPOINT_URL_SQS).asText());
            assertTrue(vars.get(EnvVars.INBOUND_QUEUE_URL).asText().startsWith("http://host.docker.internal:" + sqsPort
                    + "/"), vars.toString());
            assertEquals("", vars.get(EnvVars.CONFIG_FILE).asText(), "the container cannot see the file");
            assertEquals(ConfigSecretShim.SECRET_ID, vars.get(EnvVars.CONFIG_SECRET_ID).asText());
            assertEquals(ConfigSecretShim.SIGNING_KEY_ID, vars.get(EnvVars.SIGNING_KEY_SECRET_ID).asText());
            assertTrue(vars.path("AWS_REGION").isMissingNode(), "Lambda's own variables are left to SAM");
        }
    }

    @Test
    void aFunctionUsingTheFileReachesItsTablesQueuesAndConfig() throws Exception {
        Map<String, String> env = new HashMap<>();
        file().get("ReceiverFunction").properties().forEach(e -> env.put(e.getKey(),
                e.getValue().asText().replace("host.docker.internal", "127.0.0.1")));
        env.put("AWS_REGION", "us-east-1");
        Settings settings = new Settings(env);
        AwsClients clients = AwsClients.fromEnvironment(settings);

        HooklineConfig config = ConfigSources.fromEnvironment(settings, clients, Clock.systemUTC(),
                dev.hookline.core.log.JsonLog.stdout("sam-env-test", false)).current();
        assertTrue(config.sources().containsKey("stripe"), "the config, read through GetSecretValue");
        assertEquals("ACTIVE", clients.dynamoDb().describeTable(b -> b.tableName(settings.required(
                EnvVars.EVENTS_TABLE))).table().tableStatusAsString());
        assertTrue(clients.sqs().getQueueAttributes(b -> b.queueUrl(settings.required(EnvVars.INBOUND_QUEUE_URL))
                .attributeNamesWithStrings("All")).hasAttributes());

        String signingKey = clients.secretsManager().getSecretValue(b -> b.secretId(
                settings.required(EnvVars.SIGNING_KEY_SECRET_ID))).secretString();
        assertEquals(config.signingKey(), signingKey, "the sender's signing key, read as on AWS");

        org.junit.jupiter.api.Assertions.assertThrows(ResourceNotFoundException.class, () -> clients.secretsManager()
                .getSecretValue(b -> b.secretId("some-other-secret")));
    }
}
