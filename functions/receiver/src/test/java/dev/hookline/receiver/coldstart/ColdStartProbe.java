package dev.hookline.receiver.coldstart;

import dev.hookline.core.config.EnvVars;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.receiver.testing.Signers;
import dev.hookline.receiver.testing.TestConfig;
import dev.hookline.testing.Emulators;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Measures what a cold receiver JVM costs up to its first response: starts DynamoDB Local and
 * ElasticMQ in this process, then, several times, starts a fresh
 * {@code java -XX:TieredStopAtLevel=1 -cp hookline-receiver.jar:<this driver>} (Lambda's own JVM
 * flag) that builds the handler from the environment and handles one signed delivery against the
 * emulators. The time is from {@code ProcessBuilder.start()} to the child's line reporting a 202.
 * Not a test: timings are reported, never asserted.
 *
 * <pre>
 * mvn -B -q -pl functions/receiver -am package dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/receiver-cp.txt -DskipTests
 * java -cp functions/receiver/target/test-classes:$(cat /tmp/receiver-cp.txt) \
 *     dev.hookline.receiver.coldstart.ColdStartProbe functions/receiver/target/hookline-receiver.jar 7
 * </pre>
 */
public final class ColdStartProbe {
    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path driverClasses = Path.of(ColdStartDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Emulators emulators = Emulators.start();
        try {
            HooklineResources resources = emulators.provision();
            Path config = Files.createTempFile("hookline-config", ".json");
            Files.writeString(config, TestConfig.text());
            List<Long> totals = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                String delivery = UUID.randomUUID().toString();
                String body = "{\"ref\":\"refs/heads/main\",\"run\":" + run + "}";
                String signature = Signers.github(TestConfig.GITHUB_SECRET, Signers.utf8(body));
                ProcessBuilder builder = new ProcessBuilder(javaBin.toString(), "-XX:TieredStopAtLevel=1",
                        "-cp", jar + java.io.File.pathSeparator + driverClasses,
                        ColdStartDriver.class.getName(), delivery, signature, body)
                        .redirectErrorStream(true);
                Map<String, String> env = builder.environment();
                env.clear();
                env.putAll(resources.toEnvironment());
                env.put(EnvVars.CONFIG_FILE, config.toString());
                env.put(EnvVars.ENDPOINT_URL_DYNAMODB, emulators.dynamoDbEndpoint().toString());
                env.put(EnvVars.ENDPOINT_URL_SQS, emulators.sqsEndpoint().toString());
                env.put("AWS_REGION", "us-east-1");
                env.put("AWS_ACCESS_KEY_ID", "hookline");
                env.put("AWS_SECRET_ACCESS_KEY", "hookline");
                long spawnedAt = System.currentTimeMillis();
                long started = System.nanoTime();
                Process process = builder.start();
                String report = null;
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith("COLDSTART ")) {
                            report = line;
                            break;
                        }
                    }
                }
                long total = (System.nanoTime() - started) / 1_000_000;
                process.waitFor();
                if (report == null || !report.contains("status=202")) {
                    throw new IllegalStateException("run " + run + " did not answer 202: " + report);
                }
                long main = mark(report, "main") - spawnedAt;
                long constructed = mark(report, "constructed") - spawnedAt;
                long responded = mark(report, "responded") - spawnedAt;
                System.out.printf("run %d: first response after %d ms (JVM to main %d ms, handler built at %d ms,"
                        + " first request handled at %d ms)%n", run, total, main, constructed, responded);
                totals.add(total);
            }
            List<Long> sorted = new ArrayList<>(totals);
            Collections.sort(sorted);
            System.out.printf("median %d ms, min %d ms, max %d ms over %d runs%n", sorted.get(sorted.size() / 2),
                    sorted.get(0), sorted.get(sorted.size() - 1), runs);
        } finally {
            // The in-process emulators' threads would keep this JVM alive; nothing here needs a clean stop.
            System.exit(0);
        }
    }

    private static long mark(String report, String name) {
        for (String part : report.split(" ")) {
            if (part.startsWith(name + "=")) {
                return Long.parseLong(part.substring(name.length() + 1));
            }
        }
        throw new IllegalStateException("no " + name + " in " + report);
    }
}
