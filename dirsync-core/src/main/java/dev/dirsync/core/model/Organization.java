package dev.dirsync.core.model;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;

/** A host tenant that receives Directory Sync; {@code id} is the host's own organization id. */
public record Organization(String id, String name, @Nullable String workosOrganizationId,
                           OrganizationSettings settings, Instant createdAt) {
    public Organization {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(createdAt, "createdAt");
        if (id.isBlank()) {
            throw new IllegalArgumentException("organization id must not be blank");
        }
    }

    public Organization withSettings(OrganizationSettings s) {
        return new Organization(id, name, workosOrganizationId, s, createdAt);
    }

    public Organization withWorkosOrganizationId(@Nullable String v) {
        return new Organization(id, name, v, settings, createdAt);
    }
}
