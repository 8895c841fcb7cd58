package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.outcome.Change;
import dev.dirsync.core.state.PreviewEntry;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Test mode and its pending changes ({@code GET .../preview}), and the mode switches {@code POST .../test},
 * {@code .../pause}, {@code .../activate}, {@code .../resume}, which take no body.
 */
final class ModeHandler {
    private final DirectorySync sync;

    ModeHandler(DirectorySync sync) {
        this.sync = sync;
    }

    void routes(AdminRouter r) {
        r.get("organizations/{org}/preview", this::preview)
                .post("organizations/{org}/test", c -> switchMode(c, sync::startTest))
                .post("organizations/{org}/pause", c -> switchMode(c, sync::pause))
                .post("organizations/{org}/activate", c -> switchMode(c, sync::activate))
                .post("organizations/{org}/resume", c -> switchMode(c, sync::resume));
    }

    private void preview(ApiCall c) throws IOException {
        c.json(200, Map.of("mode", AdminJson.lower(c.org().settings().mode()),
                "pending", c.view().pending().stream().map(ModeHandler::pending).toList()));
    }

    private void switchMode(ApiCall c, BiFunction<String, Source, List<Change>> to) throws IOException {
        List<Change> changes = to.apply(c.orgId(), c.who());
        Organization now = c.view().organization();
        SettingsETag.send(c.resp, now);
        c.json(200, Map.of("mode", AdminJson.lower(now.settings().mode()),
                "changes", changes.stream().map(AdminJson::change).toList()));
    }

    private static Map<String, Object> pending(PreviewEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("directoryUserId", e.key().userId());
        m.put("user", e.desired().identity().email());
        m.put("changes", e.changes().stream().map(AdminJson::change).toList());
        return m;
    }
}
