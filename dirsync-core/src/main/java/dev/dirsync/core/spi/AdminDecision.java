package dev.dirsync.core.spi;

import java.util.Objects;

/** The answer of {@link AdminAccess}: allowed as a named actor (shown in the audit log), or denied with a reason. */
public sealed interface AdminDecision {

    record Allowed(String actor) implements AdminDecision {
        public Allowed {
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** @param authenticated false if the caller is not signed in at all (401), true if signed in but not allowed (403) */
    record Denied(String reason, boolean authenticated) implements AdminDecision {
        public Denied {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static AdminDecision allow(String actor) {
        return new Allowed(actor);
    }

    static AdminDecision deny(String reason) {
        return new Denied(reason, true);
    }

    static AdminDecision unauthenticated(String reason) {
        return new Denied(reason, false);
    }
}
