package dev.dirsync.servlet;

import dev.dirsync.core.state.DirectoryConnection;
import dev.dirsync.core.workos.WorkosSource;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.List;

/**
 * {@code POST /organizations/{org}/sync} {@code {directoryId?}} starts a force sync from WorkOS in the
 * background (202); {@code GET .../sync/{jobId}} reports its progress.
 */
final class SyncJobsHandler {
    private final @Nullable WorkosSource workos;
    private final SyncJobs jobs;

    SyncJobsHandler(@Nullable WorkosSource workos, SyncJobs jobs) {
        this.workos = workos;
        this.jobs = jobs;
    }

    void routes(AdminRouter r) {
        r.post("organizations/{org}/sync", this::start)
                .get("organizations/{org}/sync/{job}", c -> c.json(200, jobs.status(c.orgId(), c.var("job"),
                        SyncJobs.workosProgress(workos))));
    }

    private void start(ApiCall c) throws IOException {
        if (workos == null) {
            throw ApiException.notConfigured("force sync");
        }
        String only = AdminJson.optionalText(c.optionalBody(), "directoryId");
        String org = c.orgId();
        List<String> dirs = c.view().connections().stream()
                .filter(d -> d.kind() == DirectoryConnection.Kind.WORKOS && d.state() == DirectoryConnection.State.ACTIVE)
                .map(DirectoryConnection::directoryId).filter(d -> only == null || only.equals(d)).toList();
        if (dirs.isEmpty()) {
            throw ApiException.conflict(only == null ? "organization " + org + " has no connected WorkOS directory"
                    : "organization " + org + " has no connected WorkOS directory '" + only + "'");
        }
        c.json(202, jobs.start(org, dirs, SyncJobs.workos(workos)));
    }
}
