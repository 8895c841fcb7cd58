package dev.dirsync.core;

import dev.dirsync.core.job.Job;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.outcome.Change;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * The organization after a settings write, and its re-projection: what it changed if it ran in the call
 * ({@link dev.dirsync.core.job.JobScheduler#INLINE}), else the job that runs it in the background ({@code job}, whose
 * progress {@link DirectorySync#job(String, String)} tells).
 */
public record SettingsUpdate(Organization organization, List<Change> changes, @Nullable Job job) {
    public SettingsUpdate {
        changes = List.copyOf(changes);
    }

    public SettingsUpdate(Organization organization, List<Change> changes) {
        this(organization, changes, null);
    }
}
