package dev.hookline.bench.coldstart;

import dev.hookline.bench.BenchMain;
import com.sun.net.httpserver.HttpServer;
import dev.hookline.bench.Results;
import dev.hookline.bench.Stats;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.crypto.Hmac;
import dev.hookline.core.deliveries.DeliveryLog;
import dev.hookline.core.deliveries.DeliveryMessage;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.events.InboundMessage;
import dev.hookline.core.resources.HooklineResources;
import dev.hookline.testing.Emulators;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * Cold start of each function: a fresh {@code java -XX:TieredStopAtLevel=1} (Lambda's java21 flag)
 * on the function's shaded jar, from {@code ProcessBuilder.start()} to the line the child prints
 * after its first handled event, against DynamoDB Local, ElasticMQ and (when moto_server is
 * installed) Secrets Manager for the config, all started once in this process. Variants run
 * interleaved, round by round, so a noisy neighbour hurts them alike; figures are medians.
 *
 * <p>Arguments: runs per variant, receiver jar, processor jar, sender jar, the probes jar
 * (FunctionProbe, HelloProbe), apache-classpath.txt, hello-classpath.txt.
 */
public final class ColdStartBench {
    private static final String GITHUB_SECRET = "bench-github-secret";
    private static final String SIGNING_KEY = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "bench-signing-key-32-bytes-long!".getBytes(StandardCharsets.US_ASCII));

    record Variant(String name, String function, String mode, String http, List<String> jvmFlags) {
        Variant(String name, String function, String mode, String http) {
            this(name, function, mode, http, List.of());
        }
    }

    record Run(long total, Map<String, Long> marks) {
    }

    public static void main(String[] args) {
        BenchMain.runAndExit(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        Map<String, Path> jars = Map.of("receiver", Path.of(args[1]), "processor", Path.of(args[2]),
                "sender", Path.of(args[3]));
        Path probes = Path.of(args[4]);
        String apacheClasspath = Files.readString(Path.of(args[5])).trim();
        String helloClasspath = Files.readString(Path.of(args[6])).trim();
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Path cdsArchive = probes.toAbsolutePath().getParent().resolve("receiver-appcds.jsa");
        Files.deleteIfExists(cdsArchive);

        HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        endpoint.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        endpoint.setExecutor(Executors.newFixedThreadPool(4));
        endpoint.start();

        Emulators emulators = Emulators.start();
        try {
            HooklineResources resources = emulators.provision();
            new EndpointRegistry(emulators.dynamoDb(), resources.endpointsTable(), new EndpointUrlPolicy(true),
                    Clock.systemUTC()).create("ep_bench",
                    "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook", List.of("*"), null);
            String config = "{\"sources\":{\"github\":{\"scheme\":\"github\",\"secrets\":[\"" + GITHUB_SECRET
                    + "\"]}},\"signingKey\":\"" + SIGNING_KEY + "\",\"endpoints\":[]}";
            Map<String, String> env = new LinkedHashMap<>(resources.toEnvironment());
            env.put(EnvVars.ENDPOINT_URL_DYNAMODB, emulators.dynamoDbEndpoint().toString());
            env.put(EnvVars.ENDPOINT_URL_SQS, emulators.sqsEndpoint().toString());
            env.put(EnvVars.ALLOW_HTTP_ENDPOINTS, "true");
            env.put(EnvVars.ALLOWED_PRIVATE_NETWORKS, "127.0.0.0/8");
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ACCESS_KEY_ID", "hookline");
            env.put("AWS_SECRET_ACCESS_KEY", "hookline");
            String configFrom;
            try {
                String secretId = "hookline-bench-config-" + UUID.randomUUID();
                emulators.secretsManager().createSecret(b -> b.name(secretId).secretString(config));
                env.put(EnvVars.CONFIG_SECRET_ID, secretId);
                // As on AWS, the sender reads the signing key from its own secret, not the config.
                String keyId = "hookline-bench-signing-key-" + UUID.randomUUID();
                emulators.secretsManager().createSecret(b -> b.name(keyId).secretString(SIGNING_KEY));
                env.put(EnvVars.SIGNING_KEY_SECRET_ID, keyId);
                env.put(EnvVars.ENDPOINT_URL_SECRETS_MANAGER, emulators.secretsManagerEndpoint().toString());
                configFrom = "Secrets Manager (moto)";
            } catch (RuntimeException e) {
                // No moto_server: the config comes from a file, which makes "config load" cheaper than on AWS.
                Path file = Files.createTempFile("hookline-bench-config", ".json");
                Files.writeString(file, config);
                env.put(EnvVars.CONFIG_FILE, file.toString());
                configFrom = "a file (moto_server not installed)";
            }

            List<Variant> variants = List.of(
                    new Variant("hello-world handler", "hello", "lambda", "none"),
                    new Variant("receiver", "receiver", "lambda", "urlconnection"),
                    new Variant("receiver phased", "receiver", "phased", "urlconnection"),
                    new Variant("receiver phased, Apache client", "receiver", "phased", "apache"),
                    new Variant("receiver, AppCDS archive", "receiver", "lambda", "urlconnection",
                            List.of("-XX:SharedArchiveFile=" + cdsArchive)),
                    new Variant("processor", "processor", "lambda", "urlconnection"),
                    new Variant("processor phased", "processor", "phased", "urlconnection"),
                    new Variant("sender", "sender", "lambda", "urlconnection"),
                    new Variant("sender phased", "sender", "phased", "urlconnection"));
            // What would cut class loading: an AppCDS archive of the classes one cold receiver loads,
            // dumped by a training run (this JVM's build; Lambda's managed runtime would need its own).
            List<String> training = new ArrayList<>(List.of(javaBin.toString(), "-XX:TieredStopAtLevel=1",
                    "-XX:ArchiveClassesAtExit=" + cdsArchive, "-cp",
                    jars.get("receiver") + File.pathSeparator + probes, FunctionProbe.class.getName(),
                    "receiver", "lambda", "urlconnection"));
            training.addAll(event("receiver", emulators, resources));
            Map<String, String> trainingEnv = new LinkedHashMap<>(env);
            trainingEnv.put("AWS_LAMBDA_FUNCTION_NAME", "hookline-receiver");
            launch(training, trainingEnv);
            Map<Variant, List<Run>> measured = new LinkedHashMap<>();
            variants.forEach(v -> measured.put(v, new ArrayList<>()));
            // One untimed run of each first: the page cache holds the jars, as it would on a warm Lambda host.
            for (int round = -1; round < runs; round++) {
                for (Variant variant : variants) {
                    List<String> command = new ArrayList<>(List.of(javaBin.toString(), "-XX:TieredStopAtLevel=1"));
                    command.addAll(variant.jvmFlags());
                    command.add("-cp");
                    if (variant.function().equals("hello")) {
                        command.add(probes + File.pathSeparator + helloClasspath);
                        command.add(HelloProbe.class.getName());
                    } else {
                        String cp = jars.get(variant.function()) + File.pathSeparator + probes;
                        if (variant.http().equals("apache")) {
                            cp += File.pathSeparator + apacheClasspath;
                        }
                        command.add(cp);
                        command.add(FunctionProbe.class.getName());
                        command.addAll(List.of(variant.function(), variant.mode(), variant.http()));
                        command.addAll(event(variant.function(), emulators, resources));
                    }
                    Map<String, String> childEnv = new LinkedHashMap<>(env);
                    childEnv.put("AWS_LAMBDA_FUNCTION_NAME", "hookline-" + variant.function());
                    Run run = launch(command, childEnv);
                    if (round >= 0) {
                        measured.get(variant).add(run);
                    }
                }
                System.out.println("cold start: round " + (round + 1) + " of " + runs + " done");
            }
            // How many classes each loads up to its first answer: the work behind the milliseconds.
            Map<String, Long> classes = new LinkedHashMap<>();
            for (Variant variant : List.of(variants.get(0), variants.get(1))) {
                Path log = Files.createTempFile("hookline-classes", ".log");
                List<String> command = new ArrayList<>(List.of(javaBin.toString(), "-XX:TieredStopAtLevel=1",
                        "-Xlog:class+load=info:file=" + log, "-cp"));
                if (variant.function().equals("hello")) {
                    command.addAll(List.of(probes + File.pathSeparator + helloClasspath, HelloProbe.class.getName()));
                } else {
                    command.addAll(List.of(jars.get("receiver") + File.pathSeparator + probes,
                            FunctionProbe.class.getName(), "receiver", "lambda", "urlconnection"));
                    command.addAll(event("receiver", emulators, resources));
                }
                Map<String, String> childEnv = new LinkedHashMap<>(env);
                childEnv.put("AWS_LAMBDA_FUNCTION_NAME", "hookline-" + variant.function());
                launch(command, childEnv);
                try (var lines = Files.lines(log)) {
                    classes.put(variant.name(), lines.count());
                }
                Files.deleteIfExists(log);
            }
            report(measured, jars, runs, configFrom);
            new Results("2 cold start (fresh JVM -XX:TieredStopAtLevel=1, median of " + runs + " runs, ms)")
                    .info("classes loaded up to the first answer: hello-world / receiver",
                            classes.get("hello-world handler") + " / " + classes.get("receiver"));
        } finally {
            endpoint.stop(0);
        }
    }

    private static List<String> event(String function, Emulators emulators, HooklineResources resources) {
        String id = UUID.randomUUID().toString();
        String body = "{\"ref\":\"refs/heads/main\",\"after\":\"" + id + "\"}";
        return switch (function) {
            case "receiver" -> List.of(id, "sha256=" + HexFormat.of().formatHex(
                    Hmac.sha256(GITHUB_SECRET, body.getBytes(StandardCharsets.UTF_8))), body);
            case "processor" -> List.of(id, new InboundMessage("github", id, "push", Instant.now(),
                    body.getBytes(StandardCharsets.UTF_8), Map.of("x-github-event", "push")).toJson());
            default -> {
                String eventKey = "github#" + id;
                DeliveryMessage message = new DeliveryMessage(DeliveryMessage.deliveryId(eventKey, "ep_bench"),
                        "ep_bench", eventKey, "msg_" + id.replace("-", ""), "push",
                        "{\"id\":\"msg\",\"type\":\"push\",\"data\":" + body + "}", Instant.now());
                new DeliveryLog(emulators.dynamoDb(), resources.deliveriesTable(), java.time.Clock.systemUTC())
                        .createPending(message);
                yield List.of(id, message.toJson());
            }
        };
    }

    private static Run launch(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        long spawnedAt = System.currentTimeMillis();
        long started = System.nanoTime();
        Process process = builder.start();
        String report = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("COLDSTART ")) {
                    report = line;
                    break;
                }
                output.add(line);
            }
        }
        long total = (System.nanoTime() - started) / 1_000_000;
        process.waitFor();
        if (report == null || !report.contains("status=20")) {
            throw new IllegalStateException("probe failed: " + String.join(" ", command.subList(command.size() - 3,
                    command.size())) + "\n" + report + "\n" + String.join("\n", output));
        }
        Map<String, Long> marks = new LinkedHashMap<>();
        for (String part : report.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(eq + 1).chars().allMatch(Character::isDigit)
                    && !part.startsWith("status")) {
                marks.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)) - spawnedAt);
            }
        }
        return new Run(total, marks);
    }

    private static void report(Map<Variant, List<Run>> measured, Map<String, Path> jars, int runs,
                               String configFrom) throws Exception {
        Results results = new Results("2 cold start (fresh JVM -XX:TieredStopAtLevel=1, median of " + runs
                + " runs, ms)");
        Map<String, Double> medians = new LinkedHashMap<>();
        for (var entry : measured.entrySet()) {
            List<Long> totals = entry.getValue().stream().map(Run::total).toList();
            medians.put(entry.getKey().name(), Stats.median(totals));
        }
        double hello = medians.get("hello-world handler");
        results.info("hello-world handler: process start → first response", ms(measured, "hello-world handler"));
        for (String function : List.of("receiver", "processor", "sender")) {
            results.info(function + ": process start → first handled event", ms(measured, function));
            List<Run> phased = measured.get(variant(measured, function + " phased"));
            results.info(function + " breakdown: JVM→main / classes+static init / SDK clients / config / handler"
                    + " / first request (total)", breakdown(phased));
        }
        double receiverRatio = medians.get("receiver") / hello;
        results.target("receiver ÷ hello-world", Results.f(receiverRatio, 2), "< 2.5", receiverRatio < 2.5);
        results.info("receiver with an AppCDS archive (what class-data sharing would save): ms / ÷ hello-world",
                ms(measured, "receiver, AppCDS archive") + " / "
                        + Results.f(medians.get("receiver, AppCDS archive") / hello, 2));
        results.info("receiver SDK HTTP client, phased total: URLConnection / Apache / AWS CRT",
                Results.f(medians.get("receiver phased"), 0) + " / "
                        + Results.f(medians.get("receiver phased, Apache client"), 0)
                        + " / skipped: software.amazon.awssdk:aws-crt-client:2.54.14 does not resolve from this"
                        + " machine's Maven mirror");
        List<Run> apache = measured.get(variant(measured, "receiver phased, Apache client"));
        List<Run> url = measured.get(variant(measured, "receiver phased"));
        results.info("receiver SDK clients + first request: URLConnection / Apache",
                Results.f(Stats.median(url.stream().map(r -> phase(r, "classes", "sdk")
                        + phase(r, "constructed", "responded")).toList()), 0) + " / "
                        + Results.f(Stats.median(apache.stream().map(r -> phase(r, "classes", "sdk")
                        + phase(r, "constructed", "responded")).toList()), 0));
        results.info("config loaded from", configFrom);
        for (String function : List.of("receiver", "processor", "sender")) {
            long bytes = Files.size(jars.get(function));
            results.info(function + " artifact (hookline-" + function + ".jar)",
                    Results.f(bytes / 1024.0 / 1024.0, 1) + " MiB");
        }
    }

    private static Variant variant(Map<Variant, List<Run>> measured, String name) {
        return measured.keySet().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    private static String ms(Map<Variant, List<Run>> measured, String name) {
        List<Long> totals = measured.get(variant(measured, name)).stream().map(Run::total).toList();
        return Results.f(Stats.median(totals), 0) + " (min " + Results.f(Stats.min(totals), 0) + ", max "
                + Results.f(Stats.max(totals), 0) + ")";
    }

    private static String breakdown(List<Run> runs) {
        List<String> parts = new ArrayList<>();
        parts.add(Results.f(Stats.median(runs.stream().map(r -> r.marks().get("main")).toList()), 0));
        String previous = "main";
        for (String mark : List.of("classes", "sdk", "config", "constructed", "responded")) {
            String from = previous;
            parts.add(Results.f(Stats.median(runs.stream().map(r -> phase(r, from, mark)).toList()), 0));
            previous = mark;
        }
        return String.join(" / ", parts) + " (" + Results.f(Stats.median(runs.stream().map(Run::total).toList()), 0)
                + ")";
    }

    private static long phase(Run run, String from, String to) {
        return run.marks().get(to) - run.marks().get(from);
    }
}
