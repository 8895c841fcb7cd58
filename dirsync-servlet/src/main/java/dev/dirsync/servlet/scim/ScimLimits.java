package dev.dirsync.servlet.scim;

import dev.dirsync.servlet.RateLimiter;

import java.util.Objects;

/**
 * What the SCIM endpoint lets each sender spend: a SCIM token its operations (a {@code /Bulk} costs one per
 * operation), a client address its failed authentications (checked before the database is asked about a token),
 * an organization what it may hold ({@link ScimQuotas}).
 *
 * @param perCredential operations per SCIM token: burst and per-second refill
 * @param perAddressFailures failed authentications per client address ({@code getRemoteAddr()}; behind a proxy the
 *        host must make that the client's address, dirsync never reads {@code X-Forwarded-For} itself)
 * @param quotas per-organization limits on users, groups and memberships
 */
public record ScimLimits(RateLimiter perCredential, RateLimiter perAddressFailures, ScimQuotas quotas) {
    public ScimLimits {
        Objects.requireNonNull(perCredential, "perCredential");
        Objects.requireNonNull(perAddressFailures, "perAddressFailures");
        Objects.requireNonNull(quotas, "quotas");
    }

    public static ScimLimits defaults() {
        return of(RateLimiter.defaults());
    }

    /** This budget per token, the default budget of failures per address and the default quotas. */
    public static ScimLimits of(RateLimiter perCredential) {
        return new ScimLimits(perCredential, RateLimiter.failureDefaults(), ScimQuotas.defaults());
    }
}
