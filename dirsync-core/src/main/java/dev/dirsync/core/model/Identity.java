package dev.dirsync.core.model;

import org.jspecify.annotations.Nullable;

/** The identity fields a host user takes from its directory user. */
public record Identity(@Nullable String email, @Nullable String userName, @Nullable String givenName,
                       @Nullable String familyName, String displayName) {
}
