package dev.hookline.testing.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Appends each distinct (function, IAM action, logical resource) a test JVM's function calls
 * used to {@code <repo root>/target/iam-usage/<module>-<pid>.tsv}, one tab-separated line each, so
 * infra/sam's IamUsageTest can check at the end of the build that every grant was used.
 */
public final class UsageLog {
    /** Where the files go, relative to the repository root. */
    public static final String DIRECTORY = "target/iam-usage";

    private final Path file;
    private final Set<String> written = new HashSet<>();

    public UsageLog(Path file) {
        this.file = file;
    }

    /** The log of this JVM, for a module run in {@code moduleDir} of the repository at {@code repoRoot}. */
    public static UsageLog forModule(Path repoRoot, Path moduleDir) {
        String module = repoRoot.toAbsolutePath().normalize().relativize(moduleDir.toAbsolutePath().normalize())
                .toString().replace('/', '_').replace('\\', '_');
        if (module.isEmpty()) {
            module = "root";
        }
        return new UsageLog(repoRoot.resolve(DIRECTORY).resolve(module + "-" + ProcessHandle.current().pid() + ".tsv"));
    }

    public Path file() {
        return file;
    }

    public synchronized void used(String function, String iamAction, String logicalResource) {
        String line = function + "\t" + iamAction + "\t" + logicalResource;
        if (!written.add(line)) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }
}
