package dev.hookline.core.paging;

import java.util.List;

/**
 * One page of a table read in key order: the items, and the key to continue after (null when the
 * read reached the end). The API turns {@code after} into an opaque cursor.
 */
public record Slice<T>(List<T> items, String after) {
    public Slice {
        items = List.copyOf(items);
    }
}
