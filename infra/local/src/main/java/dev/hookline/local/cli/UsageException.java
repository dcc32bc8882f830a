package dev.hookline.local.cli;

/** The command line is wrong: the CLI prints the message and the command's usage, and exits 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
