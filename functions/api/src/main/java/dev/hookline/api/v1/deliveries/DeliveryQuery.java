package dev.hookline.api.v1.deliveries;

import dev.hookline.api.http.ApiException;
import dev.hookline.api.http.FieldError;
import dev.hookline.api.http.Page;
import dev.hookline.api.http.Problem;
import dev.hookline.api.http.Request;
import dev.hookline.core.deliveries.DeliveryLog.LogPosition;
import dev.hookline.core.deliveries.DeliveryStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * {@code GET .../deliveries?endpoint=&status=&type=&since=&until=&limit=&cursor=}, checked with
 * every bad parameter named. The cursor is the last record's (createdAt, id), so a page is exact
 * however many deliveries arrive meanwhile (new ones are newer: they never shift a later page).
 */
record DeliveryQuery(String endpoint, DeliveryStatus status, String type, Instant since, Instant until,
                     LogPosition after, int limit) {
    private static final Set<String> KNOWN = Set.of("endpoint", "status", "type", "since", "until", "limit",
            "cursor");

    static DeliveryQuery parse(Request request) {
        List<FieldError> errors = new ArrayList<>();
        var q = request.queryParams();
        for (String name : q.keySet()) {
            if (!KNOWN.contains(name)) {
                errors.add(new FieldError(name, "unknown query parameter"));
            }
        }
        String endpoint = q.get("endpoint");
        if (endpoint != null && !endpoint.matches("[A-Za-z0-9_-]{1,64}")) {
            errors.add(new FieldError("endpoint", "an endpoint id (1-64 of A-Z a-z 0-9 _ -)"));
        }
        DeliveryStatus status = null;
        if (q.get("status") != null) {
            try {
                status = DeliveryStatus.valueOf(q.get("status"));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("status", "one of PENDING, RETRYING, SUCCEEDED, DEAD, SKIPPED"));
            }
        }
        String type = q.get("type");
        if (type != null && (type.isEmpty() || type.length() > 256)) {
            errors.add(new FieldError("type", "1 to 256 characters"));
        }
        Instant since = instant(q.get("since"), "since", errors);
        Instant until = instant(q.get("until"), "until", errors);
        if (since != null && until != null && since.isAfter(until)) {
            errors.add(new FieldError("until", "not before since"));
        }
        int limit = Page.DEFAULT_LIMIT;
        if (q.get("limit") != null) {
            try {
                limit = Integer.parseInt(q.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > Page.MAX_LIMIT) {
                errors.add(new FieldError("limit", "an integer from 1 to " + Page.MAX_LIMIT));
            }
        }
        LogPosition after = null;
        if (q.get("cursor") != null && !q.get("cursor").isEmpty()) {
            after = position(q.get("cursor"));
            if (after == null) {
                errors.add(new FieldError("cursor", "not a cursor this API gave"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(Problem.invalid(errors));
        }
        return new DeliveryQuery(endpoint, status, type, since, until, after, limit);
    }

    /** The raw cursor text Page.of encodes: {@code <createdAt millis>.<api id>}. */
    static String cursorOf(LogPosition position) {
        return position.createdAtMillis() + "." + DeliveryIds.toApi(position.deliveryId());
    }

    private static LogPosition position(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int dot = text.indexOf('.');
            if (dot < 1) {
                return null;
            }
            long at = Long.parseLong(text.substring(0, dot));
            return DeliveryIds.fromApi(text.substring(dot + 1)).map(id -> new LogPosition(at, id)).orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Instant instant(String text, String field, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "an ISO 8601 UTC time such as 2026-11-01T12:00:00Z"));
            return null;
        }
    }
}
