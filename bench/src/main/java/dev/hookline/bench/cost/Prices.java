package dev.hookline.bench.cost;

/** Public on-demand prices, us-east-1, as used by {@link CostModel}; each with where it is published. */
public final class Prices {
    public static final double LAMBDA_ARM_GB_SECOND = 0.0000133334;
    public static final double LAMBDA_PER_MILLION_REQUESTS = 0.20;
    public static final String LAMBDA_URL = "https://aws.amazon.com/lambda/pricing/";
    public static final double HTTP_API_PER_MILLION = 1.00;
    public static final String HTTP_API_URL = "https://aws.amazon.com/api-gateway/pricing/";
    public static final double SQS_PER_MILLION = 0.40;
    public static final String SQS_URL = "https://aws.amazon.com/sqs/pricing/";
    public static final double DYNAMODB_PER_MILLION_WRU = 0.625;
    public static final double DYNAMODB_PER_MILLION_RRU = 0.125;
    /** Standard table class, per GB-month stored (each item counts 100 bytes of overhead). */
    public static final double DYNAMODB_PER_GB_MONTH = 0.25;
    public static final String DYNAMODB_URL = "https://aws.amazon.com/dynamodb/pricing/on-demand/";
    /** S3 Standard: PUT per 1,000 requests, storage per GB-month. */
    public static final double S3_PER_1K_PUT = 0.005;
    public static final double S3_STANDARD_PER_GB_MONTH = 0.023;
    public static final String S3_URL = "https://aws.amazon.com/s3/pricing/";
    public static final double SECRETS_PER_10K_CALLS = 0.05;
    public static final String SECRETS_URL = "https://aws.amazon.com/secrets-manager/pricing/";
    public static final double LOGS_PER_GB = 0.50;
    public static final String LOGS_URL = "https://aws.amazon.com/cloudwatch/pricing/";

    /** START + END + REPORT lines Lambda writes per invocation in Text format (estimated from their format). */
    public static final int PLATFORM_LOG_BYTES_PER_INVOCATION = 260;
    /** One API Gateway access-log line per request with the template's JSON format (estimated). */
    public static final int ACCESS_LOG_BYTES_PER_REQUEST = 350;

    private Prices() {
    }
}
