package dev.hookline.testing.lambda;

/**
 * How Lambda hands a function its role's credentials. The access key id the harness gives out
 * names the function and the mode ({@code receiver.ondemand}, {@code receiver.snapstart}), so the
 * calls recorded at the AWS side show which credentials a call really used.
 */
public enum CredentialsMode {
    /** {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN} in the environment. */
    ON_DEMAND("ondemand"),
    /**
     * No key variables: {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}
     * instead, and {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}
     * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials).
     */
    SNAP_START("snapstart");

    private final String tag;

    CredentialsMode(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    /** The access key id a function gets in this mode: {@code <function>.<tag>}. */
    public String keyId(String function) {
        return function + "." + tag;
    }
}
