package dev.dirsync.servlet.scim;

import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.etag.ETag;
import de.captaingoldfish.scim.sdk.common.exceptions.PreconditionFailedException;
import de.captaingoldfish.scim.sdk.common.resources.complex.Meta;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.CurrentMirror;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.SourceVersion;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.state.StateStoreUnavailableException;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** Writes of the SCIM handlers: computed events through the engine, versions, optimistic checks, errors. */
final class Writes {
    private final DirectorySync sync;
    private final QuotaGuard quotas;

    Writes(DirectorySync sync, QuotaGuard quotas) {
        this.sync = sync;
        this.quotas = quotas;
    }

    /**
     * Computes and takes the events of one SCIM write atomically; refusals propagate as SCIM errors. A computation
     * that finds nothing to change returns no events: nothing is written and the version stays (an IdP adding a
     * present member, or sending the same PUT again, must not look like a change). Concurrent writes of one
     * organization are taken together, one transaction for those that wait on each other (the engine's group
     * commit); one refused (its computation throws a SCIM error) leaves the others applied.
     */
    Outcome apply(ScimRequest r, BiFunction<CurrentMirror, Versions, List<SourceEvent>> compute) {
        return apply(new WriteBatch.Deferred(r, compute, o -> { }));
    }

    /** What a write did, and the user it wrote as stored, read in the write's own transaction. */
    record Written(Outcome outcome, Optional<MirrorUser> user) {
    }

    /**
     * {@link #apply}, then reads the user {@code key} as the write left it, in the same transaction: the answer to
     * a creation without a read transaction of its own after the commit.
     */
    Written applyAndRead(ScimRequest r, BiFunction<CurrentMirror, Versions, List<SourceEvent>> compute,
                         DirectoryUserKey key) {
        WriteBatch.Deferred d = new WriteBatch.Deferred(r, compute, o -> { });
        d.readBack = key;
        Outcome o = apply(d);
        return new Written(o, d.read);
    }

    private Outcome apply(WriteBatch.Deferred d) {
        ScimRequest r = d.request;
        Optional<Outcome> taken;
        try {
            taken = takeTogether(r.organizationId(), List.of(d)).get(0);
        } catch (StateStoreUnavailableException e) {
            throw ScimError.unavailable(e);
        }
        if (d.refusal != null) {
            throw d.refusal;
        }
        Outcome o = taken.orElse(new Outcome.Applied("", List.of()));
        if (o instanceof Outcome.Rejected rejected) {
            throw new ScimError(400, ScimType.RFC7644.INVALID_VALUE, rejected.reason());
        }
        if (!d.events.isEmpty()) {
            quotas.admitted(r.organizationId(), d.events);
        }
        return o;
    }

    /**
     * Takes held writes of one organization in one transaction ({@link WriteBatch}); each is computed, checked and
     * answered as {@link #apply} would, and one refused leaves the others applied. If the transaction as a whole
     * fails (a write that cannot be applied), each is taken again in a transaction of its own, so it fails alone.
     */
    List<WriteBatch.Done> applyEach(List<WriteBatch.Deferred> held) {
        if (held.isEmpty()) {
            return List.of();
        }
        String organizationId = held.get(0).request.organizationId();
        List<Optional<Outcome>> outcomes;
        try {
            outcomes = takeTogether(organizationId, held);
        } catch (StateStoreUnavailableException e) {
            ScimError unavailable = ScimError.unavailable(e);
            return held.stream().map(d -> new WriteBatch.Done(null, unavailable)).toList();
        } catch (RuntimeException e) {
            return held.stream().map(this::applyAlone).toList();
        }
        List<WriteBatch.Done> out = new java.util.ArrayList<>(held.size());
        for (int i = 0; i < held.size(); i++) {
            WriteBatch.Deferred d = held.get(i);
            out.add(d.refusal != null ? new WriteBatch.Done(null, ScimError.of(d.refusal))
                    : done(d, outcomes.get(i).orElse(new Outcome.Applied("", List.of())), true));
        }
        return out;
    }

    /**
     * The engine's computations for these writes, taken in one transaction with the organization's other waiting
     * writes: a write refused by its computation (a SCIM error: userName taken, quota, lost race) records why in
     * {@code refusal} and takes nothing, so the others still apply; anything else fails the transaction.
     */
    private List<Optional<Outcome>> takeTogether(String organizationId, List<WriteBatch.Deferred> held) {
        List<java.util.function.Function<CurrentMirror, List<SourceEvent>>> computations = new java.util.ArrayList<>();
        for (WriteBatch.Deferred d : held) {
            if (!d.request.organizationId().equals(organizationId)) {
                throw new IllegalArgumentException("a write batch holds one organization's writes");
            }
            computations.add(cur -> {
                d.refusal = null; // a store may run the transaction again: each run starts over
                d.events = List.of();
                d.read = Optional.empty();
                try {
                    List<SourceEvent> events = d.compute.apply(cur, new Versions(organizationId,
                            d.request.directoryId(), d.request.source(), cur.now()));
                    if (!events.isEmpty()) {
                        quotas.check(organizationId, events); // 403 past the organization's quota
                    }
                    d.events = events;
                    return events;
                } catch (de.captaingoldfish.scim.sdk.common.exceptions.ScimException refused) {
                    d.refusal = refused; // this one is answered with its error; the others go on
                    return List.of();
                }
            });
            if (d.readBack != null) {
                DirectoryUserKey key = d.readBack;
                // sees the mirror as the write before it left it; takes nothing
                computations.add(cur -> {
                    d.read = d.refusal == null ? cur.mirror().findUser(key) : Optional.empty();
                    return List.of();
                });
            }
        }
        List<Optional<Outcome>> taken = sync.acceptComputedEach(organizationId, computations);
        List<Optional<Outcome>> out = new java.util.ArrayList<>(held.size());
        int i = 0;
        for (WriteBatch.Deferred d : held) {
            out.add(taken.get(i));
            i += d.readBack == null ? 1 : 2;
        }
        return out;
    }

    /** A held write in a transaction of its own. */
    private WriteBatch.Done applyAlone(WriteBatch.Deferred d) {
        try {
            Outcome o = apply(d.request, (cur, v) -> {
                d.events = d.compute.apply(cur, v);
                return d.events;
            });
            return done(d, o, false); // apply counted it against the quotas
        } catch (RuntimeException e) {
            return new WriteBatch.Done(null, ScimError.of(e));
        }
    }

    /** The answer to a held write that was taken: its version, unless its outcome is refused. */
    private WriteBatch.Done done(WriteBatch.Deferred d, Outcome o, boolean admit) {
        if (o instanceof Outcome.Rejected rejected) {
            return new WriteBatch.Done(null, new ScimError(400, ScimType.RFC7644.INVALID_VALUE, rejected.reason()));
        }
        if (admit && !d.events.isEmpty()) {
            quotas.admitted(d.request.organizationId(), d.events);
        }
        try {
            d.check.accept(o);
        } catch (RuntimeException e) {
            return new WriteBatch.Done(null, ScimError.of(e));
        }
        return new WriteBatch.Done(d.events.isEmpty() ? null : d.events.get(0).meta().version(), null);
    }

    /**
     * Refuses a write based on an older version of the resource.
     *
     * @param read the ETag of the version this request read and changed (PATCH), or null (PUT: the client's body
     *        replaces the resource whatever its version, unless it sent If-Match)
     * @param ifMatch the client's If-Match, or null
     * @throws ScimError.LostRace if another write came between this request's read and now
     */
    static void requireVersion(@Nullable String read, @Nullable String ifMatch, SourceVersion current) {
        if (read != null && !read.equals(Versions.etag(current))) {
            throw new ScimError.LostRace();
        }
        requireIfMatch(ifMatch, current);
    }

    /**
     * A PUT body may repeat the resource's id (Okta does) but not name another: id is read-only (RFC 7643 §3.1), so
     * a different one is 400 mutability rather than silently ignored.
     */
    static void requireOwnId(@Nullable String body, String id) {
        if (body == null) {
            return;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode sent = ScimJson.MAPPER.readTree(body).get("id");
            if (sent != null && !sent.isNull() && !sent.asText().equals(id)) {
                throw new ScimError(400, ScimType.RFC7644.MUTABILITY, "the body's id '" + sent.asText() + "' is not "
                        + "the id of the resource at this URL ('" + id + "'); id is read-only");
            }
        } catch (java.io.IOException e) {
            // SCIM-SDK parsed this body already
        }
    }

    /** 412 if the client's If-Match names another version than the current one ({@code *} matches any). */
    static void requireIfMatch(@Nullable String ifMatch, SourceVersion current) {
        String now = Versions.etag(current);
        if (ifMatch != null && !ifMatch.isBlank() && !ifMatch.trim().equals("*")
                && !ETag.parseETag(ifMatch.trim()).getEntityTag().equals(now)) {
            throw new PreconditionFailedException("If-Match " + ifMatch + " does not match the current version " + now);
        }
    }

    static String header(Context ctx, String name) {
        if (ctx.getUriInfos() == null || ctx.getUriInfos().getHttpHeaders() == null) {
            return null;
        }
        for (Map.Entry<String, String> e : ctx.getUriInfos().getHttpHeaders().entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** meta of a resource served from a mirror row: version from the row, not from the content. */
    static Meta meta(String resourceType, Instant created, SourceVersion version) {
        Meta m = Meta.builder().resourceType(resourceType).created(created).lastModified(version.time()).build();
        m.setVersion(ETag.builder().weak(true).tag(Versions.tag(version)).build());
        return m;
    }
}
