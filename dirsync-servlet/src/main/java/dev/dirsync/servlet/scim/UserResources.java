package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.exceptions.BadRequestException;
import de.captaingoldfish.scim.sdk.common.exceptions.ConflictException;
import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.common.utils.JsonHelper;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceHandler;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;
import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.outcome.Change;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.read.DirectoryView;
import dev.dirsync.core.read.Page;
import dev.dirsync.core.read.UserQuery;
import dev.dirsync.core.read.UserView;
import dev.dirsync.core.state.GroupOfUser;
import dev.dirsync.core.state.MirrorGroup;
import dev.dirsync.core.state.MirrorMembership;
import dev.dirsync.core.state.MirrorStore;
import dev.dirsync.core.state.MirrorUser;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /Users} backed by the directory mirror: reads through the organization's read model, every write a
 * computed event through the engine. One instance per SCIM-SDK endpoint (SCIM-SDK keeps the endpoint's
 * configuration in its handlers); everything about the request comes in its {@link Context}.
 */
final class UserResources extends ResourceHandler<User> {
    private static final Set<String> INDEXED = Set.of("id");

    private final Writes writes;
    private final Set<String> servedSchemas;
    private final int maxCandidates;
    private final int scanPage;

    UserResources(Writes writes, Set<String> servedSchemas, int maxCandidates, int scanPage) {
        this.writes = writes;
        this.servedSchemas = servedSchemas;
        this.maxCandidates = maxCandidates;
        this.scanPage = scanPage;
    }

    @Override
    public User createResource(User resource, Context context) {
        return ScimError.guard(() -> create(ScimRequest.of(context), resource, context));
    }

    private User create(ScimRequest r, User resource, Context context) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> custom = ScimUsers.customExtensions(context.getRequestBody(), servedSchemas);
        String userName = resource.getUserName().orElseThrow(() -> new BadRequestException("userName is required",
                ScimType.RFC7644.INVALID_VALUE));
        java.util.function.BiFunction<dev.dirsync.core.CurrentMirror, Versions, List<SourceEvent>> compute =
                (cur, v) -> {
                    cur.mirror().findUserByUserName(r.organizationId(), r.directoryId(), userName).ifPresent(u -> {
                        throw new ConflictException("userName '" + userName + "' is taken by user " + u.user().id(),
                                ScimType.RFC7644.UNIQUENESS);
                    });
                    DirectoryUser u = ScimUsers.toDirectoryUser(resource, id, r.directoryId(), custom, cur.now());
                    return List.of(new SourceEvent.UserCreated(v.next(), u));
                };
        DirectoryUserKey key = key(r, id);
        if (r.batch() != null) {
            // an operation of a /Bulk: taken with the others of its batch, then answered by ScimBulk (location,
            // version or error); what SCIM-SDK renders from this stand-in is only the answer's id and location
            r.batch().defer(r, compute, o -> refuseIfBlocked(r, o, key, false));
            java.time.Instant now = java.time.Instant.now();
            return toUser(new MirrorUser(r.organizationId(), ScimUsers.toDirectoryUser(resource, id, r.directoryId(),
                    custom, now), new dev.dirsync.core.model.SourceVersion(now, "held"), false));
        }
        Writes.Written w = writes.applyAndRead(r, compute, key);
        refuseIfBlocked(r, w.outcome(), key, false);
        // as stored, read in the write's transaction; a user just created is in no group: no memberships asked for
        return w.user().filter(u -> !u.deleted()).map(this::toUser).orElseThrow();
    }

    @Override
    public User getResource(String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excluded,
                            Context context) {
        return ScimError.guard(() -> {
            ScimRequest r = ScimRequest.of(context);
            return read(r, key(r, id)).orElse(null);
        });
    }

    /**
     * A filter the store answers whole ({@link StoreFilter#exact()}: userName, externalId, emails.value, title,
     * active, meta.lastModified, joined by {@code and}) and a list without filter are pages of the read model: one
     * statement for the page and at most one count, whatever the organization's size. An {@code eq} on id reads
     * that user. Any other filter is evaluated here on the users its store terms narrow to (all live users of the
     * directory if none), read a page at a time; more than {@code maxCandidates} of those is 400 tooMany, so no
     * request walks a whole large organization in Java. So is a sortBy over more than that many. The filter is
     * dirsync's ({@link ScimRequest#filter()}); SCIM-SDK's is always null.
     */
    @Override
    public PartialListResponse<User> listResources(long startIndex, int count, @Nullable FilterNode filter,
                                                   @Nullable SchemaAttribute sortBy, @Nullable SortOrder sortOrder,
                                                   List<SchemaAttribute> attributes,
                                                   List<SchemaAttribute> excluded, Context context) {
        return ScimError.guard(() -> list(ScimRequest.of(context), startIndex, count, sortBy, sortOrder));
    }

    private PartialListResponse<User> list(ScimRequest r, long startIndex, int count,
                                           @Nullable SchemaAttribute sortBy, @Nullable SortOrder sortOrder) {
        ScimMatcher filter = r.filter();
        DirectoryView view = r.directory();
        StoreFilter byStore = filter == null ? new StoreFilter(List.of(), true) : StoreFilter.of(filter);
        UserQuery inDirectory = UserQuery.all().inDirectory(r.directoryId()).withTerms(byStore.terms());
        if (byStore.exact() && sortBy == null) {
            // the page's users and then their groups, one lookup for all of them
            return ReadPages.pageOfLists(startIndex, count,
                    (offset, limit) -> view.users(inDirectory.page(offset, limit)), views -> withGroups(r, views.stream().map(v -> toUser(v.user())).toList()));
        }
        // groups are read for every candidate only if the filter may test them, else for the answer's page only
        boolean groupsTested = filter != null && filter.mayTest("groups");
        java.util.function.Function<MirrorUser, User> listed = u -> groupsTested
                ? withGroups(r, toUser(u)) : toUser(u);
        ListPage<User> page = new ListPage<>(startIndex, count, filter, sortBy, sortOrder);
        Optional<IndexedFilter> byId = IndexedFilter.of(filter, ScimResourceType.USER, INDEXED);
        if (byId.isPresent()) {
            page.offer(view.user(key(r, byId.get().value())).map(UserView::user).filter(u -> !u.deleted())
                    .map(listed).map(List::of).orElse(List.of()));
            return answer(r, page, groupsTested);
        }
        long scanned = 0;
        Page<UserView> users = view.users(inDirectory.page(0, scanPage));
        while (!users.items().isEmpty()) {
            scanned += users.items().size();
            // the first page's total says it already: refused before reading the candidates, not after
            if (scanned > maxCandidates || (scanned == users.items().size() && users.total() > maxCandidates)) {
                throw new ScimError(400, ScimType.RFC7644.TOO_MANY, "this " + (filter == null ? "sortBy" : "filter")
                        + " would be evaluated over more than " + maxCandidates + " users, the most dirsync "
                        + "evaluates per request; the store answers userName, externalId, emails.value, title "
                        + "(eq, sw, co), active eq and meta.lastModified (gt, ge, lt, le) joined by 'and' with no "
                        + "limit: filter by those, or leave out sortBy");
            }
            page.offer(users.items().stream().map(v -> listed.apply(v.user())).toList());
            if (users.items().size() < scanPage) {
                break;
            }
            users = view.users(inDirectory.after(users.items().get(users.items().size() - 1).key())
                    .page(0, scanPage));
        }
        return answer(r, page, groupsTested);
    }

    private static PartialListResponse<User> answer(ScimRequest r, ListPage<User> page, boolean withGroups) {
        return withGroups ? page.response() : page.response(withGroups(r, page.entries()));
    }

    @Override
    public User updateResource(User resource, Context context) {
        return ScimError.guard(() -> {
            ScimRequest r = ScimRequest.of(context);
            Map<String, Object> custom = ScimUsers.customExtensions(context.getRequestBody(), servedSchemas);
            String id = resource.getId().orElseThrow();
            Writes.requireOwnId(context.getRequestBody(), id);
            // meta is read-only and ignored in a PUT body (RFC 7643 §3.1): only If-Match decides on the version
            return replace(r, id, resource, current -> custom, null, Writes.header(context, "If-Match"));
        });
    }

    /**
     * PATCH (RFC 7644 §3.5.2), applied by dirsync's {@link ScimPatch} to the user as served; operations on custom
     * extension attributes by {@link CustomExtensionPatch}. Nothing changes (not even lastModified) if the result
     * equals the user; an IdP repeating a deactivation the sole-admin guard still refuses is told so again.
     *
     * @throws ScimError.LostRace if the user changed after it was read here; the request is then run again
     */
    User patch(ScimRequest r, String id, List<ObjectNode> operations, String body, @Nullable String ifMatch) {
        DirectoryUserKey key = key(r, id);
        MirrorUser current = r.directory().user(key).map(UserView::user).filter(u -> !u.deleted())
                .orElseThrow(() -> notFound(id));
        Writes.requireIfMatch(ifMatch, current.version());
        ObjectNode before = ScimUsers.toResource(current);
        ObjectNode after = new ScimPatch(ScimResourceType.USER, r.dialect() == ScimDialect.ENTRA)
                .apply(before, operations);
        Map<String, Object> custom = CustomExtensionPatch.apply(current.user().customAttributes(), body,
                servedSchemas);
        if (after.equals(before) && custom.equals(current.user().customAttributes())) {
            refuseIfBlocked(r, new Outcome.Applied("", List.of()), key, !after.path("active").asBoolean(true));
            return read(r, key).orElseThrow();
        }
        return replace(r, id, JsonHelper.copyResourceToObject(after, User.class),
                c -> CustomExtensionPatch.apply(c, body, servedSchemas), Versions.etag(current.version()), null);
    }

    /**
     * Replaces the user by this resource, in one transaction with the checks of its version and userName.
     *
     * @param custom the custom extension attributes to keep, from the current ones
     * @param read the ETag of the version the resource was computed from (PATCH), or null (PUT)
     */
    private User replace(ScimRequest r, String id, User resource,
                         java.util.function.UnaryOperator<Map<String, Object>> custom, @Nullable String read,
                         @Nullable String ifMatch) {
        DirectoryUserKey key = key(r, id);
        String userName = resource.getUserName().filter(n -> !n.isBlank()).orElseThrow(() -> new BadRequestException(
                "userName is required", ScimType.RFC7644.INVALID_VALUE));
        Outcome o = writes.apply(r, (cur, v) -> {
            MirrorUser current = live(cur.mirror(), key);
            Writes.requireVersion(read, ifMatch, current.version());
            cur.mirror().findUserByUserName(r.organizationId(), r.directoryId(), userName)
                    .filter(u -> !u.user().id().equals(id)).ifPresent(u -> {
                        throw new ConflictException("userName '" + userName + "' is taken by user " + u.user().id(),
                                ScimType.RFC7644.UNIQUENESS);
                    });
            DirectoryUser next = ScimUsers.toDirectoryUser(resource, id, r.directoryId(),
                    custom.apply(current.user().customAttributes()), ScimUsers.created(current));
            if (next.equals(current.user())) {
                return List.of();
            }
            return List.of(new SourceEvent.UserUpdated(v.next(current.version()), next));
        });
        refuseIfBlocked(r, o, key, !resource.isActive().orElse(true));
        return read(r, key).orElseThrow();
    }

    @Override
    public void deleteResource(String id, Context context) {
        ScimError.guard(() -> {
            delete(ScimRequest.of(context), id);
            return null;
        });
    }

    private void delete(ScimRequest r, String id) {
        DirectoryUserKey key = key(r, id);
        Outcome o = writes.apply(r, (cur, v) -> {
            MirrorUser current = live(cur.mirror(), key);
            List<SourceEvent> events = new ArrayList<>();
            events.add(new SourceEvent.UserDeleted(v.next(current.version()), id));
            // the group resources stop listing the deleted user; their versions move with their members
            for (String groupId : cur.mirror().groupIdsOfUser(key)) {
                MirrorGroup g = cur.mirror().findGroup(r.organizationId(), r.directoryId(), groupId).orElse(null);
                MirrorMembership m = cur.mirror().findMembership(r.organizationId(), r.directoryId(), groupId, id)
                        .orElse(null);
                events.add(new SourceEvent.UserRemovedFromGroup(v.next(m == null ? null : m.version()), id, groupId));
                if (g != null && !g.deleted()) {
                    events.add(new SourceEvent.GroupUpdated(v.next(g.version()), g.group()));
                }
            }
            return events;
        });
        refuseIfBlocked(r, o, key, true);
    }

    private static DirectoryUserKey key(ScimRequest r, String id) {
        return new DirectoryUserKey(r.organizationId(), r.directoryId(), id);
    }

    private MirrorUser live(MirrorStore mirror, DirectoryUserKey key) {
        return mirror.findUser(key).filter(u -> !u.deleted()).orElseThrow(() -> notFound(key.userId()));
    }

    private static ScimError notFound(String id) {
        return new ScimError(404, null, "the 'User' resource with id '" + id + "' does not exist");
    }

    private Optional<User> read(ScimRequest r, DirectoryUserKey key) {
        return r.directory().user(key).map(UserView::user).filter(u -> !u.deleted())
                .map(u -> withGroups(r, toUser(u)));
    }

    private User toUser(MirrorUser u) {
        User user = JsonHelper.copyResourceToObject(ScimUsers.toResource(u), User.class);
        user.setMeta(Writes.meta("User", ScimUsers.created(u), u.version()));
        return user;
    }

    private static User withGroups(ScimRequest r, User user) {
        return withGroups(r, List.of(user)).get(0);
    }

    /**
     * The users with their read-only {@code groups} (RFC 7643 §4.1.2), from their memberships in live groups, read for
     * all of them in one lookup: value, $ref, display (the group's name) and type {@code direct} (no nested groups).
     */
    private static List<User> withGroups(ScimRequest r, List<User> users) {
        Map<String, List<GroupOfUser>> byUser = new java.util.HashMap<>();
        for (GroupOfUser g : r.directory().groupsOf(r.directoryId(),
                users.stream().map(u -> u.getId().orElseThrow()).toList())) {
            byUser.computeIfAbsent(g.userId(), k -> new ArrayList<>()).add(g);
        }
        for (User user : users) {
            user.remove("groups");
            List<GroupOfUser> groups = byUser.getOrDefault(user.getId().orElseThrow(), List.of());
            if (!groups.isEmpty()) {
                com.fasterxml.jackson.databind.node.ArrayNode array = user.arrayNode();
                for (GroupOfUser g : groups) {
                    array.addObject().put("value", g.groupId()).put("$ref", r.base() + "/Groups/" + g.groupId())
                            .put("display", g.groupDisplayName()).put("type", "direct");
                }
                user.set("groups", array);
            }
        }
        return users;
    }

    /**
     * The sole-admin guard refused what the IdP asked: the IdP is told, so the customer's IT sees it in its
     * provisioning log. Answered for the write that was refused, and again while the IdP repeats a refused
     * deactivation; the mirror keeps the IdP's state either way and the host catches up once it is allowed.
     */
    private static void refuseIfBlocked(ScimRequest r, Outcome o, DirectoryUserKey key, boolean deactivating) {
        List<Change> changes = o instanceof Outcome.Applied a ? a.changes() : List.of();
        String reason = null;
        for (Change c : changes) {
            if ((c.action() == AuditAction.DEACTIVATION_BLOCKED || c.action() == AuditAction.ROLE_CHANGE_BLOCKED)
                    && key.equals(c.key())) {
                reason = c.detail();
            }
        }
        if (reason == null && deactivating && o instanceof Outcome.Applied) {
            reason = stillBlocked(r, key);
        }
        if (reason != null) {
            throw blocked(reason);
        }
    }

    /** Why a deactivation of this user is still refused by the sole-admin guard, or null. */
    private static @Nullable String stillBlocked(ScimRequest r, DirectoryUserKey key) {
        boolean blocked = r.directory().user(key).map(UserView::applied).map(a -> a.blocked() != null)
                .orElse(false);
        return blocked ? "refused: it would leave the organization without an active admin" : null;
    }

    static ScimError blocked(String reason) {
        return new ScimError(409, null, "The directory change was recorded but not applied to this user: " + reason
                    + ". An admin of the organization must first make another person an admin in the application "
                    + "(or change the sole-admin policy in the Directory Sync settings); dirsync then applies the "
                    + "change by itself and this request succeeds when sent again.");
    }
}
