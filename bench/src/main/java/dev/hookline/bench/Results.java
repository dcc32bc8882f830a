package dev.hookline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Appends the figures of one benchmark to the run's results file (tab-separated:
 * section, figure, value, target, verdict); {@code bench/run} turns them into the one table.
 * The file is {@code -Dbench.results}, by default {@code bench/target/results.tsv}.
 */
public final class Results {
    public static final String MET = "met";
    public static final String MISSED = "MISSED";
    public static final String INFO = "";

    /** Where figures are echoed: stdout as it was when this class loaded (the e2e run swaps stdout for a meter). */
    private static volatile java.io.PrintStream console = System.out;

    private final Path file;
    private final String section;

    public Results(String section) {
        this.file = Path.of(System.getProperty("bench.results", "bench/target/results.tsv"));
        this.section = section;
    }

    /** A figure with a target: the verdict says whether it was met. */
    public void target(String figure, String value, String target, boolean met) {
        write(figure, value, target, met ? MET : MISSED);
    }

    /** A figure without a target (context for the others). */
    public void info(String figure, String value) {
        write(figure, value, "", INFO);
    }

    private synchronized void write(String figure, String value, String target, String verdict) {
        String line = String.join("\t", section, clean(figure), clean(value), clean(target), verdict) + "\n";
        console.print("RESULT " + line.replace('\t', '|'));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace("|", "/");
    }

    /** Echo figures here from now on (call before replacing System.out). */
    public static void console(java.io.PrintStream out) {
        console = out;
    }

    public static String f(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
