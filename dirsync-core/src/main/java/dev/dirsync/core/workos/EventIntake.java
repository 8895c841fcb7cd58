package dev.dirsync.core.workos;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.RouteChanged;
import dev.dirsync.core.outcome.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** Takes one WorkOS event envelope (webhook or Events API) into dirsync: translate, hold, ignore or accept. */
final class EventIntake {
    private static final Logger log = LoggerFactory.getLogger(EventIntake.class);

    private final DirectorySync sync;
    private final EventTranslator translator;

    EventIntake(DirectorySync sync) {
        this.sync = sync;
        this.translator = new EventTranslator(sync);
    }

    /** What happened to an event. */
    sealed interface Result {
        String eventId();

        /** Engine took it; {@code outcome} says how. */
        record Taken(String eventId, String type, Outcome outcome) implements Result {
        }

        /** Acknowledged without effect (unknown type, or an organization no tenant owns). */
        record Skipped(String eventId, String type, String reason) implements Result {
        }

        /** A {@code dsync.activated} kept until the WorkOS organization is linked to a tenant. */
        record Held(String eventId, String workosOrganizationId) implements Result {
        }

        /** Unreadable: a retry will not help. */
        record Invalid(String eventId, String reason) implements Result {
        }

        /** Stored in the inbox to apply next ({@code stored} false: it was stored already, by any instance). */
        record Queued(String eventId, String type, boolean stored) implements Result {
        }
    }

    /**
     * Intake {@code inbox}: an event that translates for an owned organization is stored (one insert) instead of
     * taken; everything else is answered as {@link #take} answers it, since none of it writes the mirror.
     */
    Result store(Map<String, Object> envelope, String payload, WebhookInbox inbox) {
        EventTranslator.Translation t = translator.translate(envelope);
        if (t instanceof EventTranslator.Translation.Translated tr) {
            String eventId = tr.event().meta().eventId();
            return new Result.Queued(eventId, tr.type(), inbox.store(eventId, tr.event().meta().organizationId(), payload));
        }
        return notTaken(envelope, t);
    }

    /**
     * A stored delivery translated again to be applied (translation is pure and cheap; the owner comes from the
     * cache and is checked under the organization's lock). Empty, dropping it without effect, if it no longer
     * reads as an event of an owned organization; an event now routed elsewhere is refused by its check.
     */
    java.util.Optional<dev.dirsync.core.InboxDrain.Routed> routed(dev.dirsync.core.state.InboxEntry entry) {
        Map<String, Object> envelope;
        try {
            envelope = Json.parseObject(entry.payload());
        } catch (IllegalArgumentException e) {
            log.warn("stored WorkOS event {} is not JSON any more; dropped: {}", entry.eventId(), e.getMessage());
            return java.util.Optional.empty();
        }
        EventTranslator.Translation t = translator.translate(envelope);
        if (t instanceof EventTranslator.Translation.Translated tr) {
            java.util.function.Predicate<dev.dirsync.core.model.Organization> routed =
                    tr.event().meta().organizationId().equals(entry.organizationId()) ? tr.routed() : org -> false;
            return java.util.Optional.of(new dev.dirsync.core.InboxDrain.Routed(tr.event(), routed));
        }
        log.warn("stored WorkOS event {} no longer translates for organization {} ({}); dropped without effect",
                entry.eventId(), entry.organizationId(), t);
        return java.util.Optional.empty();
    }

    /** Forgets the cached owner of the WorkOS organization a stored delivery names (its route was refused). */
    void forgetRoute(String payload) {
        try {
            String workosOrg = EventTranslator.workosOrganizationId(Json.parseObject(payload));
            if (workosOrg != null) {
                translator.forget(workosOrg);
            }
        } catch (IllegalArgumentException e) {
            // not JSON: nothing was cached for it
        }
    }

    Result take(Map<String, Object> envelope) {
        EventTranslator.Translation t = translator.translate(envelope);
        if (t instanceof EventTranslator.Translation.Translated tr) {
            try {
                return taken(tr);
            } catch (RouteChanged e) {
                // routed from a cached owner that no longer owns the WorkOS organization: route again from the
                // store, once (a second refusal propagates: the delivery fails and WorkOS sends it again)
                translator.forget(tr.workosOrganizationId());
                t = translator.translate(envelope);
                if (t instanceof EventTranslator.Translation.Translated again) {
                    return taken(again);
                }
            }
        }
        return notTaken(envelope, t);
    }

    private Result taken(EventTranslator.Translation.Translated tr) {
        return new Result.Taken(tr.event().meta().eventId(), tr.type(), sync.accept(tr.event(), tr.routed()));
    }

    private Result notTaken(Map<String, Object> envelope, EventTranslator.Translation t) {
        if (t instanceof EventTranslator.Translation.Translated) {
            throw new IllegalArgumentException("a translated event is taken, not skipped");
        } else if (t instanceof EventTranslator.Translation.Ignored ig) {
            log.info("WorkOS event {} of type {} ignored: dirsync handles only dsync.* directory events",
                    ig.eventId(), ig.type());
            return new Result.Skipped(ig.eventId(), ig.type(), "not a Directory Sync event");
        } else if (t instanceof EventTranslator.Translation.Unowned un) {
            return unowned(envelope, un);
        } else if (t instanceof EventTranslator.Translation.Invalid inv) {
            log.warn("WorkOS event {} cannot be read: {}", inv.eventId(), inv.reason());
            return new Result.Invalid(inv.eventId() == null ? "(no id)" : inv.eventId(), inv.reason());
        }
        throw new IllegalStateException("unhandled EventTranslator.Translation subtype " + t.getClass().getName());
    }

    private Result unowned(Map<String, Object> envelope, EventTranslator.Translation.Unowned un) {
        String workosOrg = un.workosOrganizationId();
        if (workosOrg == null) {
            log.warn("WorkOS event {} ({}) of directory {} names no WorkOS organization; acknowledged without "
                    + "effect. Attach the directory to an organization in WorkOS.", un.eventId(), un.type(),
                    un.directoryId());
            return new Result.Skipped(un.eventId(), un.type(), "no WorkOS organization");
        }
        if (un.type().equals("dsync.activated")) {
            sync.checkpoints(cp -> {
                PendingActivations.hold(cp, workosOrg, envelope);
                return null;
            });
            log.info("Directory {} was activated for WorkOS organization {}, which no organization owns yet; held "
                    + "until you link it (WorkosSetup.link)", un.directoryId(), workosOrg);
            return new Result.Held(un.eventId(), workosOrg);
        }
        if (un.type().equals("dsync.deleted") && un.directoryId() != null) {
            String dir = un.directoryId();
            sync.checkpoints(cp -> {
                PendingActivations.dropDirectory(cp, workosOrg, dir);
                return null;
            });
        }
        log.info("WorkOS event {} ({}) is for WorkOS organization {}, which no organization owns; acknowledged. "
                + "After linking it, a first sync (WorkosSource.importer()) brings the directory's current state.",
                un.eventId(), un.type(), workosOrg);
        return new Result.Skipped(un.eventId(), un.type(), "WorkOS organization " + workosOrg + " is not linked");
    }
}
