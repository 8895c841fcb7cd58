package dev.dirsync.servlet;

import dev.dirsync.core.read.SyncHealth;
import dev.dirsync.core.state.DirectoryConnection;
import dev.dirsync.core.workos.DirectoryHealthCheck;
import dev.dirsync.core.workos.WorkosSource;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /organizations/{org}/health}: the organization's {@link SyncHealth} (status, reason, what to do).
 * With the WorkOS source configured, WorkOS is also asked about its directories now; what it reports adds to
 * {@code problems} and {@code workosState}, while the status word is always the read model's.
 */
final class HealthHandler {
    private final @Nullable WorkosSource workos;

    HealthHandler(@Nullable WorkosSource workos) {
        this.workos = workos;
    }

    void routes(AdminRouter r) {
        r.get("organizations/{org}/health", this::get);
    }

    private void get(ApiCall c) throws IOException {
        List<String> problems = new ArrayList<>();
        // asked first: a broken verdict the check records is then part of the health read below
        Map<String, DirectoryHealthCheck.DirectoryHealth> live = liveWorkosCheck(c, problems);
        SyncHealth h = c.view().health();
        for (SyncHealth.DirectoryHealth d : h.directories()) {
            if (!d.removed() && d.status() != SyncHealth.Status.HEALTHY) {
                problems.add(d.reason());
            }
            DirectoryHealthCheck.DirectoryHealth w = live.get(d.directoryId());
            if (w != null && !d.removed() && d.status() == SyncHealth.Status.HEALTHY
                    && w.status() != DirectoryHealthCheck.Status.HEALTHY) {
                problems.add(d.provider() + " directory " + d.directoryId() + ": " + w.detail());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", h.status().code());
        out.put("reason", h.reason());
        out.put("action", h.action());
        out.put("source", h.directories().stream().filter(d -> !d.removed()).findFirst()
                .or(() -> h.directories().stream().findFirst())
                .map(d -> AdminJson.lower(d.kind())).orElse(null));
        out.put("lastEventAt", iso(h.lastEventAt()));
        out.put("usersSynced", h.usersSynced());
        out.put("groupsSynced", h.groupsSynced());
        out.put("guardRefusals24h", h.guardRefusals24h());
        out.put("checkedAt", iso(h.checkedAt()));
        out.put("problems", problems);
        List<Map<String, Object>> dirs = new ArrayList<>();
        for (SyncHealth.DirectoryHealth d : h.directories()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("directoryId", d.directoryId());
            m.put("source", AdminJson.lower(d.kind()));
            m.put("provider", d.provider());
            m.put("state", d.removed() ? "deleted" : "active");
            m.put("status", d.status().code());
            m.put("removed", d.removed());
            m.put("reason", d.reason());
            m.put("lastEventAt", iso(d.lastEventAt()));
            DirectoryHealthCheck.DirectoryHealth w = live.get(d.directoryId());
            if (w != null) {
                m.put("workosState", AdminJson.lower(w.state()));
            }
            dirs.add(m);
        }
        out.put("directories", dirs);
        c.json(200, out);
    }

    private Map<String, DirectoryHealthCheck.DirectoryHealth> liveWorkosCheck(ApiCall c, List<String> problems) {
        Map<String, DirectoryHealthCheck.DirectoryHealth> out = new HashMap<>();
        if (workos == null || c.view().connections().stream().noneMatch(d -> d.kind() == DirectoryConnection.Kind.WORKOS
                && d.state() == DirectoryConnection.State.ACTIVE)) {
            return out;
        }
        try {
            for (DirectoryHealthCheck.DirectoryHealth h : workos.health().check(c.orgId()).directories()) {
                out.put(h.directoryId(), h);
            }
        } catch (RuntimeException e) {
            problems.add("WorkOS could not be asked about the directory state: " + e.getMessage());
        }
        return out;
    }

    private static @Nullable String iso(@Nullable Instant t) {
        return t == null ? null : t.toString();
    }
}
