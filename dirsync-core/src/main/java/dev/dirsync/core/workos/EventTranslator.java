package dev.dirsync.core.workos;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.state.DirectoryConnection;
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
        /** A dirsync event for an owned organization. */
        record Translated(String type, SourceEvent event) implements Translation {
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

    private final DirectorySync sync;

    EventTranslator(DirectorySync sync) {
        this.sync = sync;
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
        Optional<Organization> owner = sync.organizationByWorkosId(workosOrg);
        if (owner.isEmpty()) {
            return new Translation.Unowned(id, type, workosOrg, directoryId);
        }
        String provider = directoryEvent ? DirectoryTypes.label(Json.str(data, "type"))
                : knownProvider(owner.get().id(), directoryId);
        EventMeta meta = new EventMeta(id, owner.get().id(), directoryId, Source.workos(provider), at);
        try {
            return new Translation.Translated(type, event(type, meta, data, user, group));
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

    /** The IdP named when the directory was activated; an event may arrive before that. */
    private String knownProvider(String organizationId, String directoryId) {
        return sync.connection(organizationId, directoryId).map(DirectoryConnection::provider)
                .orElse(DirectoryTypes.UNKNOWN_PROVIDER);
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
