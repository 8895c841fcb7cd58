package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.DriftReport;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.outcome.Change;
import dev.dirsync.core.state.Drift;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drift between the app and the directory: {@code GET .../drift} lists the differences (open ones; with
 * {@code ?resolved=true} resolved ones too; keyset paging with {@code afterDirectory} and {@code afterUser}),
 * {@code POST .../drift/check} checks now, {@code POST .../drift/restore} restores everyone from the directory and
 * {@code POST .../drift/{directory}/{user}/restore} one person; none takes a body.
 */
final class DriftHandler {
    private static final int DEFAULT_LIMIT = 100;
    private final DirectorySync sync;

    DriftHandler(DirectorySync sync) {
        this.sync = sync;
    }

    void routes(AdminRouter r) {
        r.get("organizations/{org}/drift", this::list)
                .post("organizations/{org}/drift/check", this::check)
                .post("organizations/{org}/drift/restore", c -> restore(c, null))
                .post("organizations/{org}/drift/{directory}/{user}/restore",
                        c -> restore(c, new DirectoryUserKey(c.orgId(), c.var("directory"), c.var("user"))));
    }

    private void list(ApiCall c) throws IOException {
        boolean resolved = Boolean.TRUE.equals(Params.bool(c.req, "resolved"));
        int limit = Params.intParam(c.req, "limit", DEFAULT_LIMIT, 1, 1000);
        String afterDirectory = Params.text(c.req, "afterDirectory");
        String afterUser = Params.text(c.req, "afterUser");
        if ((afterDirectory == null) != (afterUser == null)) {
            throw ApiException.invalidField(afterDirectory == null ? "afterDirectory" : "afterUser",
                    "afterDirectory and afterUser go together: the last person of the previous page");
        }
        DirectoryUserKey after = afterDirectory == null ? null
                : new DirectoryUserKey(c.orgId(), afterDirectory, afterUser);
        List<Drift> page = c.view().drift(resolved, after, limit);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("driftPolicy", AdminJson.lower(c.org().settings().driftPolicy()));
        m.put("mode", AdminJson.lower(c.org().settings().mode()));
        m.put("open", c.view().openDrift());
        m.put("differences", page.stream().map(DriftHandler::drift).toList());
        Drift last = page.size() == limit ? page.get(page.size() - 1) : null;
        m.put("next", last == null ? null : Map.of("afterDirectory", last.key().directoryId(),
                "afterUser", last.key().userId()));
        c.json(200, m);
    }

    private void check(ApiCall c) throws IOException {
        DriftReport r = sync.checkDrift(c.orgId());
        if (!r.supported()) {
            throw ApiException.notSupported("drift detection is off: the application's UserStore does not read "
                    + "current access (implement UserStore.currentAccess)");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checked", r.checked());
        m.put("found", r.found());
        m.put("corrected", r.corrected());
        m.put("open", r.open());
        c.json(200, m);
    }

    private void restore(ApiCall c, DirectoryUserKey key) throws IOException {
        List<Change> changes;
        try {
            changes = sync.restoreDrift(c.orgId(), key, c.who());
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("changes", changes.stream().map(AdminJson::change).toList());
        m.put("open", c.view().openDrift());
        c.json(200, m);
    }

    static Map<String, Object> drift(Drift d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("directoryId", d.key().directoryId());
        m.put("directoryUserId", d.key().userId());
        m.put("appUserId", d.appUserId());
        m.put("person", d.label());
        m.put("field", d.field().code());
        m.put("appValue", d.appValue());
        m.put("directoryValue", d.directoryValue());
        m.put("firstSeenAt", d.firstSeenAt().toString());
        m.put("lastSeenAt", d.lastSeenAt().toString());
        m.put("resolvedAt", d.resolvedAt() == null ? null : d.resolvedAt().toString());
        return m;
    }
}
