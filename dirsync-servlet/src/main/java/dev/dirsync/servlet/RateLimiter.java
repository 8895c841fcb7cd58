package dev.dirsync.servlet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets per key (an organization, a SCIM credential, a client address). Per application instance: a burst
 * budget is about protecting this instance, so it needs no shared store. The table of keys is bounded: past
 * {@code maxKeys} the least recently used bucket is dropped, so a flood from many addresses cannot grow memory
 * (a dropped key starts again with a full bucket, which only ever lets a sender through sooner).
 */
public final class RateLimiter {
    /**
     * Default burst: a 1,000-user first sync (users plus memberships) fits without throttling, whether it arrives as
     * 2,000 webhooks of one organization or as SCIM operations of one token.
     */
    public static final long DEFAULT_BURST = 2_000;
    /** Default sustained rate per key: requests (webhooks) or operations (SCIM) per second. */
    public static final double DEFAULT_PER_SECOND = 200;
    /**
     * Default budget of failed authentications per client address: enough for an IdP or WorkOS retrying with a
     * wrong secret to be told so (401) a few times, not for a flood to fill the logs.
     */
    public static final long DEFAULT_FAILURE_BURST = 30;
    /** Default sustained rate of failed authentications per client address, per second. */
    public static final double DEFAULT_FAILURE_PER_SECOND = 1;
    /** Default bound of the key table (buckets are a few dozen bytes each). */
    public static final int DEFAULT_MAX_KEYS = 10_000;

    private final long burst;
    private final double perSecond;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets;

    public RateLimiter(long burst, double perSecond) {
        this(burst, perSecond, DEFAULT_MAX_KEYS, System::nanoTime);
    }

    RateLimiter(long burst, double perSecond, LongSupplier nanoTime) {
        this(burst, perSecond, DEFAULT_MAX_KEYS, nanoTime);
    }

    RateLimiter(long burst, double perSecond, int maxKeys, LongSupplier nanoTime) {
        if (burst < 1 || perSecond <= 0 || maxKeys < 1) {
            throw new IllegalArgumentException("rate limit needs burst >= 1, a positive rate and room for keys, got "
                    + "burst=" + burst + " perSecond=" + perSecond + " maxKeys=" + maxKeys);
        }
        this.burst = burst;
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
                return size() > maxKeys;
            }
        };
    }

    public static RateLimiter defaults() {
        return new RateLimiter(DEFAULT_BURST, DEFAULT_PER_SECOND);
    }

    /** The per-address budget of failed authentications, {@link #DEFAULT_FAILURE_BURST} at once. */
    public static RateLimiter failureDefaults() {
        return new RateLimiter(DEFAULT_FAILURE_BURST, DEFAULT_FAILURE_PER_SECOND);
    }

    /** The most one key can spend at once. */
    public long burst() {
        return burst;
    }

    /** Returns 0 if the request may proceed, else the seconds the caller should wait (for Retry-After). */
    public long acquire(String key) {
        return acquire(key, 1);
    }

    /**
     * Takes {@code cost} tokens at once (a SCIM {@code /Bulk} costs its operations) or none; returns 0 if granted,
     * else the seconds to wait. A cost above {@link #burst()} is never granted: refuse such a request as too large.
     */
    public long acquire(String key, long cost) {
        if (cost < 1) {
            throw new IllegalArgumentException("cost must be at least 1, was " + cost);
        }
        long now = nanoTime.getAsLong();
        TokenBucket b;
        synchronized (buckets) {
            b = buckets.computeIfAbsent(key, k -> new TokenBucket(burst, perSecond, now));
        }
        return b.tryTake(now, cost);
    }

    /**
     * The seconds until {@code key} may spend again, 0 if it may now; takes nothing and adds no key. For a check
     * before costly work whose cost is only known after it (an authentication that may fail).
     */
    public long waitFor(String key) {
        long now = nanoTime.getAsLong();
        TokenBucket b;
        synchronized (buckets) {
            b = buckets.get(key);
        }
        return b == null ? 0 : b.waitFor(now);
    }

    /** Keys currently held; at most the bound given at construction. */
    int keys() {
        synchronized (buckets) {
            return buckets.size();
        }
    }
}
