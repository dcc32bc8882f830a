package dev.hookline.bench.coldstart;

import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

/**
 * The SDK's Apache HTTP client, in a class of its own: only the {@code apache} probe runs load it,
 * so the others never need its jars on their classpath.
 */
final class ApacheHttp {
    private ApacheHttp() {
    }

    static SdkHttpClient client(Duration connect, Duration socket) {
        return ApacheHttpClient.builder().connectionTimeout(connect).socketTimeout(socket).build();
    }
}
