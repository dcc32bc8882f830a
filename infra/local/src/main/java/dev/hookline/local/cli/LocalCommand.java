package dev.hookline.local.cli;

import dev.hookline.core.config.ConfigException;
import dev.hookline.local.Functions;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalRuntime;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code hookline local}: starts the local runtime and keeps it up until Ctrl-C. */
final class LocalCommand {
    /** Returned when the runtime ran until the JVM was asked to stop: main must not call System.exit. */
    static final int KEEP_RUNNING = -1;
    static final Set<String> OPTIONS = Set.of("config", "port", "data-dir", "dynamodb-port", "sqs-port",
            "visibility-timeout");
    static final String HELP = """
            Usage: hookline local [--config FILE] [--port N] [--data-dir DIR] [--dynamodb-port N] [--sqs-port N]
                                  [--visibility-timeout SECONDS]

            Runs the whole system in this process: DynamoDB Local and ElasticMQ, the receiver behind
            http://127.0.0.1:<port>/webhooks/{source}, the processor and sender polling their queues, the
            test receivers at /_sink/{name} and GET /_health. Everything listens on 127.0.0.1 only. Ctrl-C stops it.

            Options:
              --config FILE       sources, secrets, signing key and seed endpoints (default infra/local/hookline.json)
              --port N            HTTP port on 127.0.0.1 (default 3000)
              --data-dir DIR      tables, queues, runtime.json and sam-env.json (default .hookline/data); tables and
                                  queued messages survive a restart, even a kill -9
              --dynamodb-port N   DynamoDB Local's port (default: a free one, printed at start)
              --sqs-port N        ElasticMQ's port (default: a free one, printed at start)
              --visibility-timeout SECONDS
                                  visibility timeout of the inbound and deliveries queues (default: the
                                  template's, 180 and 360 s); after a kill -9, a batch a function was handling
                                  comes back after this long, as on SQS
            """;

    private LocalCommand() {
    }

    static int run(Args args, PrintStream out) {
        if (args.help()) {
            out.print(HELP);
            return 0;
        }
        args.expect();
        LocalOptions options = LocalOptions.defaults(Functions.hookline())
                .withConfigFile(Path.of(args.option("config", LocalOptions.DEFAULT_CONFIG.toString())))
                .withPort(args.intOption("port", LocalOptions.DEFAULT_PORT, 1, 65535))
                .withDataDir(Path.of(args.option("data-dir", LocalOptions.DEFAULT_DATA_DIR.toString())))
                .withEmulatorPorts(args.intOption("dynamodb-port", 0, 1, 65535), args.intOption("sqs-port", 0, 1, 65535));
        if (args.option("visibility-timeout") != null) {
            // SQS's range for a queue's VisibilityTimeout: 0 to 43200 seconds (12 hours).
            options = options.withVisibilityTimeout(java.time.Duration.ofSeconds(
                    args.intOption("visibility-timeout", 0, 0, 43_200)));
        }
        LocalRuntime runtime;
        try {
            runtime = LocalRuntime.start(options);
        } catch (ConfigException | IllegalArgumentException | IllegalStateException e) {
            throw new CommandException(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("hookline local: stopping (HTTP server, pollers, emulators)...");
            runtime.close();
            System.out.println("hookline local: stopped");
            stopped.countDown();
        }, "hookline-local-shutdown"));
        out.print(LocalBanner.text(runtime, options));
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return KEEP_RUNNING;
    }
}
