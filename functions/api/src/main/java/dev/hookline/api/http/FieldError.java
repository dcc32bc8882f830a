package dev.hookline.api.http;

/** One invalid field of a request: its JSON name (or query parameter) and what is wrong with it. */
public record FieldError(String field, String message) {
}
