package dev.dirsync.core.event;

import dev.dirsync.core.model.SourceVersion;

import java.time.Instant;
import java.util.Objects;

/**
 * Envelope of a source event: its id (duplicates by id are no-ops), the organization and directory it
 * belongs to, who sent it, and the source's own time for it (stale changes cannot move state backwards).
 */
public record EventMeta(String eventId, String organizationId, String directoryId, Source source,
                        Instant occurredAt) {
    public EventMeta {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(directoryId, "directoryId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (eventId.isBlank()) {
            throw new IllegalArgumentException("eventId must not be blank");
        }
    }

    public SourceVersion version() {
        return new SourceVersion(occurredAt, eventId);
    }
}
