package dev.dirsync.servlet;

import dev.dirsync.core.read.SyncHealth;
import dev.dirsync.core.state.ScimCredential;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /organizations/{org}/status}: what the setup page polls every few seconds to confirm the first
 * sync by itself: the health word, counts, the provider, the newest event and each SCIM token's last use. Read
 * model only (unlike {@code .../health}, it never calls WorkOS), so polling it costs a few indexed reads.
 */
final class StatusHandler {

    void routes(AdminRouter r) {
        r.get("organizations/{org}/status", this::get);
    }

    private void get(ApiCall c) throws IOException {
        c.json(200, status(c.view().health(), c.org().settings().mode().name(), c.view().scimCredentials()));
    }

    static Map<String, Object> status(SyncHealth h, String mode, List<ScimCredential> credentials) {
        Map<String, Object> out = new LinkedHashMap<>();
        SyncHealth.DirectoryHealth live = h.directories().stream().filter(d -> !d.removed()).findFirst().orElse(null);
        out.put("status", h.status().code());
        out.put("reason", h.reason());
        out.put("action", h.action());
        out.put("mode", mode.toLowerCase(java.util.Locale.ROOT));
        out.put("connected", connected(h));
        out.put("provider", live == null ? null : live.provider());
        out.put("source", live == null ? null : AdminJson.lower(live.kind()));
        out.put("lastEventAt", iso(h.lastEventAt()));
        out.put("usersSynced", h.usersSynced());
        out.put("groupsSynced", h.groupsSynced());
        out.put("checkedAt", iso(h.checkedAt()));
        List<Map<String, Object>> creds = new ArrayList<>();
        for (ScimCredential cr : credentials) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", cr.id());
            m.put("suffix", cr.suffix());
            m.put("active", cr.active());
            m.put("lastUsedAt", iso(cr.lastUsedAt()));
            creds.add(m);
        }
        out.put("credentials", creds);
        return out;
    }

    /** A directory has sent something: an event, or people and groups in the mirror. */
    static boolean connected(SyncHealth h) {
        return h.lastEventAt() != null || h.usersSynced() > 0 || h.groupsSynced() > 0;
    }

    private static @Nullable String iso(@Nullable Instant t) {
        return t == null ? null : t.toString();
    }
}
