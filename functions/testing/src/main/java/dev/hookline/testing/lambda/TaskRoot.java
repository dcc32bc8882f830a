package dev.hookline.testing.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Lambda extracts a .zip or .jar deployment package into {@code /var/task} and the Java runtime
 * loads the function from that directory (and its {@code lib/*.jar}), its working directory
 * (https://docs.aws.amazon.com/lambda/latest/dg/java-package.html). This does the same into a
 * temporary directory, once per artifact version (size and modification time), so both credential
 * modes and every test in a JVM share one extraction.
 */
final class TaskRoot {
    private TaskRoot() {
    }

    static synchronized Path of(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no deployment artifact at " + jar.toAbsolutePath()
                    + ": build it first (mvn -DskipTests package)");
        }
        try {
            Path base = Path.of(System.getProperty("java.io.tmpdir"), "hookline-lambda-task");
            String stem = jar.getFileName().toString().replace(".jar", "");
            Path root = base.resolve(stem + "-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis());
            if (Files.isRegularFile(root.resolve(".extracted"))) {
                return root;
            }
            Files.createDirectories(base);
            removeOlder(base, stem, root);
            Path partial = Files.createTempDirectory(base, stem + ".partial");
            extract(jar, partial);
            Files.createFile(partial.resolve(".extracted"));
            try {
                Files.move(partial, root, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // Another JVM extracted the same version first: use its copy.
                delete(partial);
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + jar, e);
        }
    }

    private static void extract(Path jar, Path into) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Earlier extractions of the same artifact: a rebuild would otherwise leave one per build behind. */
    private static void removeOlder(Path base, String stem, Path keep) throws IOException {
        try (Stream<Path> siblings = Files.list(base)) {
            for (Path sibling : siblings.toList()) {
                String name = sibling.getFileName().toString();
                if (!sibling.equals(keep) && name.startsWith(stem + "-") && !name.contains(".partial")) {
                    delete(sibling);
                }
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // Best effort: a directory in use by a running function stays until the next run.
        }
    }
}
