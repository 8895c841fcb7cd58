package dev.dirsync.core;

import dev.dirsync.core.model.Organization;
import dev.dirsync.core.outcome.Change;

import java.util.List;

/** The organization after a settings write, and what its re-projection changed. */
public record SettingsUpdate(Organization organization, List<Change> changes) {
    public SettingsUpdate {
        changes = List.copyOf(changes);
    }
}
