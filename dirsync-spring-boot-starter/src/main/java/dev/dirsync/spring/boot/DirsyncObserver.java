package dev.dirsync.spring.boot;

import dev.dirsync.core.workos.EventsPoller;

import java.time.Duration;

/**
 * Told what the WorkOS intake did, for metrics; free of Micrometer types so the starter works without it.
 * {@link DirsyncMetrics} is the Micrometer implementation.
 */
public interface DirsyncObserver {

    /**
     * One webhook delivery answered.
     *
     * @param eventType the WorkOS event type ({@code dsync.user.created}), or {@code unknown}
     * @param result    what happened: applied, duplicate, stale, heldpaused, previewed, mirrored, ignored, held,
     *                  rejected, unauthorized, throttled, too_large, failed
     */
    void webhook(String eventType, String result, int httpStatus, Duration took);

    /** One Events API poll finished. */
    void polled(EventsPoller.PollSummary summary, Duration took);
}
