package dev.hookline.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.json.Json;
import dev.hookline.local.internal.ConfigSecretShim;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code <data-dir>/sam-env.json}: the running runtime's tables, queues and emulator endpoints in
 * the file {@code sam local invoke --env-vars} reads. SAM's format (AWS SAM developer guide, "Locally
 * invoke Lambda functions", environment variable file): an object per function keyed by its logical
 * id, whose values override the variables the template declares for that function (SAM sets only
 * variables the template declares, which is why template.yaml declares the config-file and endpoint
 * variables, empty).
 *
 * <p>The function runs in a container, where 127.0.0.1 is the container itself, so the emulator
 * endpoints and queue URLs name {@value #CONTAINER_HOST}: Docker Desktop resolves it to the host,
 * and on Linux {@code sam local invoke --docker-network host --add-host host.docker.internal:127.0.0.1}
 * makes it the host's loopback, where the emulators listen (they listen nowhere else).
 *
 * <p>The container sees only the function's code, not the config file, so the file points the
 * function at the config as a secret ({@link ConfigSecretShim}, served by the runtime's HTTP port),
 * read through Secrets Manager's API as on AWS.
 */
public final class SamEnvFile {
    public static final String FILE_NAME = "sam-env.json";
    public static final String CONTAINER_HOST = "host.docker.internal";
    /** The template's logical ids of the functions. */
    public static final List<String> FUNCTIONS = List.of("ReceiverFunction", "ProcessorFunction", "SenderFunction");

    private SamEnvFile() {
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /** Writes the file for the variables the runtime gives its functions; {@code httpPort} serves the config. */
    public static void write(Path dataDir, Map<String, String> variables, int httpPort) {
        ObjectNode root = Json.object();
        Map<String, String> forContainer = forContainer(variables, httpPort);
        for (String function : FUNCTIONS) {
            ObjectNode vars = root.putObject(function);
            forContainer.forEach(vars::put);
        }
        try {
            Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
            Files.writeString(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
                    StandardCharsets.UTF_8);
            Files.move(tmp, file(dataDir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(dataDir), e);
        }
    }

    /**
     * The variables as a container sees them: loopback URLs point at {@link #CONTAINER_HOST}, and
     * the variables Lambda itself sets (AWS_REGION, AWS_LAMBDA_FUNCTION_NAME) are left to SAM.
     */
    static Map<String, String> forContainer(Map<String, String> variables, int httpPort) {
        Map<String, String> out = new TreeMap<>();
        variables = new java.util.HashMap<>(variables);
        variables.put(EnvVars.CONFIG_FILE, "");
        variables.put(EnvVars.CONFIG_SECRET_ID, ConfigSecretShim.SECRET_ID);
        variables.put(EnvVars.SIGNING_KEY_SECRET_ID, ConfigSecretShim.SIGNING_KEY_ID);
        variables.put(EnvVars.ENDPOINT_URL_SECRETS_MANAGER, "http://127.0.0.1:" + httpPort + ConfigSecretShim.PATH);
        variables.forEach((name, value) -> {
            if (name.startsWith("AWS_") && !name.startsWith(EnvVars.ENDPOINT_URL)) {
                return;
            }
            out.put(name, value.replace("http://127.0.0.1:", "http://" + CONTAINER_HOST + ":")
                    .replace("http://localhost:", "http://" + CONTAINER_HOST + ":"));
        });
        return out;
    }
}
