package dev.hookline.local.cli;

import dev.hookline.core.config.EnvVars;
import dev.hookline.core.json.Json;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalRuntime;
import dev.hookline.local.RuntimeInfo;
import dev.hookline.local.invoke.FunctionVariables;
import dev.hookline.testing.lambda.CredentialsMode;
import dev.hookline.testing.lambda.InvocationResult;
import dev.hookline.testing.lambda.LambdaFunction;
import dev.hookline.testing.lambda.LambdaProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code hookline invoke <function> --event FILE}: {@code sam local invoke} without Docker. The
 * function's shaded jar runs once in its own JVM under the Lambda runtime interface client, against
 * a Runtime API served here, with the java21 environment and template.yaml's variables pointed at
 * the running local runtime's emulators (from its runtime.json). The response goes to stdout, the
 * function's log to stderr; an error exits 1.
 */
final class InvokeCommand {
    static final Set<String> OPTIONS = Set.of("event", "data-dir");
    static final Set<String> SWITCHES = Set.of("snapstart");
    static final String HELP = """
            Usage: hookline invoke <receiver|processor|sender|api> --event FILE [--snapstart] [--data-dir DIR]

            Runs the function's jar (functions/<name>/target/hookline-<name>.jar) once, as Lambda's java21 runtime
            would: its own JVM, the AWS Lambda runtime interface client, the environment Lambda sets and the
            template's variables, against the tables and queues of the running `hookline local`. Prints the
            function's response to stdout and its log to stderr; exits 1 if the invocation failed.
              bin/hookline event stripe events/payloads/stripe.json > /tmp/stripe.json
              bin/hookline invoke receiver --event /tmp/stripe.json
              bin/hookline invoke processor --event events/processor/sqs-event.json
            Credentials come as on demand (key variables); --snapstart gives them as a SnapStart function gets
            them instead (a container-credentials endpoint, no key variables). The configuration is the local
            runtime's config file (HOOKLINE_CONFIG_FILE); http and loopback endpoint URLs are allowed, as locally.
            """;

    private InvokeCommand() {
    }

    static int run(Args args, PrintStream out, PrintStream err) {
        if (args.help()) {
            out.print(HELP);
            return 0;
        }
        String function = args.expect("function").get(0);
        if (!LambdaFunction.HOOKLINE.contains(function)) {
            throw new UsageException("unknown function '" + function + "': expected one of "
                    + String.join(", ", LambdaFunction.HOOKLINE));
        }
        String eventOption = args.option("event");
        if (eventOption == null) {
            throw new UsageException("missing --event FILE");
        }
        Path eventFile = Path.of(eventOption);
        String event;
        try {
            event = Files.readString(eventFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read event file " + eventFile + ": " + e.getMessage());
        }
        if (Json.parseOrNull(event) == null) {
            throw new UsageException("event file " + eventFile + " is not JSON");
        }
        RuntimeInfo info = runtime(Path.of(args.option("data-dir", LocalOptions.DEFAULT_DATA_DIR.toString())));
        LambdaFunction lambda = LambdaFunction.hookline(function, LocalOptions.HOME.toAbsolutePath());
        if (!Files.isRegularFile(lambda.jar())) {
            throw new CommandException("no " + lambda.jar() + ": build it with mvn -DskipTests package");
        }
        CredentialsMode mode = args.flag("snapstart") ? CredentialsMode.SNAP_START : CredentialsMode.ON_DEMAND;
        // Letters and digits only: DynamoDB Local 2.x refuses other key ids (see LambdaProcess.start).
        String keyId = function + (mode == CredentialsMode.SNAP_START ? "SnapStart" : "OnDemand");

        try (LambdaProcess process = LambdaProcess.start(lambda, mode, keyId, variables(function, info), err)) {
            InvocationResult result = process.invoke(event);
            if (result.failed()) {
                err.println("hookline: " + function + " failed: " + result.errorType()
                        + (result.error() == null ? "" : " " + result.error()));
                return 1;
            }
            out.println(result.payload());
            return 0;
        }
    }

    private static RuntimeInfo runtime(Path dataDir) {
        RuntimeInfo info;
        try {
            info = RuntimeInfo.read(dataDir);
        } catch (IllegalStateException e) {
            throw new CommandException(e.getMessage());
        }
        if (!info.alive()) {
            throw new CommandException("the local runtime that used data dir " + dataDir + " (pid " + info.pid()
                    + ") is not running; start it with: bin/hookline local");
        }
        return info;
    }

    /** The template's variables, on the local runtime's emulators, with what a local run changes. */
    static Map<String, String> variables(String function, RuntimeInfo info) {
        Map<String, String> local = new HashMap<>();
        local.put(EnvVars.ENDPOINT_URL_DYNAMODB, info.dynamoDbEndpoint());
        local.put(EnvVars.ENDPOINT_URL_SQS, info.sqsEndpoint());
        // Locally the configuration is a file, and the sinks are http on loopback.
        local.put(EnvVars.CONFIG_FILE, info.configFile());
        if (!function.equals("receiver")) {
            local.put(EnvVars.ALLOW_HTTP_ENDPOINTS, "true");
        }
        if (function.equals("sender")) {
            local.put(EnvVars.ALLOWED_PRIVATE_NETWORKS, LocalRuntime.LOCAL_PRIVATE_NETWORKS);
            // The local runtime's schedule and attempt budget (its deliveries queue's maxReceiveCount).
            local.put(EnvVars.BACKOFF_SCHEDULE, LocalRuntime.LAPTOP_BACKOFF);
            local.put(EnvVars.MAX_ATTEMPTS, Integer.toString(LocalRuntime.LAPTOP_BACKOFF.split(",").length + 1));
        }
        // No secrets locally: the configuration and the signing key come from the config file.
        return FunctionVariables.of(function, LocalOptions.HOME.toAbsolutePath(), info.resources(), Map.of(), local);
    }
}
