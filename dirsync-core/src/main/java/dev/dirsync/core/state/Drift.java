package dev.dirsync.core.state;

import dev.dirsync.core.model.DirectoryUserKey;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One difference between a host user's actual access and what dirsync last applied to it, as the drift check found
 * it: one record per person and field, kept while it lasts and marked resolved when it disappears.
 *
 * @param label the person's email (or name) when first seen, for lists
 * @param appValue the value in the app (workspaces comma-separated), null for none
 * @param directoryValue the value dirsync applied from the directory, null for none
 * @param resolvedAt when the check last found the difference gone (restored, corrected, or changed back), or null
 *                   while it is open
 */
public record Drift(DirectoryUserKey key, String appUserId, @Nullable String label, Field field,
                    @Nullable String appValue, @Nullable String directoryValue, Instant firstSeenAt,
                    Instant lastSeenAt, @Nullable Instant resolvedAt) {

    /** What differs. */
    public enum Field {
        ROLE, WORKSPACES, STATUS;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Field fromCode(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    public Drift {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(appUserId, "appUserId");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(firstSeenAt, "firstSeenAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
    }

    public boolean open() {
        return resolvedAt == null;
    }

    /** The same difference seen again at {@code at}. */
    public Drift seen(Instant at) {
        return new Drift(key, appUserId, label, field, appValue, directoryValue, firstSeenAt, at, null);
    }

    /** The difference gone at {@code at}. */
    public Drift resolved(Instant at) {
        return new Drift(key, appUserId, label, field, appValue, directoryValue, firstSeenAt, lastSeenAt, at);
    }
}
