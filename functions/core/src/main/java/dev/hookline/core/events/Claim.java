package dev.hookline.core.events;

/**
 * A claim this request holds on an event: the item's key and the lease we wrote. Later updates and
 * the release are conditional on that lease, so a request whose lease was taken over cannot touch
 * the new owner's item.
 */
public record Claim(String key, long leaseUntil) {
}
