package dev.dirsync.servlet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets per key (organization or credential). Per application instance: a burst budget is about
 * protecting this instance, so it needs no shared store. Keys are bounded (LRU) so random keys cannot grow
 * memory without limit.
 */
public final class RateLimiter {
    /** Default burst: a 1,000-user first sync (users plus memberships) fits without throttling. */
    public static final long DEFAULT_BURST = 2_000;
    /** Default sustained rate per key, requests per second. */
    public static final double DEFAULT_PER_SECOND = 100;
    private static final int MAX_KEYS = 10_000;

    private final long burst;
    private final double perSecond;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
            return size() > MAX_KEYS;
        }
    };

    public RateLimiter(long burst, double perSecond) {
        this(burst, perSecond, System::nanoTime);
    }

    RateLimiter(long burst, double perSecond, LongSupplier nanoTime) {
        if (burst < 1 || perSecond <= 0) {
            throw new IllegalArgumentException("rate limit needs burst >= 1 and a positive rate, got burst=" + burst
                    + " perSecond=" + perSecond);
        }
        this.burst = burst;
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
    }

    public static RateLimiter defaults() {
        return new RateLimiter(DEFAULT_BURST, DEFAULT_PER_SECOND);
    }

    /** Returns 0 if the request may proceed, else the seconds the caller should wait (for Retry-After). */
    public long acquire(String key) {
        long now = nanoTime.getAsLong();
        TokenBucket b;
        synchronized (buckets) {
            b = buckets.computeIfAbsent(key, k -> new TokenBucket(burst, perSecond, now));
        }
        return b.tryTake(now);
    }
}
