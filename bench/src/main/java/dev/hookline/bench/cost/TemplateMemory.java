package dev.hookline.bench.cost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each function's MemorySize as template.yaml sets it (the resource whose Handler names the
 * function's class, else Globals.Function, else Lambda's default of 128 MB). Read, never copied, so
 * the cost model follows the template.
 */
public final class TemplateMemory {
    private static final Pattern RESOURCE = Pattern.compile("^  ([A-Za-z0-9]+):\\s*$");
    private static final Pattern MEMORY = Pattern.compile("^\\s+MemorySize:\\s*(\\d+)\\s*$");
    private static final Pattern HANDLER = Pattern.compile("^\\s+Handler:\\s*dev\\.hookline\\.(\\w+)\\.");

    private TemplateMemory() {
    }

    public static Map<String, Integer> read(Path template) {
        try {
            return parse(Files.readAllLines(template));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Integer> parse(List<String> lines) {
        Map<String, Integer> memory = new HashMap<>();
        Integer global = null;
        String section = null;
        String function = null;
        Integer resourceMemory = null;
        for (String line : lines) {
            if (!line.startsWith(" ") && line.endsWith(":")) {
                section = line.substring(0, line.length() - 1).trim();
            }
            Matcher resource = RESOURCE.matcher(line);
            if (resource.matches() || (!line.startsWith(" ") && !line.isBlank())) {
                if (function != null && resourceMemory != null) {
                    memory.put(function, resourceMemory);
                }
                function = null;
                resourceMemory = null;
            }
            Matcher m = MEMORY.matcher(line);
            if (m.matches()) {
                if ("Globals".equals(section)) {
                    global = Integer.valueOf(m.group(1));
                } else {
                    resourceMemory = Integer.valueOf(m.group(1));
                }
            }
            Matcher h = HANDLER.matcher(line);
            if (h.find() && "Resources".equals(section)) {
                function = h.group(1);
            }
        }
        if (function != null && resourceMemory != null) {
            memory.put(function, resourceMemory);
        }
        for (String fn : List.of("receiver", "processor", "sender")) {
            memory.putIfAbsent(fn, global != null ? global : 128);
        }
        return memory;
    }
}
