package dev.dirsync.core.state;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * What one organization's inbox holds: deliveries waiting to be applied (due now or after a backoff) and deliveries
 * parked after failing too often, with the oldest's arrival, so an operator sees a backlog or a stuck event.
 */
public record InboxDepth(String organizationId, long waiting, long parked, @Nullable Instant oldestReceivedAt) {
}
