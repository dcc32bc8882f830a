package dev.hookline.testing.lambda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Lambda execution environment for a function's deployment artifact: its own JVM running the
 * real runtime interface client ({@code com.amazonaws:aws-lambda-java-runtime-interface-client},
 * which must be on this JVM's classpath) against a {@link RuntimeApiServer}, with the environment
 * Lambda's {@code java21} runtime sets, in either {@link CredentialsMode}.
 *
 * <p>The JVM is started as Lambda's own launcher starts it: the runtime's jars on the class path,
 * the function extracted into the task root, which is the working directory, and the options the
 * java21 runtime passes (heap at 85 % of the memory size, serial GC, tiered compilation stopped at
 * level 1, {@code org.crac} bound to the runtime's CRaC implementation, IPv4). Those are the
 * runtime's own JVM settings ("for Java 17 and Java 21, Lambda configures the JVM to stop tiered
 * compilation at level 1 by default": https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html),
 * not {@code JAVA_TOOL_OPTIONS}, which Lambda leaves to the user (template.yaml sets none).
 * Environment: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime.
 */
public final class LambdaProcess implements AutoCloseable {
    /** Where the runtime's classes come from: the client, the Lambda core and serialization libraries, the SDK's utils-lite. */
    private static final List<String> RUNTIME_CLASSES = List.of(
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
            "com.amazonaws.services.lambda.runtime.Context",
            "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
            "software.amazon.awssdk.utilslite.SdkInternalThreadLocal");
    private static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "123456789012";
    private static final int OUTPUT_LIMIT = 1 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LambdaFunction function;
    private final CredentialsMode mode;
    private final RuntimeApiServer runtimeApi;
    private final ContainerCredentialsServer credentials;
    private final Process process;
    private final StringBuilder output = new StringBuilder();

    private LambdaProcess(LambdaFunction function, CredentialsMode mode, RuntimeApiServer runtimeApi,
                          ContainerCredentialsServer credentials, Process process) {
        this.function = function;
        this.mode = mode;
        this.runtimeApi = runtimeApi;
        this.credentials = credentials;
        this.process = process;
    }

    /**
     * Starts the function's environment; init runs at once (as Lambda initialises before the first
     * invocation). {@code variables} are the function's own (template.yaml's Environment), laid
     * over the runtime's; {@code echo}, when not null, also receives every line the function prints.
     */
    public static LambdaProcess start(LambdaFunction function, CredentialsMode mode, Map<String, String> variables,
                                      PrintStream echo) {
        return start(function, mode, mode.keyId(function.name()), variables, echo);
    }

    /**
     * As {@link #start(LambdaFunction, CredentialsMode, Map, PrintStream)}, with the access key id
     * given: straight to DynamoDB Local, without the harness's proxy, it must be letters and digits
     * only: DynamoDB Local 2.x refuses others with "The Access Key ID or security token is invalid"
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DynamoDBLocal.UsageNotes.html). The
     * harness's proxy forwards every request under its own key id, so the tests keep {@code <function>.<mode>}.
     */
    public static LambdaProcess start(LambdaFunction function, CredentialsMode mode, String keyId,
                                      Map<String, String> variables, PrintStream echo) {
        Path taskRoot = TaskRoot.of(function.jar());
        String functionName = "hookline-" + function.name();
        String arn = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + functionName;
        RuntimeApiServer runtimeApi = RuntimeApiServer.start(arn, function.timeout());
        ContainerCredentialsServer credentials = null;
        try {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
            env.put("LANG", "en_US.UTF-8");
            env.put("TZ", ":UTC");
            env.put("_HANDLER", function.handler());
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
            env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
            // SnapStart applies to published versions only; on-demand invokes here stand for $LATEST.
            env.put("AWS_LAMBDA_FUNCTION_VERSION", mode == CredentialsMode.SNAP_START ? "1" : "$LATEST");
            env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
            env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/')
                    + "/[" + env.get("AWS_LAMBDA_FUNCTION_VERSION") + "]" + random(16));
            env.put("AWS_REGION", REGION);
            env.put("AWS_DEFAULT_REGION", REGION);
            env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
            env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
            env.put("LAMBDA_RUNTIME_DIR", runtimeDir().toString());
            if (mode == CredentialsMode.ON_DEMAND) {
                env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
                env.put("AWS_ACCESS_KEY_ID", keyId);
                env.put("AWS_SECRET_ACCESS_KEY", random(20));
                env.put("AWS_SESSION_TOKEN", random(32));
            } else {
                credentials = ContainerCredentialsServer.start(keyId, random(20), random(32));
                env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
                env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.uri().toString());
                env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", credentials.authorizationToken());
            }
            env.putAll(variables);

            ProcessBuilder builder = new ProcessBuilder(command(function))
                    .directory(taskRoot.toFile())
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            LambdaProcess started = new LambdaProcess(function, mode, runtimeApi, credentials, process);
            started.pumpOutput(echo);
            process.onExit().thenAccept(p -> runtimeApi.processExited(p.exitValue()));
            return started;
        } catch (IOException | RuntimeException e) {
            runtimeApi.close();
            if (credentials != null) {
                credentials.close();
            }
            throw e instanceof IOException io ? new UncheckedIOException("cannot start " + function.name(), io)
                    : (RuntimeException) e;
        }
    }

    private static List<String> command(LambdaFunction function) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:MaxHeapSize=" + (function.memoryMb() * 1024L * 85 / 100) + "k");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:+TieredCompilation");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("--add-opens=java.base/java.io=ALL-UNNAMED");
        command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-XX:+ErrorFileToStderr");
        int feature = Runtime.version().feature();
        // Not Lambda's options: on JDKs newer than java21 the client's JNI load and its sun.misc.Unsafe
        // use print warnings that Lambda's JDK 21 does not; allowing them keeps the function's output as on Lambda.
        if (feature >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        if (feature >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-classpath");
        command.add(String.join(java.io.File.pathSeparator, runtimeClasspath()));
        command.add(RUNTIME_MAIN);
        command.add(function.handler());
        return command;
    }

    /** The jars of the runtime's classes, found on this JVM's class path. */
    static List<String> runtimeClasspath() {
        Set<String> jars = new LinkedHashSet<>();
        for (String name : RUNTIME_CLASSES) {
            jars.add(locate(name).toString());
        }
        return List.copyOf(jars);
    }

    private static Path runtimeDir() {
        return locate(RUNTIME_MAIN).getParent();
    }

    private static Path locate(String className) {
        try {
            Class<?> type = Class.forName(className, false, LambdaProcess.class.getClassLoader());
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the class path: the module running functions "
                    + "needs com.amazonaws:aws-lambda-java-runtime-interface-client", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the jar of " + className, e);
        }
    }

    private void pumpOutput(PrintStream echo) {
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (output) {
                        if (output.length() < OUTPUT_LIMIT) {
                            output.append(line).append('\n');
                        }
                    }
                    if (echo != null) {
                        echo.println(line);
                    }
                }
            } catch (IOException ended) {
                // The process is gone; what it printed so far is kept.
            }
        }, "lambda-output-" + function.name());
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Invokes the function once and waits for the runtime's answer. Past the function's timeout the
     * environment is stopped and the result is Lambda's {@code Sandbox.Timedout}.
     */
    public InvocationResult invoke(Invocation invocation) {
        var future = runtimeApi.submit(invocation);
        // Init (a cold JVM) comes first, as on Lambda, where its own 10 s limit applies; allow it on top.
        long waitMillis = function.timeout().toMillis() + Duration.ofSeconds(30).toMillis();
        try {
            return future.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            return new InvocationResult(null, null, "Sandbox.Timedout",
                    "{\"errorMessage\":\"Task timed out after " + function.timeout().toSeconds() + " seconds\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while invoking " + function.name(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("invocation failed in the harness", e.getCause());
        }
    }

    public InvocationResult invoke(String payload) {
        return invoke(Invocation.of(payload));
    }

    public LambdaFunction function() {
        return function;
    }

    public CredentialsMode mode() {
        return mode;
    }

    public RuntimeApiServer runtimeApi() {
        return runtimeApi;
    }

    /** The SnapStart mode's credentials endpoint; empty on demand. */
    public Optional<ContainerCredentialsServer> credentialsServer() {
        return Optional.ofNullable(credentials);
    }

    /** Everything the function printed so far (stdout and stderr, as Lambda sends both to its log). */
    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** The exit status once the process has ended, waiting up to {@code wait} for it. */
    public Optional<Integer> awaitExit(Duration wait) {
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue())
                    : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        runtimeApi.close();
        if (credentials != null) {
            credentials.close();
        }
    }
}
