package dev.dirsync.servlet;

/**
 * A token bucket: up to {@code capacity} tokens at once, refilled at {@code refillPerSecond}. Thread-safe.
 * Time comes from the caller so tests need not sleep.
 */
final class TokenBucket {
    private final double capacity;
    private final double refillPerNano;
    private double tokens;
    private long last;

    TokenBucket(long capacity, double refillPerSecond, long nowNanos) {
        this.capacity = capacity;
        this.refillPerNano = refillPerSecond / 1_000_000_000d;
        this.tokens = capacity;
        this.last = nowNanos;
    }

    /** Takes one token; returns 0 if granted, else the whole seconds to wait before one is available. */
    synchronized long tryTake(long nowNanos) {
        return tryTake(nowNanos, 1);
    }

    /**
     * Takes {@code cost} tokens at once, or none; returns 0 if granted, else the whole seconds to wait before
     * that many are available. A cost above the capacity is never granted: the caller must refuse it otherwise.
     */
    synchronized long tryTake(long nowNanos, long cost) {
        refill(nowNanos);
        if (tokens >= cost) {
            tokens -= cost;
            return 0;
        }
        return secondsUntil(cost);
    }

    /** The whole seconds until one token is available, 0 if one is; takes nothing. */
    synchronized long waitFor(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1 ? 0 : secondsUntil(1);
    }

    private void refill(long nowNanos) {
        tokens = Math.min(capacity, tokens + Math.max(0, nowNanos - last) * refillPerNano);
        last = Math.max(last, nowNanos);
    }

    private long secondsUntil(long cost) {
        double missing = Math.min(cost, capacity) - tokens;
        return Math.max(1, (long) Math.ceil(missing / refillPerNano / 1_000_000_000d));
    }
}
