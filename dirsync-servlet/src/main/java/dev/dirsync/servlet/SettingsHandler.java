package dev.dirsync.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.SettingsUpdate;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /organizations/{org}/settings}: read with an {@code ETag}; change the fields sent, merged into the
 * settings as they are under the organization's lock (so a concurrent change of another field survives), or
 * refused with 412 when {@code If-Match} names an older version.
 */
final class SettingsHandler {
    private final DirectorySync sync;

    SettingsHandler(DirectorySync sync) {
        this.sync = sync;
    }

    void routes(AdminRouter r) {
        r.get("organizations/{org}/settings", this::get).put("organizations/{org}/settings", this::put);
    }

    private void get(ApiCall c) throws IOException {
        SettingsETag.send(c.resp, c.org());
        c.json(200, AdminJson.settings(c.org().settings()));
    }

    private void put(ApiCall c) throws IOException {
        JsonNode body = c.body();
        Long expected = SettingsETag.expected(c.req, c.org().settingsVersion());
        SettingsUpdate update = sync.updateSettings(c.orgId(), current -> AdminJson.mergeSettings(current, body),
                expected, c.who());
        Map<String, Object> out = new LinkedHashMap<>(AdminJson.settings(update.organization().settings()));
        out.put("changes", update.changes().stream().map(AdminJson::change).toList());
        out.put("job", update.job() == null ? null : AdminJson.job(update.job()));
        SettingsETag.send(c.resp, update.organization());
        c.json(200, out);
    }
}
