package dev.hookline.core.outbound.ssrf;

import java.io.IOException;

/** The SSRF guard refused a URL; no connection was opened. The message names the rule, never a secret. */
public final class BlockedDestinationException extends IOException {
    public BlockedDestinationException(String message) {
        super(message);
    }
}
