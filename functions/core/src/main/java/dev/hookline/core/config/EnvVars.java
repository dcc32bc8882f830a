package dev.hookline.core.config;

/**
 * Every environment variable a hookline function reads. template.yaml sets them; a test checks
 * that it sets each one a function reads, so keep this list the single place they are named.
 */
public final class EnvVars {
    public static final String EVENTS_TABLE = "EVENTS_TABLE";
    public static final String ENDPOINTS_TABLE = "ENDPOINTS_TABLE";
    public static final String DELIVERIES_TABLE = "DELIVERIES_TABLE";
    public static final String INBOUND_QUEUE_URL = "INBOUND_QUEUE_URL";
    public static final String DELIVERIES_QUEUE_URL = "DELIVERIES_QUEUE_URL";
    public static final String DELIVERIES_DLQ_URL = "DELIVERIES_DLQ_URL";
    /** The api function's DLQ routes: inbound-dlq, redriven back to {@link #INBOUND_QUEUE_URL}. */
    public static final String INBOUND_DLQ_URL = "INBOUND_DLQ_URL";
    /** The api function's tables: API keys (hashes only) and tenants. */
    public static final String KEYS_TABLE = "KEYS_TABLE";
    public static final String TENANTS_TABLE = "TENANTS_TABLE";
    /**
     * Secrets Manager id of the deploy-time admin key's random part: the api function accepts
     * {@code hk_<value>} as an admin key (and stores its hash) the first time it is presented.
     */
    public static final String ADMIN_KEY_SECRET_ID = "ADMIN_KEY_SECRET_ID";

    /** Secrets Manager id (name or ARN) of the configuration document; on AWS. */
    public static final String CONFIG_SECRET_ID = "HOOKLINE_CONFIG_SECRET_ID";
    /** Path of the configuration file; locally. Ignored when the secret id is set. */
    public static final String CONFIG_FILE = "HOOKLINE_CONFIG_FILE";
    public static final String CONFIG_REFRESH_SECONDS = "HOOKLINE_CONFIG_REFRESH_SECONDS";

    public static final String DEDUPE_WINDOW_HOURS = "DEDUPE_WINDOW_HOURS";
    public static final String CLAIM_LEASE_SECONDS = "CLAIM_LEASE_SECONDS";
    public static final String MAX_BODY_BYTES = "MAX_BODY_BYTES";
    public static final String MAX_ATTEMPTS = "MAX_ATTEMPTS";
    public static final String BACKOFF_SCHEDULE = "BACKOFF_SCHEDULE";
    public static final String ALLOW_HTTP_ENDPOINTS = "ALLOW_HTTP_ENDPOINTS";
    public static final String ALLOWED_PRIVATE_NETWORKS = "ALLOWED_PRIVATE_NETWORKS";
    public static final String DEBUG = "HOOKLINE_DEBUG";

    /**
     * Secrets Manager id of the generated outbound signing key (raw key material). On AWS the
     * template generates it; when unset, the config document's {@code signingKey} is used.
     */
    public static final String SIGNING_KEY_SECRET_ID = "SIGNING_KEY_SECRET_ID";
    /** How long the previous endpoint secret keeps signing after a rotation (default 24). */
    public static final String SECRET_GRACE_HOURS = "SECRET_GRACE_HOURS";
    /** Consecutive failures that open an endpoint's circuit. */
    public static final String CIRCUIT_FAILURE_THRESHOLD = "CIRCUIT_FAILURE_THRESHOLD";
    /** How long an open circuit waits before letting a probe through. */
    public static final String CIRCUIT_OPEN_SECONDS = "CIRCUIT_OPEN_SECONDS";
    /** An endpoint failing for this long is disabled (default 120 = 5 days). */
    public static final String DISABLE_AFTER_HOURS = "DISABLE_AFTER_HOURS";
    /** Deliveries of one batch sent at once. */
    public static final String SENDER_CONCURRENCY = "SENDER_CONCURRENCY";
    /** Seconds the processor and sender cache endpoint records. */
    public static final String ENDPOINT_CACHE_SECONDS = "ENDPOINT_CACHE_SECONDS";

    /** Endpoint overrides, named as the AWS SDKs name them, for emulators, LocalStack or moto. */
    public static final String ENDPOINT_URL = "AWS_ENDPOINT_URL";
    public static final String ENDPOINT_URL_DYNAMODB = "AWS_ENDPOINT_URL_DYNAMODB";
    public static final String ENDPOINT_URL_SQS = "AWS_ENDPOINT_URL_SQS";
    public static final String ENDPOINT_URL_SECRETS_MANAGER = "AWS_ENDPOINT_URL_SECRETS_MANAGER";
    /**
     * Read by the AWS SDK, not by hookline: template.yaml sets it to {@code true} so the SDK ignores
     * the endpoint variables above, which the template declares empty for {@code sam local invoke}.
     */
    public static final String IGNORE_CONFIGURED_ENDPOINT_URLS = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    private EnvVars() {
    }
}
