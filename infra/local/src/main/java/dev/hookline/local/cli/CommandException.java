package dev.hookline.local.cli;

/** A well-formed command that could not be carried out (no runtime, unknown endpoint...): exit 1. */
public final class CommandException extends RuntimeException {
    public CommandException(String message) {
        super(message);
    }

    public CommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
