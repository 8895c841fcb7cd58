package dev.dirsync.servlet;

import dev.dirsync.core.BindingConflict;
import dev.dirsync.core.state.DirectoryConnection;
import dev.dirsync.core.workos.WorkosSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

/**
 * {@code POST /organizations/{org}/sync} {@code {directoryId?}} starts a force sync from WorkOS in the
 * background (202), once WorkOS confirmed each directory belongs to the organization (409 otherwise);
 * {@code GET .../sync/{jobId}} reports its progress.
 */
final class SyncJobsHandler {
    private static final Logger log = LoggerFactory.getLogger(SyncJobsHandler.class);
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
        for (String dir : dirs) {
            // WorkOS says which WorkOS organization owns a directory: never import another tenant's (409)
            try {
                workos.importer().verifyDirectory(org, dir);
            } catch (BindingConflict e) {
                throw e;
            } catch (IllegalStateException e) {
                throw ApiException.conflict(e.getMessage());
            } catch (RuntimeException e) {
                log.warn("force sync of organization {}: cannot ask WorkOS who owns directory {}: {}", org, dir,
                        e.toString());
                throw new ApiException(503, "unavailable", "WorkOS could not be asked which organization owns "
                        + "directory " + dir + "; try again shortly", null).withHeader("Retry-After", "30");
            }
        }
        c.json(202, jobs.start(org, dirs, SyncJobs.workos(workos)));
    }
}
