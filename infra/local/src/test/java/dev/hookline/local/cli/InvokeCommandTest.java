package dev.hookline.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hookline invoke}'s answers to command lines it cannot run, before any JVM is started. */
class InvokeCommandTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = HooklineCli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new Settings(Map.of()));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertUsage(Result r, String message) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertTrue(r.err().contains("Usage: hookline invoke"), "the usage follows the error: " + r.err());
    }

    @Test
    void printsItsHelp() {
        Result help = run("invoke", "--help");
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
        Result r = run("invoke", "processor", "--event", event.toString(), "--data-dir", dir.resolve("data").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("no local runtime is running"), r.err());
    }
}
