package dev.dirsync.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.CatalogViolation;
import dev.dirsync.core.SettingsUpdate;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.read.GroupQuery;
import dev.dirsync.core.read.GroupView;
import dev.dirsync.core.read.Page;
import dev.dirsync.core.state.DirectoryConnection;
import dev.dirsync.core.state.MirrorUser;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /organizations/{org}/groups}: synced groups with member counts and mappings (paged in the store), the
 * members of one group, a group's mapping (read with an {@code ETag}, written with {@code If-Match}) and the
 * preview of proposed mappings.
 */
final class GroupsHandler {
    /** Page size of the groups list when the caller names none. */
    static final int DEFAULT_LIMIT = 100;
    private final DirectorySync sync;

    GroupsHandler(DirectorySync sync) {
        this.sync = sync;
    }

    void routes(AdminRouter r) {
        r.get("organizations/{org}/groups", this::list)
                .post("organizations/{org}/groups/mapping-preview", this::preview)
                .get("organizations/{org}/groups/{group}/mapping", this::getMapping)
                .put("organizations/{org}/groups/{group}/mapping", this::putMapping)
                .get("organizations/{org}/groups/{group}/members", this::members);
    }

    /** {@code ?q=&deleted=&offset=&limit=}: tombstones of deleted groups are listed unless {@code deleted=false}. */
    private void list(ApiCall c) throws IOException {
        Organization org = c.org(); // the mappings shown and the ETag come from one read of the settings
        Boolean deleted = Params.bool(c.req, "deleted");
        Page<GroupView> page = c.view().groups(GroupQuery.all().matching(Params.text(c.req, "q"))
                .includingDeleted(deleted == null || deleted)
                .page(Params.intParam(c.req, "offset", 0, 0, Integer.MAX_VALUE),
                        Params.intParam(c.req, "limit", DEFAULT_LIMIT, 1, GroupQuery.MAX_LIMIT)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", page.total());
        out.put("offset", page.offset());
        out.put("limit", page.limit());
        out.put("groups", page.items().stream().map(g -> AdminJson.group(g, org.settings())).toList());
        SettingsETag.send(c.resp, org);
        c.json(200, out);
    }

    private void getMapping(ApiCall c) throws IOException {
        GroupMapping gm = c.org().settings().groupMappings().get(c.var("group"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("groupId", c.var("group"));
        out.put("mapping", gm == null ? null : AdminJson.mapping(gm));
        SettingsETag.send(c.resp, c.org());
        c.json(200, out);
    }

    private void putMapping(ApiCall c) throws IOException {
        GroupMapping gm = AdminJson.groupMapping(c.var("group"), c.body(), "mapping");
        Long expected = SettingsETag.expected(c.req, c.org().settingsVersion());
        SettingsUpdate update;
        try {
            update = sync.updateSettings(c.orgId(), current -> {
                try {
                    return current.withGroupMapping(gm);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest(e.getMessage());
                }
            }, expected, c.who());
        } catch (CatalogViolation e) {
            throw notInCatalog("mapping", e);
        }
        SettingsETag.send(c.resp, update.organization());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mapping", AdminJson.mapping(gm));
        out.put("changes", update.changes().stream().map(AdminJson::change).toList());
        // a background re-projection: the changes come with it, its progress at .../jobs/{id}
        out.put("job", update.job() == null ? null : AdminJson.job(update.job()));
        c.json(200, out);
    }

    private void preview(ApiCall c) throws IOException {
        JsonNode b = c.body();
        if (!b.has("mappings") || !b.get("mappings").isObject()) {
            throw ApiException.invalidField("mappings", "send {\"mappings\": {groupId: {role, workspaces}}}");
        }
        OrganizationSettings proposed = c.org().settings();
        try {
            for (var it = b.get("mappings").fields(); it.hasNext(); ) {
                var e = it.next();
                proposed = proposed.withGroupMapping(AdminJson.groupMapping(e.getKey(), e.getValue(),
                        "mappings." + e.getKey()));
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        List<dev.dirsync.core.outcome.Change> changes;
        try {
            changes = sync.previewSettings(c.orgId(), proposed);
        } catch (CatalogViolation e) {
            throw notInCatalog("mappings." + e.groupId(), e);
        }
        c.json(200, Map.of("changes", changes.stream().map(AdminJson::change).toList()));
    }

    /** A mapping outside the host's catalog, with the field named as this request's body names it. */
    private static ApiException notInCatalog(String prefix, CatalogViolation e) {
        String field = prefix + (e.kind() == CatalogViolation.Kind.ROLE ? ".role" : ".workspaces");
        return ApiException.notInCatalog(field, e.getMessage().replace(e.field(), field), e.allowed());
    }

    /** {@code ?directory=&offset=&limit=}: without {@code directory}, the first directory holding the group. */
    private void members(ApiCall c) throws IOException {
        String groupId = c.var("group");
        GroupView group = find(c, groupId, Params.text(c.req, "directory"));
        String dir = group.group().group().directoryId();
        Page<MirrorUser> page = c.view().members(dir, groupId,
                Params.intParam(c.req, "offset", 0, 0, Integer.MAX_VALUE),
                Params.intParam(c.req, "limit", Params.DEFAULT_USERS_LIMIT, 1, GroupQuery.MAX_LIMIT));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("groupId", groupId);
        out.put("directoryId", dir);
        out.put("displayName", group.group().group().displayName());
        out.put("total", page.total());
        out.put("offset", page.offset());
        out.put("limit", page.limit());
        out.put("members", page.items().stream().map(AdminJson::member).toList());
        c.json(200, out);
    }

    private static GroupView find(ApiCall c, String groupId, @Nullable String directoryId) {
        List<String> dirs = new ArrayList<>();
        if (directoryId != null) {
            dirs.add(directoryId);
        } else {
            c.view().connections().stream().map(DirectoryConnection::directoryId).forEach(dirs::add);
        }
        for (String dir : dirs) {
            Optional<GroupView> g = c.view().group(dir, groupId);
            if (g.isPresent()) {
                return g.get();
            }
        }
        throw ApiException.notFound("no group '" + groupId + "' in " + (directoryId == null
                ? "any directory of organization " + c.orgId() : "directory '" + directoryId + "'"));
    }
}
