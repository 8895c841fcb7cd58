package dev.dirsync.core.model;

import org.jspecify.annotations.Nullable;

import java.util.Map;
import java.util.Objects;

/** A group as the customer's directory describes it; {@code id} is the stable directory group id. */
public record DirectoryGroup(String id, String directoryId, @Nullable String idpId, String displayName,
                             Map<String, Object> rawAttributes) {
    public DirectoryGroup {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(directoryId, "directoryId");
        Objects.requireNonNull(displayName, "displayName");
        rawAttributes = JsonValues.copyOf(rawAttributes);
    }

    public static DirectoryGroup of(String id, String directoryId, String displayName) {
        return new DirectoryGroup(id, directoryId, null, displayName, Map.of());
    }
}
