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
    void theTableOfKeysStaysBoundedUnderAFloodFromManyAddresses() {
        RateLimiter limiter = new RateLimiter(2, 1, 100, now::get);
        for (int i = 0; i < 100_000; i++) {
            limiter.acquire("198.51." + (i / 256) + "." + (i % 256));
        }

        assertThat(limiter.keys()).isEqualTo(100);
        assertThat(limiter.waitFor("203.0.113.1")).as("looking does not add a key").isZero();
        assertThat(limiter.keys()).isEqualTo(100);
    }

    @Test
    void aCostIsTakenWholeOrNotAtAll() {
        RateLimiter limiter = new RateLimiter(10, 1, now::get);
        assertThat(limiter.acquire("token", 8)).isZero();
        assertThat(limiter.acquire("token", 3)).as("2 left, 3 asked: wait for 1 more").isEqualTo(1);
        assertThat(limiter.acquire("token", 2)).as("nothing was taken by the refusal").isZero();
        assertThat(limiter.waitFor("token")).isEqualTo(1);
        assertThat(limiter.acquire("token", 11)).as("more than the burst never fits").isPositive();
        assertThat(limiter.burst()).isEqualTo(10);
    }

    @Test
    void nonsenseLimitsAreRefused() {
        assertThatThrownBy(() -> new RateLimiter(0, 1)).hasMessageContaining("burst >= 1");
    }
}
