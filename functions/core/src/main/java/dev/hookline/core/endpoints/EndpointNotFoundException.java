package dev.hookline.core.endpoints;

/** No endpoint has this id. */
public class EndpointNotFoundException extends RuntimeException {
    public EndpointNotFoundException(String id) {
        super("endpoint '" + id + "' does not exist");
    }
}
