package dev.hookline.local.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: positionals, {@code --name value} (or {@code --name=value}) options and
 * flags. Anything not declared is a {@link UsageException}, so a typo never passes silently.
 */
public final class Args {
    private final List<String> positionals = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private Args() {
    }

    /**
     * @param valued option names (without {@code --}) that take a value
     * @param switches option names that take none ({@code help} is always known)
     */
    public static Args parse(List<String> args, Set<String> valued, Set<String> switches) {
        Args parsed = new Args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                parsed.flags.add("help");
            } else if (arg.equals("--")) {
                parsed.positionals.addAll(args.subList(i + 1, args.size()));
                break;
            } else if (arg.startsWith("--")) {
                String name = arg.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException("--" + name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    parsed.options.put(name, value);
                } else if (switches.contains(name) && value == null) {
                    parsed.flags.add(name);
                } else {
                    throw new UsageException("unknown option --" + name);
                }
            } else if (arg.startsWith("-") && arg.length() > 1) {
                throw new UsageException("unknown option " + arg);
            } else {
                parsed.positionals.add(arg);
            }
        }
        return parsed;
    }

    public boolean help() {
        return flags.contains("help");
    }

    /**
     * For commands with subcommands: prints the help and returns true when it was asked for;
     * with no subcommand at all, prints it and fails as a usage error (exit code 2).
     */
    boolean helpOrMissingCommand(String help, java.io.PrintStream out) {
        if (help() || positionals().isEmpty()) {
            out.print(help);
            if (!help()) {
                throw new UsageException("missing <command>");
            }
            return true;
        }
        return false;
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public String option(String name) {
        return options.get(name);
    }

    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    public int intOption(String name, int fallback, int min, int max) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number from " + min + " to " + max);
        }
    }

    public List<String> positionals() {
        return positionals;
    }

    /** Exactly these positionals, named for the error message. */
    public List<String> expect(String... names) {
        if (positionals.size() < names.length) {
            throw new UsageException("missing <" + names[positionals.size()] + ">");
        }
        if (positionals.size() > names.length) {
            throw new UsageException("unexpected argument '" + positionals.get(names.length) + "'");
        }
        return positionals;
    }
}
