package dev.hookline.local.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.testing.Emulators;
import dev.hookline.testing.lambda.ContainerCredentialsServer;
import dev.hookline.testing.lambda.CredentialsMode;
import dev.hookline.testing.lambda.LambdaProcess;

/** Proof of which credentials a function used. */
final class Credentials {
    private Credentials() {
    }

    /**
     * SnapStart: the function fetched its credentials from the container endpoint with the right
     * token (and never a wrong one). On demand there is no such endpoint: the key variables were all it had.
     */
    static void assertUsed(LambdaProcess function, Emulators emulators, String name, CredentialsMode mode) {
        if (mode == CredentialsMode.SNAP_START) {
            ContainerCredentialsServer server = function.credentialsServer().orElseThrow();
            assertTrue(server.served() >= 1, "the SnapStart function fetched container credentials");
            assertEquals(0, server.refused(), "no request without the authorization token");
        } else {
            assertTrue(function.credentialsServer().isEmpty());
        }
    }
}
