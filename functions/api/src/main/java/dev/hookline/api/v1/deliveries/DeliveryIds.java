package dev.hookline.api.v1.deliveries;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API's delivery ids: {@code dlv_} + base64url (no padding) of the internal id
 * ({@code <source>#<eventId>/<endpointId>}, which holds {@code #} and {@code /}). Reversible, so no
 * second attribute or index is needed to find a record from its API id, and URL-safe as it stands.
 */
public final class DeliveryIds {
    static final String PREFIX = "dlv_";
    /** The internal id is at most ~1.2 KB (DynamoDB allows 2048-byte keys); base64 grows it by 4/3. */
    private static final Pattern SHAPE = Pattern.compile("dlv_[A-Za-z0-9_-]{4,2800}");

    private DeliveryIds() {
    }

    public static String toApi(String deliveryId) {
        return PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(deliveryId.getBytes(StandardCharsets.UTF_8));
    }

    /** The internal id, or empty when {@code apiId} is not one this API gave (a 404, like an unknown id). */
    public static Optional<String> fromApi(String apiId) {
        if (apiId == null || !SHAPE.matcher(apiId).matches()) {
            return Optional.empty();
        }
        try {
            String id = new String(Base64.getUrlDecoder().decode(apiId.substring(PREFIX.length())),
                    StandardCharsets.UTF_8);
            // Re-encoding must give the same text: a non-canonical spelling is not an id we gave.
            return toApi(id).equals(apiId) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
