package dev.dirsync.core.event;

import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.JsonValues;
import org.jspecify.annotations.Nullable;

import java.util.Map;
import java.util.Objects;

/** A change a directory source reports, already normalized from its wire format. */
public sealed interface SourceEvent {

    EventMeta meta();

    /** A user appeared in the directory (full snapshot). */
    record UserCreated(EventMeta meta, DirectoryUser user) implements SourceEvent {
        public UserCreated {
            requireSameDirectory(meta, user.directoryId());
        }
    }

    /** A user changed (full snapshot); {@code previousAttributes} is what the source says changed, for audit. */
    record UserUpdated(EventMeta meta, DirectoryUser user, Map<String, Object> previousAttributes)
            implements SourceEvent {
        public UserUpdated {
            requireSameDirectory(meta, user.directoryId());
            previousAttributes = JsonValues.copyOf(previousAttributes);
        }

        public UserUpdated(EventMeta meta, DirectoryUser user) {
            this(meta, user, Map.of());
        }
    }

    /** A user was removed from the directory; history is kept and the host user deactivated per policy. */
    record UserDeleted(EventMeta meta, String userId) implements SourceEvent {
        public UserDeleted {
            Objects.requireNonNull(userId, "userId");
        }
    }

    record GroupCreated(EventMeta meta, DirectoryGroup group) implements SourceEvent {
        public GroupCreated {
            requireSameDirectory(meta, group.directoryId());
        }
    }

    record GroupUpdated(EventMeta meta, DirectoryGroup group, Map<String, Object> previousAttributes)
            implements SourceEvent {
        public GroupUpdated {
            requireSameDirectory(meta, group.directoryId());
            previousAttributes = JsonValues.copyOf(previousAttributes);
        }

        public GroupUpdated(EventMeta meta, DirectoryGroup group) {
            this(meta, group, Map.of());
        }
    }

    record GroupDeleted(EventMeta meta, String groupId) implements SourceEvent {
        public GroupDeleted {
            Objects.requireNonNull(groupId, "groupId");
        }
    }

    /**
     * A user joined a group. Snapshots of the user and group are optional (WorkOS sends both) and let the
     * mirror accept the membership before, or without, the user's or group's own events.
     */
    record UserAddedToGroup(EventMeta meta, String userId, String groupId, @Nullable DirectoryUser user,
                            @Nullable DirectoryGroup group) implements SourceEvent {
        public UserAddedToGroup {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(groupId, "groupId");
        }

        public UserAddedToGroup(EventMeta meta, String userId, String groupId) {
            this(meta, userId, groupId, null, null);
        }
    }

    record UserRemovedFromGroup(EventMeta meta, String userId, String groupId, @Nullable DirectoryUser user,
                                @Nullable DirectoryGroup group) implements SourceEvent {
        public UserRemovedFromGroup {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(groupId, "groupId");
        }

        public UserRemovedFromGroup(EventMeta meta, String userId, String groupId) {
            this(meta, userId, groupId, null, null);
        }
    }

    /** The directory was connected and is ready to send changes. */
    record DirectoryActivated(EventMeta meta, @Nullable String directoryName) implements SourceEvent {
    }

    /** The directory connection was removed at the source. Users are deactivated only if the settings say so. */
    record DirectoryDeleted(EventMeta meta) implements SourceEvent {
    }

    private static void requireSameDirectory(EventMeta meta, String directoryId) {
        if (!meta.directoryId().equals(directoryId)) {
            throw new IllegalArgumentException("event " + meta.eventId() + " is for directory " + meta.directoryId()
                    + " but carries an object of directory " + directoryId);
        }
    }
}
