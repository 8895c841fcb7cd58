package dev.dirsync.core.model;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;

/**
 * A host tenant that receives Directory Sync; {@code id} is the host's own organization id.
 *
 * @param settingsVersion grows by one with every settings change: the admin API's ETag, so a write based on
 *                        settings someone else changed meanwhile is refused instead of reverting theirs
 */
public record Organization(String id, String name, @Nullable String workosOrganizationId,
                           OrganizationSettings settings, Instant createdAt, long settingsVersion) {
    public Organization {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(createdAt, "createdAt");
        if (id.isBlank()) {
            throw new IllegalArgumentException("organization id must not be blank");
        }
        if (settingsVersion < 1) {
            throw new IllegalArgumentException("settingsVersion starts at 1, was " + settingsVersion);
        }
    }

    /** A new organization: settings version 1. */
    public Organization(String id, String name, @Nullable String workosOrganizationId, OrganizationSettings settings,
                        Instant createdAt) {
        this(id, name, workosOrganizationId, settings, createdAt, 1);
    }

    /** The organization with new settings and the next settings version. */
    public Organization withSettings(OrganizationSettings s) {
        return new Organization(id, name, workosOrganizationId, s, createdAt, settingsVersion + 1);
    }

    public Organization withWorkosOrganizationId(@Nullable String v) {
        return new Organization(id, name, v, settings, createdAt, settingsVersion);
    }
}
