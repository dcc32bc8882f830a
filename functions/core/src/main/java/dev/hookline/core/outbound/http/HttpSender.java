package dev.hookline.core.outbound.http;

import java.net.URI;
import java.util.Map;

/** Sends one webhook POST. Never throws for anything the endpoint or network does: it is in the result. */
public interface HttpSender {
    HttpResult post(URI url, Map<String, String> headers, byte[] body);
}
