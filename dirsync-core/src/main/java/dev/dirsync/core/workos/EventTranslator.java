package dev.dirsync.core.workos;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.Organization;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates a WorkOS event envelope {@code {id, event, data, created_at}} (from a webhook or the Events API)
 * into a dirsync {@link SourceEvent} for the host organization that owns the event's WorkOS organization.
 *
 * <p>Written against plain JSON values rather than workos-java's typed event models: the typed models are
 * non-nullable Kotlin classes of one payload generation (they reject or drop the older/newer shapes and
 * {@code previous_attributes}), while webhooks and the Events API must both accept every shape WorkOS has sent.
 */
final class EventTranslator {

    /** The Directory Sync event types; anything else is acknowledged and ignored. */
    static final List<String> DSYNC_EVENT_TYPES = List.of(
            "dsync.activated", "dsync.deleted",
            "dsync.user.created", "dsync.user.updated", "dsync.user.deleted",
            "dsync.group.created", "dsync.group.updated", "dsync.group.deleted",
            "dsync.group.user_added", "dsync.group.user_removed");

    /** What an envelope translates to. */
    sealed interface Translation {
        /**
         * A dirsync event for an owned organization, routed by {@code workosOrganizationId} (possibly from the
         * cache: take it with {@link #routed()} checked under the organization's lock).
         */
        record Translated(String type, SourceEvent event, String workosOrganizationId) implements Translation {
            /** True while the organization still owns the WorkOS organization the event was routed by. */
            java.util.function.Predicate<Organization> routed() {
                return org -> workosOrganizationId.equals(org.workosOrganizationId());
            }
        }

        /** A Directory Sync event whose WorkOS organization no host tenant owns (yet). */
        record Unowned(String eventId, String type, @Nullable String workosOrganizationId,
                       @Nullable String directoryId) implements Translation {
        }

        /** Not a Directory Sync event type dirsync handles. */
        record Ignored(String eventId, String type) implements Translation {
        }

        /** A Directory Sync event that cannot be read. */
        record Invalid(@Nullable String eventId, String reason) implements Translation {
        }
    }

    /** Cached owners kept at most; a host with more linked WorkOS organizations just reads some again. */
    private static final int MAX_CACHED_OWNERS = 10_000;

    private final DirectorySync sync;
    // WorkOS organization id -> the host organization linked to it. A link is never moved by dirsync, and every
    // event routed from here is checked against the organization read under its lock (Translated.routed), so a
    // stale entry (a link changed in the database) is caught in the write's own transaction and forgotten.
    private final java.util.concurrent.ConcurrentHashMap<String, String> owners =
            new java.util.concurrent.ConcurrentHashMap<>();

    EventTranslator(DirectorySync sync) {
        this.sync = sync;
    }

    /** Forgets the cached owner of a WorkOS organization (its event was refused by {@link Translated#routed}). */
    void forget(String workosOrganizationId) {
        owners.remove(workosOrganizationId);
    }

    /** The host organization that owns this WorkOS organization: from the cache, else read (and cached). */
    private Optional<String> owner(String workosOrganizationId) {
        String cached = owners.get(workosOrganizationId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> read = sync.organizationByWorkosId(workosOrganizationId).map(Organization::id);
        read.ifPresent(id -> {
            if (owners.size() >= MAX_CACHED_OWNERS) {
                owners.clear();
            }
            owners.put(workosOrganizationId, id);
        });
        return read;
    }

    Translation translate(Map<String, Object> envelope) {
        String id = Json.str(envelope, "id");
        String type = Json.str(envelope, "event");
        if (id == null || type == null) {
            return new Translation.Invalid(id, "the event has no 'id' or no 'event' type");
        }
        if (!DSYNC_EVENT_TYPES.contains(type)) {
            return new Translation.Ignored(id, type);
        }
        Map<String, Object> data = Json.obj(envelope, "data");
        if (data == null) {
            return new Translation.Invalid(id, type + " has no 'data' object");
        }
        // The event's created_at, not data.updated_at, orders changes in the mirror: it is on WorkOS's clock
        // like the updated_at a bulk-import snapshot carries (the event for a change is created at or after
        // the change's updated_at, so the event wins a tie with the snapshot of the same change and loses to
        // a snapshot of a later change), and unlike data.updated_at it is always set and always moves for
        // deletions and membership changes, which may not touch the user's or group's updated_at.
        Instant at = Json.instant(envelope, "created_at");
        if (at == null) {
            at = Json.instant(data, "updated_at");
        }
        if (at == null) {
            return new Translation.Invalid(id, type + " has no readable 'created_at'");
        }
        Map<String, Object> user = Json.obj(data, "user");
        Map<String, Object> group = Json.obj(data, "group");
        boolean directoryEvent = type.equals("dsync.activated") || type.equals("dsync.deleted");
        String workosOrg = workosOrganizationId(envelope);
        String directoryId = directoryId(envelope);
        if (directoryId == null) {
            return new Translation.Invalid(id, type + " names no directory");
        }
        if (workosOrg == null) {
            return new Translation.Unowned(id, type, null, directoryId);
        }
        Optional<String> owner = owner(workosOrg);
        if (owner.isEmpty()) {
            return new Translation.Unowned(id, type, workosOrg, directoryId);
        }
        // only dsync.activated/deleted name the IdP; other events take the name their connection has, which the
        // engine reads in the event's own transaction (Source.UNNAMED_WORKOS_PROVIDER)
        String provider = directoryEvent ? DirectoryTypes.label(Json.str(data, "type"))
                : DirectoryTypes.UNKNOWN_PROVIDER;
        EventMeta meta = new EventMeta(id, owner.get(), directoryId, Source.workos(provider), at);
        try {
            return new Translation.Translated(type, event(type, meta, data, user, group), workosOrg);
        } catch (IllegalArgumentException e) {
            return new Translation.Invalid(id, type + ": " + e.getMessage());
        }
    }

    /** The WorkOS organization an event names, where its type puts it; null if none. */
    static @Nullable String workosOrganizationId(@Nullable Map<String, Object> envelope) {
        String type = Json.str(envelope, "event");
        Map<String, Object> data = Json.obj(envelope, "data");
        if (type == null || data == null) {
            return null;
        }
        return type.startsWith("dsync.group.user_")
                ? firstNonNull(Json.str(Json.obj(data, "user"), "organization_id"),
                Json.str(Json.obj(data, "group"), "organization_id"))
                : Json.str(data, "organization_id");
    }

    /** The directory an event names, where its type puts it; null if none. */
    static @Nullable String directoryId(@Nullable Map<String, Object> envelope) {
        String type = Json.str(envelope, "event");
        Map<String, Object> data = Json.obj(envelope, "data");
        if (type == null || data == null) {
            return null;
        }
        if (type.equals("dsync.activated") || type.equals("dsync.deleted")) {
            return Json.str(data, "id");
        }
        Map<String, Object> user = Json.obj(data, "user");
        Map<String, Object> group = Json.obj(data, "group");
        return firstNonNull(Json.str(data, "directory_id"),
                firstNonNull(Json.str(user, "directory_id"), Json.str(group, "directory_id")));
    }

    private static SourceEvent event(String type, EventMeta meta, Map<String, Object> data,
                                     @Nullable Map<String, Object> user, @Nullable Map<String, Object> group) {
        return switch (type) {
            case "dsync.activated" -> new SourceEvent.DirectoryActivated(meta, Json.str(data, "name"));
            case "dsync.deleted" -> new SourceEvent.DirectoryDeleted(meta);
            case "dsync.user.created" -> new SourceEvent.UserCreated(meta, WorkosObjects.user(data));
            case "dsync.user.updated" -> new SourceEvent.UserUpdated(meta, WorkosObjects.user(data),
                    previousAttributes(data));
            case "dsync.user.deleted" -> new SourceEvent.UserDeleted(meta, WorkosObjects.user(data).id());
            case "dsync.group.created" -> new SourceEvent.GroupCreated(meta, WorkosObjects.group(data));
            case "dsync.group.updated" -> new SourceEvent.GroupUpdated(meta, WorkosObjects.group(data),
                    previousAttributes(data));
            case "dsync.group.deleted" -> new SourceEvent.GroupDeleted(meta, WorkosObjects.group(data).id());
            case "dsync.group.user_added", "dsync.group.user_removed" -> {
                if (user == null || group == null) {
                    throw new IllegalArgumentException("a membership event needs both 'user' and 'group'");
                }
                var u = WorkosObjects.user(user);
                var g = WorkosObjects.group(group);
                yield type.endsWith("added")
                        ? new SourceEvent.UserAddedToGroup(meta, u.id(), g.id(), u, g)
                        : new SourceEvent.UserRemovedFromGroup(meta, u.id(), g.id(), u, g);
            }
            default -> throw new IllegalStateException("unhandled dsync type " + type);
        };
    }

    private static Map<String, Object> previousAttributes(Map<String, Object> data) {
        Map<String, Object> prev = Json.obj(data, "previous_attributes");
        return prev == null ? Map.of() : prev;
    }

    private static @Nullable String firstNonNull(@Nullable String a, @Nullable String b) {
        return a != null ? a : b;
    }
}
