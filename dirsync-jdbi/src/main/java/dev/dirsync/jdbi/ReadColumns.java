package dev.dirsync.jdbi;

import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;

import java.util.Locale;

/**
 * Columns that exist for the read model's filters and sorts, derived from values also stored as JSON: written with
 * every row, and filled in for rows of older schema versions by {@link ReadModelBackfill}. Lower-cased here, in
 * Java, with the same rules as the in-memory store, so every database compares and sorts alike.
 */
final class ReadColumns {
    /** Width of {@code mirror_users.email_lower}: the longest address RFC 5321 allows, and indexable everywhere. */
    static final int EMAIL_WIDTH = 320;
    /** Width of the {@code display_name_lower} columns; longer names sort and match by their first 500 characters. */
    static final int NAME_WIDTH = 500;

    private ReadColumns() {
    }

    /** The primary email, lower case, or empty (sorts first) for a user without one. */
    static String emailLower(DirectoryUser u) {
        return clip(u.primaryEmail().orElse("").toLowerCase(Locale.ROOT), EMAIL_WIDTH);
    }

    /** The title, lower case, or null for a user without one (schema version 7). */
    static @org.jspecify.annotations.Nullable String titleLower(DirectoryUser u) {
        return u.title() == null ? null : clip(u.title().toLowerCase(Locale.ROOT), NAME_WIDTH);
    }

    /**
     * Every email of the user, lower case, each between newlines ({@code "\na@x\nb@y\n"}; empty for none), so
     * one LIKE finds a user by any of them (schema version 7).
     */
    static String emailsLower(DirectoryUser u) {
        StringBuilder sb = new StringBuilder();
        for (dev.dirsync.core.model.Email e : u.emails()) {
            sb.append('\n').append(e.value().toLowerCase(Locale.ROOT).replace('\n', ' '));
        }
        return sb.length() == 0 ? "" : sb.append('\n').toString();
    }

    static String displayNameLower(DirectoryUser u) {
        return clip(u.displayName().toLowerCase(Locale.ROOT), NAME_WIDTH);
    }

    static String displayNameLower(DirectoryGroup g) {
        return displayNameLower(g.displayName());
    }

    static String displayNameLower(String displayName) {
        return clip(displayName.toLowerCase(Locale.ROOT), NAME_WIDTH);
    }

    /** The first {@code width} characters, never splitting a surrogate pair. */
    static String clip(String s, int width) {
        if (s.length() <= width) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(width - 1)) ? width - 1 : width;
        return s.substring(0, end);
    }
}
