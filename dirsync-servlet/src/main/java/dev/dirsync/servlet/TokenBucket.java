package dev.dirsync.servlet;

/**
 * A token bucket: up to {@code capacity} requests at once, refilled at {@code refillPerSecond}. Thread-safe.
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
        tokens = Math.min(capacity, tokens + (nowNanos - last) * refillPerNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        double missing = 1 - tokens;
        return Math.max(1, (long) Math.ceil(missing / refillPerNano / 1_000_000_000d));
    }
}
