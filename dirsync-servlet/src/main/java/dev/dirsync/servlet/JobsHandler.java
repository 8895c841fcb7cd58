package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.job.Job;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /organizations/{org}/jobs} lists the organization's background jobs, newest first ({@code ?status=running}:
 * only those not finished); {@code GET .../jobs/{job}} reports one job's progress (re-projection after a settings or
 * mapping change, a large group's or a directory's deletion).
 */
final class JobsHandler {
    private final DirectorySync sync;

    JobsHandler(DirectorySync sync) {
        this.sync = sync;
    }

    void routes(AdminRouter r) {
        r.get("organizations/{org}/jobs", this::list).get("organizations/{org}/jobs/{job}", this::one);
    }

    private void list(ApiCall c) throws IOException {
        String status = c.req.getParameter("status");
        if (status != null && !status.equals("running")) {
            throw ApiException.invalidField("status", "the only filter is status=running (jobs not finished)");
        }
        List<Job> jobs = sync.jobs(c.orgId()).stream().filter(j -> status == null || !j.finished()).toList();
        c.json(200, Map.of("items", jobs.stream().map(AdminJson::job).toList()));
    }

    private void one(ApiCall c) throws IOException {
        Job job = sync.job(c.orgId(), c.var("job")).orElseThrow(() -> ApiException.notFound("job " + c.var("job")));
        c.json(200, AdminJson.job(job));
    }
}
