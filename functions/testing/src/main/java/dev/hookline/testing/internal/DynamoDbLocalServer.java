package dev.hookline.testing.internal;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * DynamoDB Local 2.x in this JVM, in server mode on a loopback port (so clients talk HTTP to it,
 * exactly as to DynamoDB). Its SQLite binding needs a native library: Maven puts the
 * {@code libsqlite4java-*.so} artifact on the classpath, and we copy it under the name sqlite4java
 * looks for, so no build-plugin setup is needed in each module.
 *
 * <p>DynamoDB Local 2.6.1 has no option for the listening address (its command line knows
 * {@code -port}, {@code -dbPath}, {@code -inMemory}, {@code -sharedDb}, {@code -cors},
 * {@code -disableTelemetry}, {@code -delayTransientStatuses}, {@code -optimizeDbBeforeStartup}) and
 * builds its Jetty server with {@code new Server(port)}, which listens on every interface with no
 * authentication: anyone on the network could rewrite an endpoint's URL. So the connector is
 * pointed at 127.0.0.1 before the server starts, and a DynamoDB Local whose insides changed fails
 * to start rather than listen beyond loopback.
 */
public final class DynamoDbLocalServer implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final int port;

    private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts in memory, or persisting under {@code dataDir} when it is not null. */
    public static DynamoDbLocalServer start(int port, Path dataDir) {
        prepareNativeLibrary();
        List<String> args = new ArrayList<>(List.of("-port", String.valueOf(port), "-sharedDb", "-disableTelemetry"));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            args.addAll(List.of("-dbPath", dataDir.toAbsolutePath().toString()));
        }
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            bindToLoopback(server);
            server.start();
            FreePorts.awaitListening(port, Duration.ofSeconds(30), "DynamoDB Local");
            return new DynamoDbLocalServer(server, port);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + port, e);
        }
    }

    /** Sets every connector of the proxy's (private) Jetty server to listen on 127.0.0.1 only. */
    static void bindToLoopback(DynamoDBProxyServer proxy) {
        Server jetty;
        try {
            Field field = DynamoDBProxyServer.class.getDeclaredField("server");
            field.setAccessible(true);
            jetty = (Server) field.get(proxy);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot reach DynamoDB Local's Jetty server to bind it to 127.0.0.1 "
                    + "(did the DynamoDBLocal version change?); refusing to listen on every interface", e);
        }
        Connector[] connectors = jetty.getConnectors();
        if (connectors.length == 0) {
            throw new IllegalStateException("DynamoDB Local's Jetty server has no connector to bind to 127.0.0.1");
        }
        for (Connector connector : connectors) {
            if (!(connector instanceof ServerConnector network)) {
                throw new IllegalStateException("DynamoDB Local has a connector hookline cannot bind to 127.0.0.1: "
                        + connector);
            }
            network.setHost("127.0.0.1");
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /**
     * Where the native library may be: on the classpath (a plain {@code java -cp}), or beside the
     * sqlite4java jar in the local Maven repository (Surefire leaves non-jar artifacts off the
     * test classpath, but Maven has resolved them into the repository).
     */
    private static List<Path> candidates(String wanted) {
        List<Path> found = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                found.add(Path.of(entry));
            }
        }
        try {
            Path jar = Path.of(Class.forName("com.almworks.sqlite4java.SQLite").getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            Path version = jar.getParent();
            Path artifacts = version.getParent().getParent();
            Path nativeDir = artifacts.resolve(wanted).resolve(version.getFileName());
            if (Files.isDirectory(nativeDir)) {
                try (var files = Files.list(nativeDir)) {
                    files.forEach(found::add);
                }
            }
        } catch (Exception e) {
            // fall through to the error below, which says what to do
        }
        return found;
    }

    private static synchronized void prepareNativeLibrary() {
        if (System.getProperty("sqlite4java.library.path") != null) {
            return;
        }
        String os = System.getProperty("os.name").toLowerCase();
        String arch = System.getProperty("os.arch");
        String wanted;
        if (os.contains("linux")) {
            wanted = "libsqlite4java-linux-" + (arch.equals("amd64") || arch.equals("x86_64") ? "amd64" : "i386");
        } else if (os.contains("mac")) {
            wanted = "libsqlite4java-osx";
        } else if (os.contains("windows")) {
            wanted = "sqlite4java-win32-" + (arch.contains("64") ? "x64" : "x86");
        } else {
            throw new IllegalStateException("DynamoDB Local has no SQLite binding for " + os + "/" + arch);
        }
        for (Path candidate : candidates(wanted)) {
            String name = candidate.getFileName().toString();
            if (name.startsWith(wanted + "-") && Files.isRegularFile(candidate)) {
                String extension = name.substring(name.lastIndexOf('.'));
                try {
                    Path dir = Files.createTempDirectory("hookline-sqlite4java");
                    Path library = dir.resolve(wanted + extension);
                    Files.copy(candidate, library, StandardCopyOption.REPLACE_EXISTING);
                    library.toFile().deleteOnExit();
                    dir.toFile().deleteOnExit();
                    System.setProperty("sqlite4java.library.path", dir.toString());
                    return;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot unpack sqlite4java's native library", e);
                }
            }
        }
        throw new IllegalStateException("sqlite4java's native library " + wanted
                + " is not on the classpath; depend on hookline-testing (or DynamoDBLocal) with its runtime deps");
    }
}
