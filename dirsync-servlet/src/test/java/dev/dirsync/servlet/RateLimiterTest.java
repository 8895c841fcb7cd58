package dev.dirsync.servlet;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void aBurstIsAllowedThenTheCallerIsToldHowLongToWait() {
        RateLimiter limiter = new RateLimiter(3, 1, now::get);
        assertThat(limiter.acquire("org")).isZero();
        assertThat(limiter.acquire("org")).isZero();
        assertThat(limiter.acquire("org")).isZero();
        assertThat(limiter.acquire("org")).isEqualTo(1);
        assertThat(limiter.acquire("other")).as("budgets are per key").isZero();

        now.addAndGet(1_000_000_000L);
        assertThat(limiter.acquire("org")).isZero();
        assertThat(limiter.acquire("org")).isEqualTo(1);
    }

    @Test
    void theDefaultsLetAThousandUserFirstSyncThroughUnthrottled() {
        RateLimiter limiter = new RateLimiter(RateLimiter.DEFAULT_BURST, RateLimiter.DEFAULT_PER_SECOND, now::get);
        int throttled = 0;
        for (int i = 0; i < 2_000; i++) { // 1,000 users plus 1,000 memberships, all at once
            if (limiter.acquire("org") > 0) {
                throttled++;
            }
        }
        assertThat(throttled).isZero();
        assertThat(limiter.acquire("org")).isPositive();
    }

    @Test
    void nonsenseLimitsAreRefused() {
        assertThatThrownBy(() -> new RateLimiter(0, 1)).hasMessageContaining("burst >= 1");
    }
}
