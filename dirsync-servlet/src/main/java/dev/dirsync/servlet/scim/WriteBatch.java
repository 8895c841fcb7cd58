package dev.dirsync.servlet.scim;

import dev.dirsync.core.CurrentMirror;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.SourceVersion;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.core.outcome.Outcome;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The user creations of one {@code /Bulk} request, held and then taken together in one write transaction
 * ({@link Writes#applyEach}) instead of one transaction each: a first sync by {@code /Bulk} pays one lock and one
 * commit per batch. Each creation is still computed, checked (userName uniqueness, quotas) and answered on its
 * own, and one refused never fails the others. Made per request; never shared.
 */
final class WriteBatch {
    /** Creations per transaction: amortizes the commit while keeping the organization's lock short. */
    static final int MAX = 100;

    private final Writes writes;
    private final List<Deferred> pending = new ArrayList<>();

    WriteBatch(Writes writes) {
        this.writes = writes;
    }

    /** One held write: what it computes, and what its outcome must pass (the sole-admin guard's answer). */
    static final class Deferred {
        final ScimRequest request;
        final BiFunction<CurrentMirror, Versions, List<SourceEvent>> compute;
        final Consumer<Outcome> check;
        /** Set by the last run of the computation (a store may run a transaction again). */
        @Nullable RuntimeException refusal;
        List<SourceEvent> events = List.of();
        /** A user to read in the write's own transaction once its events are applied, or null. */
        @Nullable DirectoryUserKey readBack;
        /** That user as the write left it (empty if refused or not found); set by the last run. */
        java.util.Optional<MirrorUser> read = java.util.Optional.empty();

        Deferred(ScimRequest request, BiFunction<CurrentMirror, Versions, List<SourceEvent>> compute,
                 Consumer<Outcome> check) {
            this.request = request;
            this.compute = compute;
            this.check = check;
        }
    }

    /** What became of a held write: the version it wrote (null if it changed nothing), or why it was refused. */
    record Done(@Nullable SourceVersion version, @Nullable ScimError error) {
    }

    /** Holds a write until {@link #flush}; {@code check} throws a ScimError to refuse its outcome. */
    void defer(ScimRequest r, BiFunction<CurrentMirror, Versions, List<SourceEvent>> compute, Consumer<Outcome> check) {
        pending.add(new Deferred(r, compute, check));
    }

    /** Forgets the write held last (its operation was answered with an error after all). */
    void dropLast() {
        pending.remove(pending.size() - 1);
    }

    int size() {
        return pending.size();
    }

    /** Takes the held writes, in the order they were held; one answer each, in that order. */
    List<Done> flush() {
        List<Deferred> taken = List.copyOf(pending);
        pending.clear();
        return writes.applyEach(taken);
    }
}
