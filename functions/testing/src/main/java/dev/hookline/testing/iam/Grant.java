package dev.hookline.testing.iam;

/**
 * One action on one resource that a function's role allows (or denies), as template.yaml writes it.
 *
 * @param function the function name ({@code receiver}, {@code processor}, {@code sender})
 * @param sid      the statement's Sid, or {@code #<n>} (its position) when it has none
 * @param action   the IAM action as written, e.g. {@code sqs:SendMessage} (may hold {@code *})
 * @param resource the logical id of the template resource, or {@code *} for any
 * @param subPath  what follows the resource's ARN ({@code index/*}), or null for the resource itself
 * @param allow    false for a Deny statement
 */
public record Grant(String function, String sid, String action, String resource, String subPath, boolean allow) {

    /** The service prefix of the action: {@code sqs} for {@code sqs:SendMessage}. */
    public String service() {
        int colon = action.indexOf(':');
        return colon < 0 ? "" : action.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
    }

    /** True when this grant's action covers the IAM action (IAM actions are case-insensitive). */
    public boolean coversAction(String iamAction) {
        return glob(action, iamAction, true);
    }

    /** True when this grant's resource covers the logical resource and path a call names. */
    public boolean coversResource(String logicalId, String path) {
        if (resource.equals("*")) {
            return true;
        }
        if (!resource.equals(logicalId)) {
            return false;
        }
        if (subPath == null || path == null) {
            return subPath == null && path == null;
        }
        return glob(subPath, path, false);
    }

    /** How the usage report names it: {@code Sid sqs:SendMessage on DeliveriesQueue}. */
    public String describe() {
        return sid + " " + action + " on " + resource + (subPath == null ? "" : "/" + subPath);
    }

    static boolean glob(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        int flags = ignoreCase ? java.util.regex.Pattern.CASE_INSENSITIVE : 0;
        return java.util.regex.Pattern.compile(regex.toString(), flags).matcher(value).matches();
    }
}
