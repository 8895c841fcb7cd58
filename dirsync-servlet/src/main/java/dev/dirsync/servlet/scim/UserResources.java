package dev.dirsync.servlet.scim;

import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.exceptions.BadRequestException;
import de.captaingoldfish.scim.sdk.common.exceptions.ConflictException;
import de.captaingoldfish.scim.sdk.common.exceptions.ResourceNotFoundException;
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
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.MirrorGroup;
import dev.dirsync.core.state.MirrorMembership;
import dev.dirsync.core.state.MirrorStore;
import dev.dirsync.core.state.MirrorUser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** {@code /Users} backed by the directory mirror; every write is a computed event through the engine. */
final class UserResources extends ResourceHandler<User> {
    private static final Set<String> INDEXED = Set.of("id", "username", "externalid");

    private final Writes writes;
    private final Set<String> servedSchemas;
    private final int maxCandidates;

    UserResources(Writes writes, Set<String> servedSchemas, int maxCandidates) {
        this.writes = writes;
        this.servedSchemas = servedSchemas;
        this.maxCandidates = maxCandidates;
    }

    @Override
    public User createResource(User resource, Context context) {
        ScimRequest r = ScimRequest.of(context);
        String id = UUID.randomUUID().toString();
        Map<String, Object> custom = ScimUsers.customExtensions(context.getRequestBody(), servedSchemas);
        String userName = resource.getUserName().orElseThrow(() -> new BadRequestException("userName is required",
                ScimType.RFC7644.INVALID_VALUE));
        Outcome o = writes.apply(r, (cur, v) -> {
            cur.mirror().findUserByUserName(r.organizationId(), r.directoryId(), userName).ifPresent(u -> {
                throw new ConflictException("userName '" + userName + "' is taken by user " + u.user().id(),
                        ScimType.RFC7644.UNIQUENESS);
            });
            DirectoryUser u = ScimUsers.toDirectoryUser(resource, id, r.directoryId(), custom, cur.now());
            return List.of(new SourceEvent.UserCreated(v.next(), u));
        });
        DirectoryUserKey key = new DirectoryUserKey(r.organizationId(), r.directoryId(), id);
        refuseIfBlocked(o, key, false);
        return read(key).orElseThrow();
    }

    @Override
    public User getResource(String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excluded,
                            Context context) {
        ScimRequest r = ScimRequest.of(context);
        return read(new DirectoryUserKey(r.organizationId(), r.directoryId(), id)).orElse(null);
    }

    @Override
    public PartialListResponse<User> listResources(long startIndex, int count, FilterNode filter,
                                                   SchemaAttribute sortBy, SortOrder sortOrder,
                                                   List<SchemaAttribute> attributes,
                                                   List<SchemaAttribute> excluded, Context context) {
        ScimRequest r = ScimRequest.of(context);
        String org = r.organizationId();
        String dir = r.directoryId();
        List<MirrorUser> candidates = writes.sync().stateStore().inTransaction(tx -> {
            MirrorStore m = tx.mirror();
            Optional<IndexedFilter> indexed = IndexedFilter.of(context, getResourceType(), INDEXED);
            if (indexed.isPresent()) {
                String value = indexed.get().value();
                Optional<MirrorUser> hit = switch (indexed.get().attribute()) {
                    case "id" -> m.findUser(new DirectoryUserKey(org, dir, value)).filter(u -> !u.deleted());
                    case "username" -> m.findUserByUserName(org, dir, value);
                    default -> m.findUserByIdpId(org, dir, value);
                };
                return hit.map(List::of).orElse(List.of());
            }
            return m.users(org).stream().filter(u -> !u.deleted() && u.user().directoryId().equals(dir)).toList();
        });
        if (candidates.size() > maxCandidates) {
            throw new ScimRequest.Failure("this filter would be evaluated over " + candidates.size() + " users, more "
                    + "than the " + maxCandidates + " dirsync evaluates per request; filter by userName, externalId "
                    + "or id", 400, ScimType.RFC7644.TOO_MANY);
        }
        List<User> out = new ArrayList<>(candidates.size());
        for (MirrorUser u : candidates) {
            User user = toUser(u);
            if (!user.has(ScimUsers.ENTERPRISE)) {
                // SCIM-SDK 1.30's filter evaluation fails (NPE) on an extension attribute of a resource without
                // the extension; an empty extension object matches nothing and is not rendered
                user.set(ScimUsers.ENTERPRISE, user.objectNode());
            }
            out.add(user);
        }
        return PartialListResponse.<User>builder().resources(out).totalResults(out.size()).build();
    }

    @Override
    public User updateResource(User resource, Context context) {
        ScimRequest r = ScimRequest.of(context);
        String id = resource.getId().orElseThrow();
        DirectoryUserKey key = new DirectoryUserKey(r.organizationId(), r.directoryId(), id);
        boolean patch = context.getUriInfos().getHttpMethod() == HttpMethod.PATCH;
        r.userPatched |= patch;
        Map<String, Object> requestCustom = patch ? Map.of()
                : ScimUsers.customExtensions(context.getRequestBody(), servedSchemas);
        Outcome o = writes.apply(r, (cur, v) -> {
            MirrorUser current = live(cur.mirror(), key);
            Writes.requireVersion(r, context, resource, current.version());
            String userName = resource.getUserName().orElseThrow(() -> new BadRequestException(
                    "userName is required", ScimType.RFC7644.INVALID_VALUE));
            cur.mirror().findUserByUserName(r.organizationId(), r.directoryId(), userName)
                    .filter(u -> !u.user().id().equals(id)).ifPresent(u -> {
                        throw new ConflictException("userName '" + userName + "' is taken by user " + u.user().id(),
                                ScimType.RFC7644.UNIQUENESS);
                    });
            Map<String, Object> custom = patch
                    ? CustomExtensionPatch.apply(current.user().customAttributes(), context.getRequestBody(), servedSchemas)
                    : requestCustom;
            DirectoryUser next = ScimUsers.toDirectoryUser(resource, id, r.directoryId(), custom,
                    ScimUsers.created(current));
            if (next.equals(current.user())) {
                return List.of();
            }
            return List.of(new SourceEvent.UserUpdated(v.next(current.version()), next));
        });
        refuseIfBlocked(o, key, !resource.isActive().orElse(true));
        return read(key).orElseThrow();
    }

    /**
     * A PATCH whose only effective operations are on custom extension attributes: SCIM-SDK ignores those and
     * never calls {@link #updateResource}, so they are applied here, on the version SCIM-SDK read.
     */
    void patchCustomExtensions(ScimRequest r, String id, String patchBody, String readVersion) {
        DirectoryUserKey key = new DirectoryUserKey(r.organizationId(), r.directoryId(), id);
        writes.apply(r, (cur, v) -> {
            MirrorUser current = live(cur.mirror(), key);
            if (!Versions.etag(current.version()).equals(readVersion)) {
                r.conflicted = true;
                throw new ConflictException("the resource changed while this request was processed; send it again",
                        (String) null);
            }
            Map<String, Object> custom = CustomExtensionPatch.apply(current.user().customAttributes(), patchBody,
                    servedSchemas);
            if (custom.equals(current.user().customAttributes())) {
                return List.of();
            }
            return List.of(new SourceEvent.UserUpdated(v.next(current.version()),
                    current.user().toBuilder().customAttributes(custom).build()));
        });
    }

    @Override
    public void deleteResource(String id, Context context) {
        ScimRequest r = ScimRequest.of(context);
        DirectoryUserKey key = new DirectoryUserKey(r.organizationId(), r.directoryId(), id);
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
        refuseIfBlocked(o, key, true);
    }

    private MirrorUser live(MirrorStore mirror, DirectoryUserKey key) {
        return mirror.findUser(key).filter(u -> !u.deleted()).orElseThrow(() -> new ResourceNotFoundException(
                "the 'User' resource with id '" + key.userId() + "' does not exist"));
    }

    private Optional<User> read(DirectoryUserKey key) {
        return writes.sync().stateStore().inTransaction(tx -> tx.mirror().findUser(key))
                .filter(u -> !u.deleted()).map(this::toUser);
    }

    private User toUser(MirrorUser u) {
        User user = JsonHelper.copyResourceToObject(ScimUsers.toResource(u), User.class);
        user.setMeta(Writes.meta("User", ScimUsers.created(u), u.version()));
        return user;
    }

    /**
     * The sole-admin guard refused what the IdP asked: the IdP is told, so the customer's IT sees it in its
     * provisioning log. Answered for the write that was refused, and again while the IdP repeats a refused
     * deactivation; the mirror keeps the IdP's state either way and the host catches up once it is allowed.
     */
    private void refuseIfBlocked(Outcome o, DirectoryUserKey key, boolean deactivating) {
        List<Change> changes = o instanceof Outcome.Applied a ? a.changes() : List.of();
        String reason = null;
        for (Change c : changes) {
            if ((c.action() == AuditAction.DEACTIVATION_BLOCKED || c.action() == AuditAction.ROLE_CHANGE_BLOCKED)
                    && key.equals(c.key())) {
                reason = c.detail();
            }
        }
        if (reason == null && deactivating && o instanceof Outcome.Applied) {
            reason = stillBlocked(key);
        }
        if (reason != null) {
            throw blocked(reason);
        }
    }

    /** Why a deactivation of this user is still refused by the sole-admin guard, or null. */
    String stillBlocked(DirectoryUserKey key) {
        Optional<AppliedProjection> p = writes.sync().stateStore().inTransaction(tx -> tx.projections().find(key));
        return p.isPresent() && p.get().blocked() != null
                ? "refused: it would leave the organization without an active admin" : null;
    }

    static ScimRequest.Failure blocked(String reason) {
        return new ScimRequest.Failure("The directory change was recorded but not applied to this user: " + reason
                    + ". An admin of the organization must first make another person an admin in the application "
                    + "(or change the sole-admin policy in the Directory Sync settings); dirsync then applies the "
                    + "change by itself and this request succeeds when sent again.", 409, null);
    }
}
