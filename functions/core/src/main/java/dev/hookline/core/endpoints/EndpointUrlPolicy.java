package dev.hookline.core.endpoints;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks an endpoint URL when it is registered: absolute, https (http only where allowed, as in
 * local runs), a host, no credentials in it. Where the host resolves is checked again on every
 * request by the sender's SSRF guard; this is the early, friendly error.
 */
public final class EndpointUrlPolicy {
    private static final int MAX_LENGTH = 2048;
    private final boolean allowHttp;

    public EndpointUrlPolicy(boolean allowHttp) {
        this.allowHttp = allowHttp;
    }

    public URI validate(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("endpoint url is missing");
        }
        if (url.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("endpoint url is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint url is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new IllegalArgumentException("endpoint url must use https" + (allowHttp ? " or http" : "")
                    + ", not '" + (scheme.isEmpty() ? "(none)" : scheme) + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("endpoint url has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("endpoint url must not carry credentials (user:password@)");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("endpoint url must not have a #fragment");
        }
        return uri;
    }
}
