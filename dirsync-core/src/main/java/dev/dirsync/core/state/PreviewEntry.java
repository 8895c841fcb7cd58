package dev.dirsync.core.state;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.outcome.Change;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** In test mode: the state dirsync would project for a user and the changes that would make. */
public record PreviewEntry(DirectoryUserKey key, Projection desired, List<Change> changes, Instant at) {
    public PreviewEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(at, "at");
        changes = List.copyOf(changes);
    }
}
