package dev.hookline.local.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.testing.AwsCall;
import dev.hookline.testing.lambda.ContainerCredentialsServer;
import dev.hookline.testing.lambda.CredentialsMode;
import dev.hookline.testing.lambda.LambdaProcess;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Proof of which credentials a function's AWS calls really used. */
final class Credentials {
    private Credentials() {
    }

    /**
     * Every call the function made (as the harness's AWS proxy recorded it, from the SigV4
     * {@code Credential=} key id) was signed with the mode's key id, {@code <function>.<mode>}, and
     * it reached each of the given services. SnapStart: the key came from the container endpoint,
     * asked with the right token; on demand there is no such endpoint, only the key variables.
     */
    static void assertUsed(LambdaProcess function, List<AwsCall> calls, CredentialsMode mode, String... services) {
        String name = function.function().name();
        List<AwsCall> own = calls.stream().filter(c -> name.equals(c.function())).toList();
        assertFalse(own.isEmpty(), name + " made AWS calls");
        Set<String> keyIds = new TreeSet<>();
        Set<String> reached = new TreeSet<>();
        own.forEach(c -> {
            keyIds.add(c.keyId());
            reached.add(c.service());
        });
        assertEquals(Set.of(mode.keyId(name)), keyIds, "key ids of " + name + "'s calls: " + own);
        assertTrue(reached.containsAll(List.of(services)), name + " reached " + reached);
        if (mode == CredentialsMode.SNAP_START) {
            // The client took the SnapStart path: CRaC hooks around a restore the Runtime API answered.
            assertTrue(function.runtimeApi().requests().contains("GET /2018-06-01/runtime/restore/next"),
                    function.runtimeApi().requests().toString());
            ContainerCredentialsServer server = function.credentialsServer().orElseThrow();
            assertTrue(server.served() >= 1, "the SnapStart function fetched container credentials");
            assertEquals(0, server.refused(), "no request without the authorization token");
        } else {
            assertTrue(function.credentialsServer().isEmpty());
        }
    }
}
