package dev.hookline.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hookline invoke}'s answers to command lines it cannot run, before any JVM is started. */
class InvokeCommandTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static void assertUsage(CliRun r, String message) {
        r.assertUsage(message, "Usage: hookline invoke");
    }

    @Test
    void printsItsHelp() {
        CliRun help = run("invoke", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().startsWith("Usage: hookline invoke <receiver|processor|sender|api> --event FILE"), help.out());
        assertTrue(run("--help").out().contains("invoke <function> --event FILE"));
    }

    @Test
    void refusesAnUnknownFunctionAMissingOrNonJsonEvent() throws Exception {
        Path event = Files.writeString(dir.resolve("event.json"), "{\"Records\":[]}");
        assertUsage(run("invoke", "mailer", "--event", event.toString()), "unknown function 'mailer'");
        assertUsage(run("invoke", "processor"), "missing --event FILE");
        assertUsage(run("invoke", "--event", event.toString()), "missing <function>");
        assertUsage(run("invoke", "processor", "--event", dir.resolve("absent.json").toString()),
                "cannot read event file");
        Path notJson = Files.writeString(dir.resolve("not.json"), "Records: []");
        assertUsage(run("invoke", "processor", "--event", notJson.toString()), "is not JSON");
    }

    @Test
    void failsWithoutARunningLocalRuntime() throws Exception {
        Path event = Files.writeString(dir.resolve("event.json"), "{\"Records\":[]}");
        CliRun r = run("invoke", "processor", "--event", event.toString(), "--data-dir", dir.resolve("data").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("no local runtime is running"), r.err());
    }
}
