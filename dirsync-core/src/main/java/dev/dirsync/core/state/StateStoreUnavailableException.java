package dev.dirsync.core.state;

import org.jspecify.annotations.Nullable;

/**
 * The state store cannot be reached (database down, pool exhausted): a retry later can succeed.
 * Adapters turn it into "try again" answers (HTTP 503 with Retry-After) instead of failures.
 */
public class StateStoreUnavailableException extends RuntimeException {
    public StateStoreUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
