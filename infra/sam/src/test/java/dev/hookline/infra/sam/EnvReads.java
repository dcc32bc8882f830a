package dev.hookline.infra.sam;

import dev.hookline.core.config.EnvVars;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which environment variables a function's code reads, found in its sources rather than listed by
 * hand: every {@code EnvVars.NAME} it mentions, plus the variables read inside the core methods it
 * calls ({@code settings.dedupeWindow()}, {@code ConfigSources.fromEnvironment(..)}, ...).
 *
 * <p>Core's readers are found the same way: a core method reads a variable when its body passes
 * {@code EnvVars.NAME} to a reading call ({@code required}, {@code optional}, {@code number},
 * {@code flag}, {@code list}, {@code uri}, {@code get}), directly or through another method of
 * its class or a Settings accessor. A function's call into core is recognised as a zero-argument
 * Settings accessor ({@code .dedupeWindow()}) or a static call ({@code ConfigSources.fromEnvironment(}).
 * That is a source scan, not a compiler: an instance method of another core class that reads the
 * environment itself would be missed, which core's style (constructors take their dependencies,
 * Settings does the reading) keeps from happening.
 */
final class EnvReads {
    private static final Pattern ENV_REF = Pattern.compile("\\bEnvVars\\.([A-Z][A-Z0-9_]*)\\b");
    private static final Pattern READ_CALL = Pattern.compile(
            "\\b(?:required|optional|number|flag|list|uri|get)\\(\\s*(?:\\w+\\s*,\\s*)?EnvVars\\.([A-Z][A-Z0-9_]*)\\b");
    private static final Pattern METHOD = Pattern.compile(
            "(?m)^[ \\t]*((?:(?:public|protected|private|static|final|synchronized|default)\\s+)*)"
                    + "(?:<[^>]*>\\s*)?[\\w.<>\\[\\], ?]+?\\s+(\\w+)\\s*\\(([^)]*)\\)\\s*(?:throws\\s+[\\w., ]+)?\\{");
    private static final Set<String> KEYWORDS = Set.of("if", "for", "while", "switch", "catch", "synchronized",
            "return", "new", "else", "try", "do");
    private static final Pattern STATIC_IMPORT_ALL = Pattern.compile("import\\s+static\\s+dev\\.hookline\\.core\\.config\\.EnvVars\\.\\*;");

    /** Constant name (as written after {@code EnvVars.}) → variable name. */
    private final Map<String, String> constants;
    /** "Class.method" → variables it reads (closed over its calls). */
    private final Map<String, Set<String>> coreReaders;
    private final Map<String, CoreMethod> coreMethods;

    private record CoreMethod(String className, String name, boolean isStatic, boolean isPublic, boolean noArgs,
                              String body) {
        String key() {
            return className + "." + name;
        }
    }

    EnvReads(Path coreSources) {
        this.constants = envVarConstants();
        this.coreMethods = new LinkedHashMap<>();
        for (Path file : javaFiles(coreSources)) {
            String className = file.getFileName().toString().replace(".java", "");
            for (CoreMethod m : methods(className, stripComments(read(file)))) {
                coreMethods.putIfAbsent(m.key(), m);
            }
        }
        this.coreReaders = closeOverCalls();
    }

    /** Every variable name EnvVars defines. */
    Set<String> knownNames() {
        return new TreeSet<>(constants.values());
    }

    /** The core entry points a function may call and what each reads, for messages. */
    Map<String, Set<String>> coreReaders() {
        return coreReaders;
    }

    /** Variables the function module's main sources read; unknown {@code EnvVars.X} names are errors. */
    Set<String> readBy(Path moduleSources) {
        Set<String> reads = new TreeSet<>();
        List<String> unknown = new ArrayList<>();
        for (Path file : javaFiles(moduleSources)) {
            String text = stripComments(read(file));
            Matcher ref = ENV_REF.matcher(text);
            while (ref.find()) {
                String name = constants.get(ref.group(1));
                if (name == null) {
                    unknown.add(file.getFileName() + ": EnvVars." + ref.group(1));
                } else {
                    reads.add(name);
                }
            }
            if (STATIC_IMPORT_ALL.matcher(text).find()) {
                constants.forEach((constant, name) -> {
                    if (Pattern.compile("(?<![\\w.])" + constant + "\\b").matcher(text).find()) {
                        reads.add(name);
                    }
                });
            }
            coreReaders.forEach((key, vars) -> {
                CoreMethod m = coreMethods.get(key);
                if (!m.isPublic() || vars.isEmpty()) {
                    return;
                }
                boolean calls = m.isStatic()
                        ? Pattern.compile("\\b" + m.className() + "\\." + m.name() + "\\(").matcher(text).find()
                        : m.className().equals("Settings") && m.noArgs()
                        && Pattern.compile("\\." + m.name() + "\\(\\s*\\)").matcher(text).find();
                if (calls) {
                    reads.addAll(vars);
                }
            });
        }
        if (!unknown.isEmpty()) {
            throw new AssertionError(moduleSources + " refers to constants EnvVars does not define: " + unknown);
        }
        return reads;
    }

    private Map<String, Set<String>> closeOverCalls() {
        Map<String, Set<String>> reads = new LinkedHashMap<>();
        for (CoreMethod m : coreMethods.values()) {
            Set<String> direct = new TreeSet<>();
            Matcher call = READ_CALL.matcher(m.body());
            while (call.find()) {
                String name = constants.get(call.group(1));
                if (name != null) {
                    direct.add(name);
                }
            }
            reads.put(m.key(), direct);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (CoreMethod m : coreMethods.values()) {
                Set<String> mine = reads.get(m.key());
                for (CoreMethod callee : coreMethods.values()) {
                    if (callee == m || !calls(m, callee)) {
                        continue;
                    }
                    if (mine.addAll(reads.get(callee.key()))) {
                        changed = true;
                    }
                }
            }
        }
        return reads;
    }

    /** Same-class unqualified call, static Class.method( call, or a Settings zero-arg accessor on any receiver. */
    private static boolean calls(CoreMethod caller, CoreMethod callee) {
        String body = caller.body();
        if (callee.className().equals(caller.className())
                && Pattern.compile("(?<![.\\w])" + callee.name() + "\\(").matcher(body).find()) {
            return true;
        }
        if (callee.isStatic()
                && Pattern.compile("\\b" + callee.className() + "\\." + callee.name() + "\\(").matcher(body).find()) {
            return true;
        }
        return callee.className().equals("Settings") && callee.noArgs() && !callee.isStatic()
                && Pattern.compile("\\." + callee.name() + "\\(\\s*\\)").matcher(body).find();
    }

    private static List<CoreMethod> methods(String className, String text) {
        List<CoreMethod> methods = new ArrayList<>();
        Matcher m = METHOD.matcher(text);
        int from = 0;
        while (m.find(from)) {
            String name = m.group(2);
            int open = m.end() - 1;
            int close = matchingBrace(text, open);
            if (KEYWORDS.contains(name)) {
                from = m.end();
                continue;
            }
            String modifiers = m.group(1);
            methods.add(new CoreMethod(className, name, modifiers.contains("static"), modifiers.contains("public"),
                    m.group(3).isBlank(), text.substring(open, close + 1)));
            // Continue inside the body too: nested classes and records have methods of their own.
            from = m.end();
        }
        return methods;
    }

    private static int matchingBrace(String text, int open) {
        int depth = 0;
        boolean inString = false;
        boolean inChar = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString || inChar) {
                if (c == '\\') {
                    i++;
                } else if (inString && c == '"' || inChar && c == '\'') {
                    inString = false;
                    inChar = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '\'') {
                inChar = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return text.length() - 1;
    }

    private static String stripComments(String text) {
        return text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)^\\s*//.*$", "");
    }

    private static Map<String, String> envVarConstants() {
        Map<String, String> constants = new LinkedHashMap<>();
        for (Field field : EnvVars.class.getDeclaredFields()) {
            int mod = field.getModifiers();
            if (Modifier.isStatic(mod) && Modifier.isPublic(mod) && field.getType() == String.class) {
                try {
                    constants.put(field.getName(), (String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return constants;
    }

    static boolean exists(Path sources) {
        return Files.isDirectory(sources);
    }

    private static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
