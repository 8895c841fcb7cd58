package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.exceptions.BadRequestException;
import de.captaingoldfish.scim.sdk.common.exceptions.ConflictException;
import de.captaingoldfish.scim.sdk.common.resources.Group;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.common.utils.JsonHelper;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceHandler;
import de.captaingoldfish.scim.sdk.server.endpoints.features.EndpointType;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;
import dev.dirsync.core.CurrentMirror;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.read.DirectoryView;
import dev.dirsync.core.read.GroupQuery;
import dev.dirsync.core.read.GroupView;
import dev.dirsync.core.state.MirrorGroup;
import dev.dirsync.core.state.MirrorMembership;
import dev.dirsync.core.state.MirrorStore;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * {@code /Groups} backed by the directory mirror. Members are membership events: adding a present member or
 * removing an absent one changes nothing; every write that changes members also moves the group's version. Reads go
 * through the organization's read model. One instance per SCIM-SDK endpoint; the request comes in its
 * {@link Context}.
 */
final class GroupResources extends ResourceHandler<Group> {
    private static final Set<String> INDEXED = Set.of("id", "displayname");
    private static final String CREATED = ScimUsers.CREATED;

    private final Writes writes;
    private final int maxCandidates;
    private final int scanPage;

    GroupResources(Writes writes, int maxCandidates, int scanPage) {
        this.writes = writes;
        this.maxCandidates = maxCandidates;
        this.scanPage = scanPage;
    }

    @Override
    public Group createResource(Group resource, Context context) {
        return ScimError.guard(() -> create(ScimRequest.of(context), resource));
    }

    private Group create(ScimRequest r, Group resource) {
        String id = UUID.randomUUID().toString();
        String name = displayName(resource);
        Set<String> members = memberIds(resource);
        writes.apply(r, (cur, v) -> {
            requireUniqueName(cur, r, name, null);
            requireUsers(cur, r, members);
            List<SourceEvent> events = new ArrayList<>();
            events.add(new SourceEvent.GroupCreated(v.next(), toGroup(resource, id, r.directoryId(), cur.now())));
            for (String userId : members) {
                events.add(new SourceEvent.UserAddedToGroup(v.next(), userId, id));
            }
            return events;
        });
        return read(r, id, true).orElseThrow();
    }

    @Override
    public Group getResource(String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excluded,
                             Context context) {
        return ScimError.guard(() -> read(ScimRequest.of(context), id, !excludesMembers(excluded)).orElse(null));
    }

    /**
     * An {@code eq} on id or displayName is answered by the index; any other filtered or sorted list reads the
     * directory's live groups a page at a time and keeps only the requested page and the count (members are read
     * for every group only if the filter may test them); a list without filter and sortBy is one page of the read
     * model. The filter is dirsync's ({@link ScimRequest#filter()}); SCIM-SDK's is always null.
     */
    @Override
    public PartialListResponse<Group> listResources(long startIndex, int count, @Nullable FilterNode filter,
                                                    @Nullable SchemaAttribute sortBy, @Nullable SortOrder sortOrder,
                                                    List<SchemaAttribute> attributes,
                                                    List<SchemaAttribute> excluded, Context context) {
        return ScimError.guard(() -> list(ScimRequest.of(context), startIndex, count, sortBy, sortOrder,
                !excludesMembers(excluded)));
    }

    private PartialListResponse<Group> list(ScimRequest r, long startIndex, int count,
                                            @Nullable SchemaAttribute sortBy, @Nullable SortOrder sortOrder,
                                            boolean withMembers) {
        ScimMatcher filter = r.filter();
        DirectoryView view = r.directory();
        GroupQuery inDirectory = GroupQuery.all().inDirectory(r.directoryId());
        if (filter == null && sortBy == null) {
            return ReadPages.page(startIndex, count, (offset, limit) -> view.groups(inDirectory.page(offset, limit)),
                    g -> toResource(r.base(), g.group(), withMembers ? view.memberIds(r.directoryId(), g.group().group().id())
                            : null));
        }
        boolean membersTested = filter != null && filter.mayTest("members");
        ListPage<Group> page = new ListPage<>(startIndex, count, filter, sortBy, sortOrder);
        Optional<IndexedFilter> indexed = IndexedFilter.of(filter, ScimResourceType.GROUP, INDEXED);
        if (indexed.isPresent()) {
            List<MirrorGroup> candidates = indexed.get().attribute().equals("id")
                    ? view.groupOnly(r.directoryId(), indexed.get().value())
                            .filter(g -> !g.deleted()).map(List::of).orElse(List.of())
                    : view.groupsNamed(r.directoryId(), indexed.get().value());
            page.offer(candidates.stream().map(g -> listed(r.base(), view, g, membersTested)).toList());
        } else {
            // offset pages in the read model's (display name) order: a group renamed or deleted during the scan
            // may be seen twice or missed, as between the pages of any SCIM list
            long[] scanned = {0};
            ReadPages.forEach(scanPage, (offset, limit) -> view.groups(inDirectory.page(offset, limit)), groups -> {
                scanned[0] += groups.size();
                if (scanned[0] > maxCandidates) {
                    throw new ScimError(400, ScimType.RFC7644.TOO_MANY, "this filter would be evaluated over more "
                            + "than " + maxCandidates + " groups, the most dirsync evaluates per request; filter by "
                            + "displayName or id");
                }
                page.offer(groups.stream().map(g -> listed(r.base(), view, g.group(), membersTested)).toList());
            });
        }
        if (!withMembers || membersTested) {
            return page.response();
        }
        List<Group> entries = new ArrayList<>();
        for (Group g : page.entries()) {
            entries.add(withMembers(r.base(), g, view.memberIds(r.directoryId(), g.getId().orElseThrow())));
        }
        return page.response(entries);
    }

    /** A group as a list entry, with its members if the filter may test them. */
    private static Group listed(String base, DirectoryView view, MirrorGroup g, boolean withMembers) {
        return toResource(base, g, withMembers ? view.memberIds(g.group().directoryId(), g.group().id()) : null);
    }

    @Override
    public Group getResourceForUpdate(String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excluded,
                                      Context context, EndpointType type) {
        // a patch of members needs them all
        return ScimError.guard(() -> read(ScimRequest.of(context), id, true).orElse(null));
    }

    @Override
    public Group updateResource(Group resource, Context context) {
        return ScimError.guard(() -> {
            String id = resource.getId().orElseThrow();
            Writes.requireOwnId(context.getRequestBody(), id);
            // meta is read-only and ignored in a PUT body (RFC 7643 §3.1): only If-Match decides on the version
            return replace(ScimRequest.of(context), id, resource, null, Writes.header(context, "If-Match"));
        });
    }

    /**
     * PATCH (RFC 7644 §3.5.2), applied by dirsync's {@link ScimPatch} to the group as served, members included;
     * the members that differ become membership events. Nothing changes if the result equals the group.
     *
     * @throws ScimError.LostRace if the group changed after it was read here; the request is then run again
     */
    Group patch(ScimRequest r, String id, List<ObjectNode> operations, @Nullable String ifMatch) {
        DirectoryView view = r.directory();
        MirrorGroup current = view.groupOnly(r.directoryId(), id).filter(g -> !g.deleted())
                .orElseThrow(() -> notFound(id));
        Writes.requireIfMatch(ifMatch, current.version());
        ObjectNode before = toJson(r.base(), current, view.memberIds(r.directoryId(), id));
        ObjectNode after = new ScimPatch(ScimResourceType.GROUP, r.dialect() == ScimDialect.ENTRA)
                .apply(before, operations);
        if (after.equals(before)) {
            return toResource(r.base(), current, view.memberIds(r.directoryId(), id));
        }
        return replace(r, id, JsonHelper.copyResourceToObject(after, Group.class), Versions.etag(current.version()),
                null);
    }

    /**
     * The members a PATCH adds (true) and removes (false), in the order of its operations (the last one about a
     * user wins), if it does nothing else: {@code add} to {@code members} with a list of {@code {"value": id}},
     * {@code remove} of {@code members[value eq "id"]}, or {@code remove} of {@code members} with such a list (Entra
     * ID). Null for any other PATCH, which {@link #patch} applies to the whole group.
     */
    static @Nullable Map<String, Boolean> memberChanges(List<ObjectNode> operations) {
        Map<String, Boolean> changes = new LinkedHashMap<>();
        for (ObjectNode op : operations) {
            JsonNode name = ScimPatch.member(op, "op");
            JsonNode path = ScimPatch.member(op, "path");
            JsonNode value = ScimPatch.member(op, "value");
            if (name == null || !name.isTextual() || path == null || !path.isTextual()) {
                return null;
            }
            boolean add = name.asText().equals("add");
            if (!add && !name.asText().equals("remove")) {
                return null;
            }
            String p = path.asText().trim();
            if (p.equalsIgnoreCase("members")) {
                List<String> ids = memberValues(value);
                if (ids == null) {
                    return null; // a remove of every member, or values that are not {"value": id}
                }
                ids.forEach(id -> {
                    changes.remove(id);
                    changes.put(id, add);
                });
            } else if (!add && p.regionMatches(true, 0, "members[", 0, 8) && (value == null || value.isNull())) {
                ScimFilter.PatchPath pp;
                try {
                    pp = ScimFilter.parsePath(p);
                } catch (ScimError e) {
                    return null; // answered by the full PATCH
                }
                if (pp.sub() != null || pp.attribute().urn() != null || pp.attribute().sub() != null
                        || !(pp.filter() instanceof ScimFilter.Compare c) || c.op() != ScimFilter.Op.EQ
                        || c.path().urn() != null || c.path().sub() != null
                        || !c.path().name().equalsIgnoreCase("value") || c.value() == null
                        || !c.value().isTextual()) {
                    return null;
                }
                changes.remove(c.value().asText());
                changes.put(c.value().asText(), false);
            } else {
                return null;
            }
        }
        return changes;
    }

    /** The ids of a list of {@code {"value": id, ...}} (one such object alone too), or null if it is not one. */
    private static @Nullable List<String> memberValues(@Nullable JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode m : value.isArray() ? value : ScimJson.MAPPER.createArrayNode().add(value)) {
            JsonNode v = m.isObject() ? ScimPatch.member((ObjectNode) m, "value") : null;
            if (v == null || !v.isTextual() || v.asText().isBlank()) {
                return null;
            }
            ids.add(v.asText());
        }
        return ids;
    }

    /**
     * A PATCH that only adds and removes members ({@link #memberChanges}), without reading the member list: per
     * user one membership row is read and, if it changes, one membership event taken (with the group's version
     * moved, as every change of members does); the engine re-projects only those users. The same outcome as
     * {@link #patch}: adding a present member or removing an absent one changes nothing.
     *
     * @return the group's version now
     */
    dev.dirsync.core.model.SourceVersion patchMembers(ScimRequest r, String id, Map<String, Boolean> changes,
                                                      @Nullable String ifMatch) {
        writes.apply(r, (cur, v) -> {
            MirrorGroup current = live(cur.mirror(), r, id);
            Writes.requireIfMatch(ifMatch, current.version());
            List<SourceEvent> events = new ArrayList<>();
            Set<String> added = new TreeSet<>();
            for (Map.Entry<String, Boolean> c : changes.entrySet()) {
                MirrorMembership m = cur.mirror().findMembership(r.organizationId(), r.directoryId(), id, c.getKey())
                        .orElse(null);
                boolean present = m != null && m.present();
                if (c.getValue() && !present) {
                    added.add(c.getKey());
                    events.add(new SourceEvent.UserAddedToGroup(v.next(m == null ? null : m.version()), c.getKey(), id));
                } else if (!c.getValue() && present) {
                    events.add(new SourceEvent.UserRemovedFromGroup(v.next(m.version()), c.getKey(), id));
                }
            }
            requireUsers(cur, r, added);
            if (!events.isEmpty()) {
                events.add(0, new SourceEvent.GroupUpdated(v.next(current.version()), current.group()));
            }
            return events;
        });
        return r.directory().groupOnly(r.directoryId(), id).filter(g -> !g.deleted())
                .orElseThrow(() -> notFound(id)).version();
    }

    /**
     * Replaces the group (name, attributes, members) by this resource in one transaction.
     *
     * @param read the ETag of the version the resource was computed from (PATCH), or null (PUT)
     */
    private Group replace(ScimRequest r, String id, Group resource, @Nullable String read, @Nullable String ifMatch) {
        String name = displayName(resource);
        Set<String> wanted = memberIds(resource);
        writes.apply(r, (cur, v) -> {
            MirrorGroup current = live(cur.mirror(), r, id);
            Writes.requireVersion(read, ifMatch, current.version());
            requireUniqueName(cur, r, name, id);
            Set<String> present = new LinkedHashSet<>(cur.mirror().userIdsInGroup(r.organizationId(), r.directoryId(), id));
            Set<String> added = new TreeSet<>(wanted);
            added.removeAll(present);
            Set<String> removed = new TreeSet<>(present);
            removed.removeAll(wanted);
            requireUsers(cur, r, added);
            DirectoryGroup next = toGroup(resource, id, r.directoryId(), created(current));
            if (next.equals(current.group()) && added.isEmpty() && removed.isEmpty()) {
                return List.of();
            }
            List<SourceEvent> events = new ArrayList<>();
            events.add(new SourceEvent.GroupUpdated(v.next(current.version()), next));
            for (String userId : added) {
                events.add(new SourceEvent.UserAddedToGroup(v.next(membershipVersion(cur, r, id, userId)), userId, id));
            }
            for (String userId : removed) {
                events.add(new SourceEvent.UserRemovedFromGroup(v.next(membershipVersion(cur, r, id, userId)), userId, id));
            }
            return events;
        });
        return read(r, id, true).orElseThrow();
    }

    @Override
    public void deleteResource(String id, Context context) {
        ScimError.guard(() -> {
            ScimRequest r = ScimRequest.of(context);
            writes.apply(r, (cur, v) -> {
                MirrorGroup current = live(cur.mirror(), r, id);
                return List.of(new SourceEvent.GroupDeleted(v.next(current.version()), id));
            });
            return null;
        });
    }

    private static dev.dirsync.core.model.SourceVersion membershipVersion(CurrentMirror cur, ScimRequest r,
                                                                          String groupId, String userId) {
        return cur.mirror().findMembership(r.organizationId(), r.directoryId(), groupId, userId)
                .map(MirrorMembership::version).orElse(null);
    }

    private static void requireUniqueName(CurrentMirror cur, ScimRequest r, String name, String self) {
        for (MirrorGroup g : cur.mirror().findGroupsByDisplayName(r.organizationId(), r.directoryId(), name)) {
            if (!g.group().id().equals(self)) {
                throw new ConflictException("a group named '" + name + "' exists already (id " + g.group().id() + ")",
                        ScimType.RFC7644.UNIQUENESS);
            }
        }
    }

    /** Members must be live users of this directory: dirsync has no nested groups. */
    private static void requireUsers(CurrentMirror cur, ScimRequest r, Set<String> userIds) {
        List<String> unknown = new ArrayList<>();
        for (String userId : userIds) {
            boolean live = cur.mirror().findUser(new DirectoryUserKey(r.organizationId(), r.directoryId(), userId))
                    .filter(u -> !u.deleted()).isPresent();
            if (!live) {
                unknown.add(userId);
            }
        }
        if (!unknown.isEmpty()) {
            throw new BadRequestException("members must be users of this directory; unknown or deleted: " + unknown
                    + " (groups cannot be nested)", ScimType.RFC7644.INVALID_VALUE);
        }
    }

    private static MirrorGroup live(MirrorStore mirror, ScimRequest r, String id) {
        return mirror.findGroup(r.organizationId(), r.directoryId(), id).filter(g -> !g.deleted())
                .orElseThrow(() -> notFound(id));
    }

    private static ScimError notFound(String id) {
        return new ScimError(404, null, "the 'Group' resource with id '" + id + "' does not exist");
    }

    private static String displayName(Group g) {
        return g.getDisplayName().filter(s -> !s.isBlank()).orElseThrow(() -> new BadRequestException(
                "displayName is required", ScimType.RFC7644.INVALID_VALUE));
    }

    private static Set<String> memberIds(Group g) {
        Set<String> ids = new TreeSet<>();
        JsonNode members = g.get("members");
        if (members instanceof ArrayNode a) {
            for (JsonNode m : a) {
                String value = ScimJson.text(m, "value");
                if (value != null && !value.isBlank()) {
                    ids.add(value);
                }
            }
        }
        return ids;
    }

    private static DirectoryGroup toGroup(Group resource, String id, String directoryId, Instant created) {
        ObjectNode raw = resource.deepCopy();
        raw.remove(List.of("id", "meta", "members"));
        Map<String, Object> rawMap = new LinkedHashMap<>(ScimJson.toMap(raw));
        rawMap.put(CREATED, created.toString());
        return new DirectoryGroup(id, directoryId, ScimJson.text(raw, "externalId"), displayName(resource), rawMap);
    }

    private static Instant created(MirrorGroup g) {
        Object c = g.group().rawAttributes().get(CREATED);
        return c == null ? g.version().time() : Instant.parse(c.toString());
    }

    private static Optional<Group> read(ScimRequest r, String id, boolean withMembers) {
        DirectoryView view = r.directory();
        return view.groupOnly(r.directoryId(), id).filter(g -> !g.deleted())
                .map(g -> toResource(r.base(), g, withMembers ? view.memberIds(r.directoryId(), id) : null));
    }

    /** The SCIM representation of a mirror group; members only if given. */
    private static Group toResource(String base, MirrorGroup g, @Nullable List<String> memberIds) {
        Group group = JsonHelper.copyResourceToObject(toJson(base, g, memberIds), Group.class);
        group.setMeta(Writes.meta("Group", created(g), g.version()));
        return group;
    }

    /** The group as JSON, without meta; members only if given. */
    private static ObjectNode toJson(String base, MirrorGroup g, @Nullable List<String> memberIds) {
        Map<String, Object> raw = new LinkedHashMap<>(g.group().rawAttributes());
        raw.remove(CREATED);
        ObjectNode n = ScimJson.toNode(raw);
        n.put("id", g.group().id());
        n.put("displayName", g.group().displayName());
        if (!n.has("schemas")) {
            n.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Group");
        }
        if (memberIds != null) {
            addMembers(base, n, memberIds);
        }
        return n;
    }

    private static Group withMembers(String base, Group g, List<String> memberIds) {
        addMembers(base, g, memberIds);
        return g;
    }

    /** Members are users only (no nested groups): value, $ref and type {@code User}. */
    private static void addMembers(String base, ObjectNode group, List<String> memberIds) {
        ArrayNode members = group.putArray("members");
        for (String userId : memberIds) {
            members.addObject().put("value", userId).put("$ref", base + "/Users/" + userId).put("type", "User");
        }
    }

    private static boolean excludesMembers(List<SchemaAttribute> excluded) {
        // only an explicit exclusion skips loading: a filter may test members even when they are not returned
        return excluded != null && excluded.stream().anyMatch(a -> a.getName().equalsIgnoreCase("members"));
    }
}
